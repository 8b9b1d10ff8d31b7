"""The verification record (apps/verification/records.py) in the real Redis: a certificate no one asked for before is
answered from its record with no query, the same page byte for byte as the template makes from the database; and
a record never shows a verdict its credential no longer has (revoked, re-issued, a changed choice, expired since,
a suspended provider, a compromised key); a missing one falls back to the database and is written again; the
rebuild command writes them all."""

import datetime
import time

import pytest
import redis
from django.conf import settings as django_settings
from django.core.cache import cache
from django.core.management import call_command
from django.test import TestCase
from django.utils import timezone

from apps.certificates import codes, issuing, preparation, revocation, sharing
from apps.certificates.models import Credential
from apps.providers.authorizing import authorization_change
from apps.providers.models import Outcome
from apps.verification import records
from apps.verification.models import VerificationEvent
from apps.verification.tasks import flush_verification_events
from tests.verification.test_page_parts import fresh, page

pytestmark = pytest.mark.django_db


def server() -> redis.Redis:
    assert django_settings.REDIS_URL, "records live in Redis: run the suite with `make test`"
    return redis.Redis.from_url(django_settings.REDIS_URL)


def record_of(code: str) -> bytes | None:
    return records.split(server().get(records.record_key(code)))[1]


def committed(change):
    """Run `change` and the callbacks of its commit, as a request's transaction would."""
    with TestCase.captureOnCommitCallbacks(execute=True):
        return change()


@pytest.fixture
def second(issued, passed_two, admin_a):
    """Another learner's credential of the same programme, provider and day, issued (and committed) after `issued`."""
    credential = committed(lambda: issuing.credential_issue(enrolment=passed_two[1], acting_user=admin_a))
    credential.refresh_from_db()
    return credential


@pytest.mark.parametrize("language", ["ka", "en"])
def test_an_issued_certificate_is_answered_from_its_record_with_no_query(
    client, issued, second, language, django_assert_num_queries
):
    for credential in (issued, second):
        committed(
            lambda c=credential: sharing.credential_set_visibility(
                credential=c, learner=c.learner, show_pdf=True, show_grade=True
            )
        )
    assert record_of(second.code) is not None  # written when it was issued and again when the choice changed
    page(client, issued.code, language)  # the parts of this programme's page and the provider's standing
    with django_assert_num_queries(0):
        text = page(client, second.code, language)
    assert text == fresh(second.code, language)
    assert f"{second.snapshot['grade']['total']}/100" in text and second.code in text


def test_a_record_holds_a_few_hundred_bytes_and_no_date_of_birth(issued):
    record = record_of(issued.code)
    assert 150 < len(record) < 500
    assert b"date_of_birth" not in record


def test_a_revocation_shows_at_once_from_the_new_record(client, issued, second, admin_a, django_assert_num_queries):
    page(client, issued.code, "en")
    assert ">Valid<" in page(client, second.code, "en")
    committed(lambda: revocation.credential_revoke(credential=second, acting_user=admin_a, reason="Found void"))
    with django_assert_num_queries(0):  # the record written when the revocation committed
        text = page(client, second.code, "en")
    assert ">Revoked<" in text and text == fresh(second.code, "en")


def test_a_revocation_not_yet_committed_is_not_answered_from_the_old_record(client, issued, second, admin_a):
    """The record becomes a marker as soon as the credential is saved: until the change commits the page is read
    from the database, never from the record written before."""
    page(client, issued.code, "en")
    revocation.credential_revoke(credential=second, acting_user=admin_a, reason="Found void")  # no commit here
    text = page(client, second.code, "en")
    assert ">Revoked<" in text and text == fresh(second.code, "en")


def test_a_reissued_certificate_names_its_replacement_and_the_new_one_is_valid(client, issued, admin_a):
    assert ">Valid<" in page(client, issued.code, "en")
    new = committed(lambda: revocation.credential_reissue(credential=issued, acting_user=admin_a, reason="Name"))
    committed(lambda: preparation.credential_prepare(credential_id=new.pk))
    new.refresh_from_db()
    assert record_of(issued.code) is None  # a superseded credential is read from the database
    old = page(client, issued.code, "en")
    assert "Replaced by a corrected certificate" in old and f"/verify/{new.code}/" in old
    assert record_of(new.code) is not None
    assert ">Valid<" in page(client, new.code, "en")


def test_a_changed_choice_shows_from_the_new_record(client, issued, second, django_assert_num_queries):
    page(client, issued.code, "en")
    committed(
        lambda: sharing.credential_set_visibility(
            credential=second, learner=second.learner, show_pdf=False, show_grade=True
        )
    )
    with django_assert_num_queries(0):
        assert "/100" in page(client, second.code, "en")
    committed(
        lambda: sharing.credential_set_visibility(
            credential=second, learner=second.learner, show_pdf=False, show_grade=False
        )
    )
    with django_assert_num_queries(0):
        text = page(client, second.code, "en")
    assert "/100" not in text and text == fresh(second.code, "en")


