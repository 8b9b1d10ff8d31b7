"""A learner's way in, as they meet it in Georgian (issue 13, items 14 and 15).

Item 14: a person invited by staff signs up from the invitation's link in one step: the link proves the address
(no confirmation e-mail, no stop at the next login), the privacy notice is accepted on the way, they are signed in
and enrolled, and no page on the way is titled "Change password".
Item 15: the certificate prints the date of birth, so whoever enrols without one on record (self-enrolment, or
accepting an invitation) is asked for it first, and it is saved to their account.
"""

import datetime
import re

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.test import Client

from apps.enrolments import services
from apps.enrolments.models import Enrolment

pytestmark = pytest.mark.django_db

PASSWORD = "mtskheta-svetitskhoveli-1010"


def georgian_client():
    client = Client()
    client.cookies["django_language"] = "ka"
    return client


def text(response):
    return response.content.decode()


def title(response):
    return re.search(r"<title>(.*?)</title>", text(response), re.S).group(1).strip()


def invite(offering, admin, email="keti.gogua@example.ge", **person):
    return services.enrolment_invite(
        offering=offering, acting_user=admin, person={"email": email, **person}, funding_source="state_grant"
    )


def newcomer_form(**overrides):
    return {
        "answer": "accept",
        "first_name_ka": "ქეთი",
        "last_name_ka": "გოგუა",
        "first_name_en": "Keti",
        "last_name_en": "Gogua",
        "date_of_birth": "2001-02-03",
        "preferred_language": "ka",
        "password": PASSWORD,
        "accept_privacy": "on",
        **overrides,
    }


# --- Item 14: one link, one step --------------------------------------------------------------------------------


def test_a_newcomer_signs_up_from_the_invitation_in_one_step_and_is_never_asked_to_confirm(
    offering, admin_a, django_capture_on_commit_callbacks
):
    invitation = invite(offering, admin_a, first_name_en="Keti", last_name_en="Gogua")
    path = f"/learner/invitations/{invitation.token}/"
    client = georgian_client()

    page = client.get(path)
    assert "ჩარიცხვის მოწვევა" in title(page) and "პაროლ" not in title(page)
    body = text(page)
    # The privacy notice is accepted on the way, with the notice one click away, as at sign-up.
    assert 'name="accept_privacy"' in body and 'href="/privacy/"' in body
    assert 'name="date_of_birth"' in body and 'type="date"' in body

    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        accepted = client.post(path, newcomer_form(), follow=True)

    assert accepted.redirect_chain[-1][0] == "/learner/"
    assert "თქვენ ჩაირიცხეთ." in text(accepted) and title(accepted).startswith("ჩემი სწავლა")
    user = get_user_model().objects.get(email="keti.gogua@example.ge")
    assert user.privacy_accepted_at is not None
    assert user.date_of_birth == datetime.date(2001, 2, 3)
    assert user.emailaddress_set.get().verified
    assert Enrolment.objects.get(learner=user).status == "enrolled"
    assert mail.outbox == []  # no "confirm your e-mail address": the link already did

    # Later, on another day: log out, log in, straight to the learning, no confirmation stop.
    client.post("/account/logout/")
    login = client.post("/account/login/", {"login": "Keti.Gogua@example.ge", "password": PASSWORD})
    assert (login.status_code, login.url) == (302, "/learner/")
    assert mail.outbox == []


def test_the_privacy_notice_must_be_accepted(offering, admin_a):
    invitation = invite(offering, admin_a)
    form = newcomer_form()
    del form["accept_privacy"]
    page = georgian_client().post(f"/learner/invitations/{invitation.token}/", form)
    assert page.status_code == 200
    assert "ანგარიშის შესაქმნელად უნდა დაეთანხმოთ კონფიდენციალურობის შეტყობინებას" in text(page)
    assert not get_user_model().objects.filter(email="keti.gogua@example.ge").exists()


def test_a_weak_password_is_refused_at_the_field_and_nothing_is_created(offering, admin_a):
    invitation = invite(offering, admin_a)
    page = georgian_client().post(f"/learner/invitations/{invitation.token}/", newcomer_form(password="1234567890"))
    assert page.status_code == 200
    assert "ეს პაროლი ხშირად გამოიყენება." in page.context["form"].errors["password"]
    assert not get_user_model().objects.filter(email="keti.gogua@example.ge").exists()
    assert not Enrolment.objects.exists()


def test_the_page_to_choose_a_new_password_is_titled_so(learner, django_capture_on_commit_callbacks):
    """The e-mailed link of a forgotten password leads to "choose a new password", not "change password"."""
    client = georgian_client()
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/account/password/reset/", {"email": learner.email})
    path = re.search(r"https?://[^/\s]+(/account/password/reset/key/\S+/)", mail.outbox[0].body).group(1)
    page = client.get(path, follow=True)
    assert title(page).startswith("ახალი პაროლის არჩევა")
    assert "პაროლის შეცვლა" not in text(page)
    done = client.post(page.redirect_chain[-1][0], {"password1": PASSWORD, "password2": PASSWORD}, follow=True)
    assert title(done).startswith("ახალი პაროლი შენახულია")


# --- Item 15: the date of birth, asked when missing ------------------------------------------------------------


@pytest.fixture
def georgian_learner(learner):
    client = georgian_client()
    client.force_login(learner)
    return client


