"""NCEQE in the admin: the review queue, the documents, decisions with reasons, history that nobody edits."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from apps.providers import authorizing
from apps.providers.models import AuthorizationApplication, AuthorizationDecision
from tests.helpers import authorize, complete_application

pytestmark = pytest.mark.django_db


@pytest.fixture
def submitted(provider_a, admin_a):
    application = complete_application(provider_a, admin_a, fields=("0612", "0613"))
    return authorizing.application_submit(application=application, acting_user=admin_a)


def test_the_queue_lists_applications_awaiting_review_with_filters(client, reviewer, submitted, provider_b, admin_b):
    complete_application(provider_b, admin_b)  # a draft: not in the "submitted" filter
    client.force_login(reviewer)
    client.cookies["django_language"] = "en"

    page = client.get(reverse("admin:providers_authorizationapplication_changelist"), {"status__exact": "submitted"})

    body = page.content.decode()
    assert page.status_code == 200
    assert submitted.provider.short_name in body and provider_b.short_name not in body
    for filter_title in ("By status", "By waiting time", "By field of study", "By NQF levels"):
        assert filter_title in body
    assert (
        client.get(reverse("admin:providers_authorizationapplication_changelist"), {"waiting": "7"}).status_code == 200
    )


def test_a_reviewer_reads_the_documents(client, reviewer, submitted):
    client.force_login(reviewer)
    page = client.get(reverse("admin:providers_authorizationapplication_change", args=[submitted.pk]))
    document = submitted.documents.get()
    assert reverse("providers:document", args=[document.pk]) in page.content.decode()
    pdf = client.get(reverse("providers:document", args=[document.pk]))
    assert pdf["Content-Type"] == "application/pdf" and b"".join(pdf.streaming_content).startswith(b"%PDF-")


def test_a_reviewer_takes_up_and_authorizes_an_application_in_the_admin(client, reviewer, submitted):
    client.force_login(reviewer)
    client.post(reverse("admin:providers_application_start_review", args=[submitted.pk]))
    submitted.refresh_from_db()
    assert submitted.status == "under_review"

    today = timezone.localdate()
    response = client.post(
        reverse("admin:providers_application_decide", args=[submitted.pk]),
        {
            "outcome": "authorized",
            "reasons_ka": "აკმაყოფილებს.",
            "reasons_en": "Meets the standards.",
            "valid_from": today.isoformat(),
            "valid_until": (today + datetime.timedelta(days=365 * 5)).isoformat(),
            "levels": ["6"],
            "fields_of_study": ["0612"],
        },
    )
    assert response.status_code == 302
    decision = AuthorizationDecision.objects.get()
    assert decision.outcome == "authorized" and decision.decided_by == reviewer
    assert [level.level for level in decision.levels.all()] == [6]  # the reviewer narrowed the scope
    submitted.refresh_from_db()
    assert submitted.status == "authorized"


def test_deciding_without_reasons_shows_the_error_on_the_form_in_georgian(client, reviewer, submitted):
    client.force_login(reviewer)
    client.cookies["django_language"] = "ka"
    response = client.post(reverse("admin:providers_application_decide", args=[submitted.pk]), {"outcome": "rejected"})
    assert response.status_code == 200
    assert "მიუთითეთ დასაბუთება ქართულად." in response.content.decode()
    assert not AuthorizationDecision.objects.exists()


def test_decisions_cannot_be_edited_or_deleted_in_the_admin(client, reviewer, superuser_factory, provider_a, admin_a):
    decision = authorize(provider_a, admin_a, reviewer)
    root = superuser_factory()
    client.force_login(root)
    url = reverse("admin:providers_authorizationdecision_change", args=[decision.pk])
    assert client.post(url, {"reasons_en": "rewritten"}).status_code == 403
    assert client.post(reverse("admin:providers_authorizationdecision_delete", args=[decision.pk])).status_code == 403


def test_a_reviewer_suspends_an_authorization_with_reasons(client, reviewer, provider_a, admin_a):
    authorization = authorize(provider_a, admin_a, reviewer)
    client.force_login(reviewer)
    response = client.post(
        reverse("admin:providers_decision_change_status", args=[authorization.pk]),
        {
            "outcome": "suspended",
            "effective_from": timezone.localdate().isoformat(),
            "reasons_ka": "დარღვევა.",
            "reasons_en": "A breach.",
        },
    )
    assert response.status_code == 302
    assert authorization.status_changes.get().outcome == "suspended"


def test_the_history_of_an_application_is_readable(client, reviewer, submitted):
    client.force_login(reviewer)
    page = client.get(reverse("admin:providers_authorizationapplication_history", args=[submitted.pk]))
    assert page.status_code == 200
    assert "წარდგენილი" in page.content.decode()  # the status by its label


def test_the_waiting_time_filter_and_the_days_waiting_count_from_submission(client, reviewer, submitted):
    AuthorizationApplication.objects.filter(pk=submitted.pk).update(
        submitted_at=timezone.now() - datetime.timedelta(days=10)
    )
    client.force_login(reviewer)
    changelist = reverse("admin:providers_authorizationapplication_changelist")
    over_a_week = client.get(changelist, {"waiting": "7"}).content.decode()
    assert submitted.provider.short_name in over_a_week
    assert '<td class="field-waiting_days">10</td>' in over_a_week
    assert submitted.provider.short_name not in client.get(changelist, {"waiting": "30"}).content.decode()