def test_expiry_is_judged_when_the_page_is_read(client, issued, second, django_assert_num_queries):
    """The record holds the expiry date, not whether it has passed: the same record reads "expired" once it has."""

    def expires_soon():
        second.expires_at = timezone.now() + datetime.timedelta(milliseconds=300)
        second.save(update_fields=["expires_at"])

    committed(expires_soon)
    page(client, issued.code, "en")
    time.sleep(0.35)
    with django_assert_num_queries(0):
        text = page(client, second.code, "en")
    assert ">Expired<" in text and text == fresh(second.code, "en")


def test_a_suspension_shows_on_a_certificate_answered_from_its_record(client, issued, second, reviewer):
    assert ">Valid<" in page(client, issued.code, "en")
    authorization = issued.provider.decisions.get(outcome=Outcome.AUTHORIZED)
    committed(
        lambda: authorization_change(
            authorization=authorization,
            reviewer=reviewer,
            outcome=Outcome.SUSPENDED,
            reasons_ka="შეჩერდა",
            reasons_en="Suspended",
        )
    )
    assert record_of(second.code) is not None
    text = page(client, second.code, "en")
    assert ">Not valid<" in text and "The Center has suspended it" in text and text == fresh(second.code, "en")


def test_a_compromised_key_shows_on_a_certificate_answered_from_its_record(client, issued, second):
    assert ">Valid<" in page(client, issued.code, "en")
    identity = second.signed_by

    def compromise():
        identity.compromised_at = timezone.now()
        identity.active = False
        identity.save()

    committed(compromise)
    assert record_of(second.code) is not None
    text = page(client, second.code, "en")
    assert ">Not signed by an identity this portal trusts<" in text and text == fresh(second.code, "en")


def test_a_missing_record_falls_back_to_the_database_and_is_written_again(
    client, issued, second, django_assert_num_queries
):
    page(client, issued.code, "en")
    server().delete(records.record_key(second.code))  # evicted, or Redis was flushed
    with django_assert_num_queries(1):  # the credential's row
        text = page(client, second.code, "en")
    assert text == fresh(second.code, "en") and ">Valid<" in text
    assert record_of(second.code) is not None
    with django_assert_num_queries(0):
        text = page(client, second.code, "ka")
    assert text == fresh(second.code, "ka")


def test_a_record_read_before_a_change_is_never_written_after_it(issued, admin_a):
    """A reader set a marker and read the credential; the revocation commits (its own marker, its own record); the
    reader's write of what it read comes last and writes nothing."""
    connection = server()
    connection.delete(records.record_key(issued.code))
    marker = records.new_marker()
    connection.set(records.record_key(issued.code), marker)
    read_before = Credential.objects.get(pk=issued.pk)
    committed(lambda: revocation.credential_revoke(credential=issued, acting_user=admin_a, reason="Found void"))
    pipeline = connection.pipeline(transaction=False)
    records.write(pipeline, [(issued.code, marker, read_before)])
    pipeline.execute()
    assert records.decode(issued.code, record_of(issued.code)).status == "revoked"


def test_the_rebuild_command_writes_every_record(client, issued, second, django_assert_num_queries):
    connection = server()
    for key in connection.scan_iter(match="*verify-record:*"):
        connection.delete(key)
    assert record_of(issued.code) is None and record_of(second.code) is None
    call_command("verification_records_rebuild")
    assert record_of(issued.code) is not None and record_of(second.code) is not None
    page(client, issued.code, "en")
    with django_assert_num_queries(0):
        text = page(client, second.code, "en")
    assert text == fresh(second.code, "en")


def test_an_unknown_code_is_not_found(client, issued):
    code = codes.new_code()
    client.cookies["django_language"] = "en"
    response = client.get(f"/verify/{code}/")
    assert response.status_code == 404 and record_of(code) is None


def test_a_check_answered_from_a_record_is_logged_and_its_page_not_kept(client, issued, second):
    """A code not asked within the kept pages' time (no token of its own): answered from its record, not kept (a
    kept page for every code asked once would cost far more memory than the records), and the check is in the
    log once the events are moved."""
    page(client, issued.code, "en")
    server().delete(cache.make_key(f"verify-token:{second.code}"))
    assert ">Valid<" in page(client, second.code, "en")
    assert not list(server().scan_iter(match=f"*verify-page:*:en:{second.code}"))
    flush_verification_events()
    assert VerificationEvent.objects.filter(code=second.code, result="valid").count() == 1
