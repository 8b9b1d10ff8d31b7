"""The result page made from kept parts (apps/verification/page_parts.py) for a certificate no one asked for before: the
same page, byte for byte, as the template renders fresh, in Georgian and English, with one query; and what the parts
and the kept standing were made under is retired as soon as it changes."""

import datetime
import time

import pytest
from django.contrib.auth.models import AnonymousUser
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.utils import translation

from apps.certificates import issuing, revocation
from apps.certificates.links import verify_url
from apps.providers.authorizing import authorization_change
from apps.providers.models import Outcome
from apps.verification import checks

pytestmark = pytest.mark.django_db


@pytest.fixture
def second(issued, passed_two, admin_a, django_capture_on_commit_callbacks):
    """The other passed learner's credential: same programme, provider and day of issue, another learner and grade."""
    with django_capture_on_commit_callbacks(execute=True):
        credential = issuing.credential_issue(enrolment=passed_two[1], acting_user=admin_a)
    credential.refresh_from_db()
    return credential


def fresh(code: str, language: str) -> str:
    """The page as the template renders it from the database, for a reader who is not signed in."""
    request = RequestFactory().get(f"/verify/{code}/")
    request.user = AnonymousUser()
    with translation.override(language):
        context = {"v": checks.verify(code), "code": code, "share_url": verify_url(code)}
        return render_to_string("verification/result.html", context, request)


def page(client, code: str, language: str) -> str:
    client.cookies["django_language"] = language
    response = client.get(f"/verify/{code}/")
    assert response.status_code == 200
    return response.content.decode()


@pytest.mark.parametrize("language", ["ka", "en"])
def test_a_page_from_kept_parts_is_the_page_the_template_makes(
    client, issued, second, language, django_assert_num_queries
):
    for credential in (issued, second):
        credential.show_grade = credential.show_pdf = True
        credential.save(update_fields=["show_grade", "show_pdf"])
    first = page(client, issued.code, language)  # makes the parts
    assert first == fresh(issued.code, language)
    with django_assert_num_queries(1):  # the credential's row: the parts and the provider's standing are kept
        text = page(client, second.code, language)
    assert text == fresh(second.code, language)
    grade = second.snapshot["grade"]
    assert second.code in text and issued.code not in text
    assert second.snapshot["learner"]["first_name_en" if language == "en" else "first_name_ka"] in text
    assert f"{grade['letter']} ({grade['total']}/100" in text
    assert f"{issued.snapshot['grade']['total']}/100" not in text
    assert (">Valid<" if language == "en" else ">მოქმედია<") in text


def test_a_name_that_needs_escaping_is_escaped_as_the_template_would(client, issued, second):
    snapshot = second.snapshot
    snapshot["learner"] |= {"first_name_en": "O'Brien & <Co>", "last_name_en": '"Quoted"'}
    second.save(update_fields=["snapshot"])
    page(client, issued.code, "en")
    text = page(client, second.code, "en")
    assert "O&#x27;Brien &amp; &lt;Co&gt; &quot;Quoted&quot;" in text and "<Co>" not in text
    assert text == fresh(second.code, "en")


def test_an_expired_certificate_from_parts_names_its_own_day(client, issued, second):
    second.expires_at = second.issued_at + datetime.timedelta(milliseconds=1)
    second.save(update_fields=["expires_at"])
    time.sleep(0.01)
    text = page(client, second.code, "en")
    assert ">Expired<" in text and "It expired on" in text
    assert text == fresh(second.code, "en")


def test_a_revocation_after_the_parts_were_made_shows_at_once(
    client, issued, second, admin_a, django_capture_on_commit_callbacks
):
    page(client, issued.code, "en")
    with django_capture_on_commit_callbacks(execute=True):
        revocation.credential_revoke(credential=second, acting_user=admin_a, reason="Found void")
    text = page(client, second.code, "en")
    assert ">Revoked<" in text and text == fresh(second.code, "en")
    assert ">Valid<" in page(client, issued.code, "en")


def test_a_suspension_retires_the_kept_standing_for_codes_never_asked(
    client, issued, second, reviewer, django_capture_on_commit_callbacks
):
    """The first page keeps the provider's standing; a suspension that commits afterwards shows on the page of a
    certificate of the same provider that no one had asked for, not only on the pages kept before."""
    assert ">Valid<" in page(client, issued.code, "en")
    authorization = issued.provider.decisions.get(outcome=Outcome.AUTHORIZED)
    with django_capture_on_commit_callbacks(execute=True):
        authorization_change(
            authorization=authorization,
            reviewer=reviewer,
            outcome=Outcome.SUSPENDED,
            reasons_ka="შეჩერდა",
            reasons_en="Suspended",
        )
    text = page(client, second.code, "en")
    assert text == fresh(second.code, "en")
    # Suspended from today, which is also the day of issue: not valid, and the check says why.
    assert ">Not valid<" in text and "The Center has suspended it" in text
