"""Reviewers hear of what awaits them, providers of the Center's decisions (issue 13, item 12): an e-mail in each
person's own language and a notification in the portal that only they see."""

import pytest
from django.core import mail
from django.template import Context, Template
from django.urls import reverse

from apps.accounts.models import Notification
from apps.programmes import services as programmes
from apps.providers import authorizing
from tests.factories import NotificationFactory, ReviewerFactory, UserFactory
from tests.helpers import complete_application, new_complete_version
from tests.providers.test_admin_in_georgian import assert_georgian

pytestmark = pytest.mark.django_db


@pytest.fixture
def reviewers(db):
    return {
        "ka": ReviewerFactory(email="nino@eqe.ge", preferred_language="ka"),
        "en": ReviewerFactory(email="anna@eqe.ge", preferred_language="en"),
    }


def mail_to(address):
    (message,) = [m for m in mail.outbox if m.to == [address]]
    return message


def test_submitting_an_application_mails_every_reviewer_in_their_language_and_notifies_them(
    reviewers,
    provider_a,
    admin_a,
    learner,
    django_capture_on_commit_callbacks,
):
    application = complete_application(provider_a, admin_a)
    with django_capture_on_commit_callbacks(execute=True):
        authorizing.application_submit(application=application, acting_user=admin_a)

    link = reverse("admin:providers_authorizationapplication_change", args=[application.pk])
    georgian, english = mail_to("nino@eqe.ge"), mail_to("anna@eqe.ge")
    assert georgian.subject == "ავტორიზაციის განაცხადი: ალფა უნივერსიტეტი"
    assert "განაცხადი განხილვას ელოდება" in georgian.body and link in georgian.body
    assert english.subject == "Application for authorization from Alpha University"
    assert "The application awaits review." in english.body and link in english.body
    assert len(mail.outbox) == 2  # the reviewers, nobody else

    for reviewer in reviewers.values():
        (notification,) = Notification.objects.filter(recipient=reviewer)
        assert notification.kind == "application_submitted" and notification.link == link
        assert notification.message_ka == georgian.subject and notification.message_en == english.subject
    assert not Notification.objects.filter(recipient__in=[learner, admin_a]).exists()


def test_submitting_a_programme_mails_every_reviewer_in_their_language_and_notifies_them(
    reviewers,
    reviewer,
    authorized_a,
    author,
    django_capture_on_commit_callbacks,
):
    version = new_complete_version(authorized_a, author)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        programmes.version_submit(version=version, acting_user=author)

    link = reverse("admin:programmes_programmeversion_change", args=[version.pk])
    georgian, english = mail_to("nino@eqe.ge"), mail_to("anna@eqe.ge")
    assert georgian.subject == "განსახილველად წარდგენილი პროგრამა: ქსელების ადმინისტრირება (ალფა უნივერსიტეტი)"
    assert english.subject == "Programme submitted for review: Network Administration (Alpha University)"
    assert link in georgian.body and link in english.body
    everyone = {reviewer, *reviewers.values()}  # the one who authorized the provider too
    assert {n.recipient for n in Notification.objects.filter(kind="programme_submitted", link=link)} == everyone
    assert sorted(address for m in mail.outbox for address in m.to) == sorted(r.email for r in everyone)


def test_the_centers_decision_reaches_the_providers_admin_in_the_portal_too(
    reviewers,
    provider_a,
    admin_a,
    django_capture_on_commit_callbacks,
):
    application = complete_application(provider_a, admin_a)
    authorizing.application_submit(application=application, acting_user=admin_a)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        authorizing.application_decide(
            application=application, reviewer=reviewers["ka"], outcome="rejected", reasons_ka="არა.", reasons_en="No."
        )

    (notification,) = Notification.objects.filter(recipient=admin_a)
    assert notification.kind == "authorization_decision"
    assert notification.link == reverse("providers:decisions", args=[provider_a.pk])
    assert [m.subject for m in mail.outbox] == [notification.message_ka]  # the admin reads Georgian


def notify(user, message, link="/registry/programmes/"):
    return NotificationFactory(recipient=user, message_ka=message, message_en=f"{message} (en)", link=link)


def test_the_page_lists_ones_own_notifications_only(ka, learner):
    mine = notify(learner, "ჩემი შეტყობინება")
    notify(UserFactory(), "სხვისი შეტყობინება")
    ka.force_login(learner)

    page = ka.get(reverse("accounts:notifications"))

    body = page.content.decode()
    assert page.status_code == 200
    assert "ჩემი შეტყობინება" in body and "სხვისი შეტყობინება" not in body
    assert reverse("accounts:notification_read", args=[mine.pk]) in body
    assert "წაკითხულად მონიშვნა" in body
    assert_georgian(page)


def test_ones_notifications_are_in_ones_data_download(client, learner):
    notify(learner, "ჩემი შეტყობინება")
    notify(UserFactory(), "სხვისი შეტყობინება")
    client.force_login(learner)

    data = client.get(reverse("accounts:data_export")).json()

    assert [n["message_ka"] for n in data["notifications"]] == ["ჩემი შეტყობინება"]


def test_only_the_recipient_reads_a_notification(client, learner):
    theirs = notify(UserFactory(), "სხვისი შეტყობინება")
    mine = notify(learner, "ჩემი შეტყობინება", link="/registry/providers/")
    client.force_login(learner)

    assert client.post(reverse("accounts:notification_read", args=[theirs.pk])).status_code == 404
    theirs.refresh_from_db()
    assert theirs.read_at is None

    opened = client.post(reverse("accounts:notification_read", args=[mine.pk]), {"open": "1"})
    assert opened.status_code == 302 and opened.url == "/registry/providers/"
    mine.refresh_from_db()
    assert mine.read_at is not None


def test_the_header_counts_the_unread_ones_in_one_query(ka, learner, django_assert_num_queries):
    for number in range(3):
        notify(learner, f"შეტყობინება {number}")
    notify(UserFactory(), "სხვისი")
    ka.force_login(learner)

    header = ka.get("/").content.decode()
    assert '<span class="notification-count">3</span>' in header
    assert f'href="{reverse("accounts:notifications")}"' in header

    with django_assert_num_queries(1):
        Template("{% include 'accounts/includes/notifications_link.html' %}").render(Context({"user": learner}))

    ka.post(reverse("accounts:notifications"))  # mark all as read
    assert "notification-count" not in ka.get("/").content.decode()
    assert Notification.objects.filter(recipient=learner, read_at__isnull=True).count() == 0


def test_a_visitor_has_no_notifications_link(ka):
    assert "notifications-link" not in ka.get("/").content.decode()