def test_self_enrolment_asks_the_date_of_birth_once_when_the_account_has_none(offering, learner, georgian_learner):
    asked = georgian_learner.post(f"/learner/enrol/{offering.pk}/", {"funding_source": "state_grant"})

    assert asked.status_code == 200 and not Enrolment.objects.exists()
    body = text(asked)
    assert "თქვენს სერტიფიკატზე დაიბეჭდება დაბადების თარიღი" in body
    assert 'name="date_of_birth"' in body and "errorlist" not in body  # asked, not scolded
    assert asked.context["form"]["funding_source"].value() == "state_grant"

    done = georgian_learner.post(
        f"/learner/enrol/{offering.pk}/", {"funding_source": "state_grant", "date_of_birth": "1998-05-17"}
    )
    assert (done.status_code, done.url) == (302, "/learner/")
    learner.refresh_from_db()
    assert learner.date_of_birth == datetime.date(1998, 5, 17)
    assert Enrolment.objects.get(learner=learner).funding_source == "state_grant"


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("2001-02-30", "შეიყვანეთ სწორი თარიღი."),
        ((datetime.date.today() + datetime.timedelta(days=3)).isoformat(), "დაბადების თარიღი მომავალში ვერ იქნება."),
        (f"{datetime.date.today().year - 3}-01-01", "შეამოწმეთ წელი: მსმენელი სულ მცირე 14 წლისაა."),
        ("1890-06-01", "შეამოწმეთ წელი: ამ თარიღით ასაკი 100 წელს აღემატება."),
        ("", "ეს ველი აუცილებელია."),
    ],
)
def test_a_wrong_date_of_birth_is_refused_at_the_field(offering, learner, georgian_learner, typed, message):
    page = georgian_learner.post(f"/learner/enrol/{offering.pk}/", {"funding_source": "self", "date_of_birth": typed})

    assert page.status_code == 200
    assert page.context["form"].errors["date_of_birth"] == [message]
    assert message in text(page)
    learner.refresh_from_db()
    assert learner.date_of_birth is None and not Enrolment.objects.exists()


def test_the_date_of_birth_is_not_kept_when_the_enrolment_fails(offering, admin_a, learner, georgian_learner):
    yesterday = datetime.date.today() - datetime.timedelta(days=1)
    services.offering_update(offering=offering, acting_user=admin_a, data={"enrolment_closes": yesterday})
    refused = georgian_learner.post(
        f"/learner/enrol/{offering.pk}/", {"funding_source": "self", "date_of_birth": "1998-05-17"}, follow=True
    )
    assert "ამ ნაკადში ჩარიცხვა დასრულებულია." in text(refused)
    learner.refresh_from_db()
    assert learner.date_of_birth is None and not Enrolment.objects.exists()


def test_a_learner_with_a_date_of_birth_enrols_in_one_click(offering, learner, georgian_learner):
    learner.date_of_birth = datetime.date(1998, 5, 17)
    learner.save()
    assert georgian_learner.get(f"/learner/enrol/{offering.pk}/").status_code == 302
    done = georgian_learner.post(f"/learner/enrol/{offering.pk}/", {"funding_source": "self"})
    assert (done.status_code, done.url) == (302, "/learner/")


def test_accepting_an_invitation_asks_the_date_of_birth_when_the_account_has_none(
    offering, admin_a, learner, georgian_learner
):
    invitation = invite(offering, admin_a, email=learner.email, date_of_birth=datetime.date(1997, 9, 9))
    path = f"/learner/invitations/{invitation.token}/"

    # The one-click "accept" of the learner area lands on the invitation, which asks, prefilled with what the
    # provider typed, for the learner to check.
    asked = georgian_learner.post(path, {"answer": "accept"})
    assert asked.status_code == 200 and not Enrolment.objects.exists()
    assert asked.context["form"]["date_of_birth"].value() == datetime.date(1997, 9, 9)
    assert "errorlist" not in text(asked)

    wrong = georgian_learner.post(path, {"answer": "accept", "date_of_birth": "2090-01-01"})
    assert wrong.context["form"].errors["date_of_birth"] == ["დაბადების თარიღი მომავალში ვერ იქნება."]
    assert not Enrolment.objects.exists()

    done = georgian_learner.post(path, {"answer": "accept", "date_of_birth": "1997-09-10"})
    assert (done.status_code, done.url) == (302, "/learner/")
    learner.refresh_from_db()
    assert learner.date_of_birth == datetime.date(1997, 9, 10)
    assert Enrolment.objects.get(learner=learner).source == "invitation"


def test_declining_never_asks_the_date_of_birth(offering, admin_a, learner, georgian_learner):
    invitation = invite(offering, admin_a, email=learner.email)
    declined = georgian_learner.post(f"/learner/invitations/{invitation.token}/", {"answer": "decline"})
    assert (declined.status_code, declined.url) == (302, "/learner/")
    invitation.refresh_from_db()
    assert invitation.status == "declined"


def test_a_newcomer_must_give_a_plausible_date_of_birth(offering, admin_a):
    invitation = invite(offering, admin_a)
    page = georgian_client().post(
        f"/learner/invitations/{invitation.token}/", newcomer_form(date_of_birth="1850-01-01")
    )
    assert page.context["form"].errors["date_of_birth"] == ["შეამოწმეთ წელი: ამ თარიღით ასაკი 100 წელს აღემატება."]
    assert not get_user_model().objects.filter(email="keti.gogua@example.ge").exists()
