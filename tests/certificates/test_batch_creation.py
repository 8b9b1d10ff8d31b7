"""Bulk issuance, the service and its task: the request counts the learners and refuses at once; the task creates
the credentials a chunk at a time, skips whoever has one by then, and is safe to run twice; a creation that died is
resumed by the periodic sweep."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone, translation

from apps.assessments.services import components_of, evaluation
from apps.certificates import batch_creation, batch_tasks, bulk_issuing, issuing
from apps.certificates.models import Credential, IssuanceBatch
from apps.certificates.selectors import passed_without_credential
from apps.providers.authorizing import authorization_change
from apps.providers.models import Outcome
from tests.helpers import finalise_with

pytestmark = pytest.mark.django_db

PASSED = 5


@pytest.fixture
def five_passed(approval_offering, admin_a, assessor, signing_identity):
    """Five learners passed, one failed; the task creates two credentials a transaction."""
    approval_offering.capacity = PASSED + 1
    approval_offering.save(update_fields=["capacity"])
    enrolments = finalise_with(approval_offering, admin_a, assessor, [(90, 85)] * PASSED + [(30, 30)])
    return enrolments[:PASSED]


@pytest.fixture
def small_chunks(monkeypatch):
    monkeypatch.setattr(batch_creation, "BATCH_CHUNK", 2)


def test_the_batch_starts_at_zero_of_its_total_and_its_task_creates_each_credential_once(
    five_passed, admin_a, small_chunks, django_capture_on_commit_callbacks
):
    offering = five_passed[0].offering
    batch = bulk_issuing.offering_bulk_issue(
        offering=offering, acting_user=admin_a
    )  # its task runs on commit: not here
    assert not batch.credentials.exists()
    progress = issuing.batch_progress(batch)
    assert progress["total"] == PASSED and progress["pending"] == PASSED
    assert progress["done"] == 0 and progress["percent"] == 0 and not progress["finished"]

    with django_capture_on_commit_callbacks() as queued:
        assert batch_tasks.create_batch_credentials.apply(args=[batch.pk]).get() == 2  # the first chunk
    assert Credential.objects.filter(offering=offering).count() == 2
    assert issuing.batch_progress(batch)["pending"] == PASSED
    with django_capture_on_commit_callbacks(execute=True):  # its certificates, then the next chunk, and so on
        for callback in queued:
            callback()
    assert batch_tasks.create_batch_credentials.apply(args=[batch.pk]).get() == 0
    credentials = Credential.objects.filter(offering=offering)
    assert credentials.count() == PASSED and set(credentials.values_list("batch", flat=True)) == {batch.pk}
    assert {c.enrolment_id for c in credentials} == {e.pk for e in five_passed}
    assert all(c.status == "issued" and c.issued_by == admin_a for c in credentials)
    progress = issuing.batch_progress(batch)
    assert progress["issued"] == PASSED and progress["finished"] and progress["percent"] == 100


def test_a_learner_issued_on_their_own_meanwhile_is_skipped_and_the_batch_finishes(
    five_passed, admin_a, small_chunks, django_capture_on_commit_callbacks
):
    offering = five_passed[0].offering
    batch = bulk_issuing.offering_bulk_issue(offering=offering, acting_user=admin_a)
    with django_capture_on_commit_callbacks(execute=True):
        own = issuing.credential_issue(enrolment=five_passed[2], acting_user=admin_a)
        batch_tasks.create_batch_credentials.apply(args=[batch.pk])
    assert Credential.objects.filter(enrolment=five_passed[2]).get() == own
    batch.refresh_from_db()
    progress = issuing.batch_progress(batch)
    assert batch.total == PASSED - 1 and progress["issued"] == PASSED - 1
    assert progress["finished"] and progress["percent"] == 100


def test_a_second_issue_all_while_the_first_is_creating_returns_the_same_batch(five_passed, admin_a):
    offering = five_passed[0].offering
    first = bulk_issuing.offering_bulk_issue(offering=offering, acting_user=admin_a)
    assert bulk_issuing.offering_bulk_issue(offering=offering, acting_user=admin_a) == first
    assert IssuanceBatch.objects.filter(offering=offering).count() == 1


def test_issue_all_refuses_at_once_what_cannot_be_issued(five_passed, admin_a, assessor, reviewer):
    offering = five_passed[0].offering
    with pytest.raises(PermissionDenied):
        bulk_issuing.offering_bulk_issue(offering=offering, acting_user=assessor)
    authorization_change(
        authorization=offering.version.programme.provider.decisions.get(outcome=Outcome.AUTHORIZED),
        reviewer=reviewer,
        outcome=Outcome.SUSPENDED,
        reasons_ka="შეჩერდა",
        reasons_en="Suspended",
    )
    with translation.override("en"), pytest.raises(ValidationError, match="authorization"):
        bulk_issuing.offering_bulk_issue(offering=offering, acting_user=admin_a)
    assert not IssuanceBatch.objects.exists()


def test_the_sweep_resumes_a_creation_that_died_half_way(
    five_passed, admin_a, settings, small_chunks, django_capture_on_commit_callbacks
):
    offering = five_passed[0].offering
    batch = bulk_issuing.offering_bulk_issue(offering=offering, acting_user=admin_a)
    # The task died after its first chunk had committed: two credentials, made as the task makes them.
    components = components_of(offering)
    for enrolment in passed_without_credential(offering).prefetch_related("results")[:2]:
        issuing.create(
            enrolment=enrolment,
            result=evaluation(enrolment, components),
            acting_user=admin_a,
            batch=batch,
            scope_checked=True,
        )
    assert batch_tasks.requeue_stuck_batches() == 0  # at work a moment ago: left alone
    long_ago = timezone.now() - datetime.timedelta(seconds=settings.CREDENTIAL_REQUEUE_AFTER_SECONDS + 1)
    IssuanceBatch.objects.filter(pk=batch.pk).update(created_at=long_ago)
    Credential.objects.filter(batch=batch).update(issued_at=long_ago)
    assert issuing.batch_progress(batch)["pending"] == PASSED

    with django_capture_on_commit_callbacks(execute=True):  # the task runs in-process in the tests, chunk by chunk
        assert batch_tasks.requeue_stuck_batches() == 1
    credentials = Credential.objects.filter(offering=offering)
    assert credentials.count() == PASSED and credentials.values("enrolment").distinct().count() == PASSED
    assert batch_tasks.requeue_stuck_batches() == 0
