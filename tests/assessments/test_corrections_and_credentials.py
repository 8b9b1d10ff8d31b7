"""A certificate never outlives the result it certifies: a correction or a re-sit after the results are final
revokes the learner's certificate when the learner no longer passes, and re-issues it when the grade changes."""

import pytest
from django.core import mail

from apps.assessments import services
from apps.assessments.models import AssessmentResult
from apps.certificates import issuing, preparation
from apps.certificates.models import Credential

pytestmark = pytest.mark.django_db

# The test programme weighs the project 40 and the examination 60; each has a pass mark of 51. The first learner
# of `passed_two` scored (95, 90): 92, an A.
REASON = "The examination was marked against the wrong key."


def examination(enrolment) -> AssessmentResult:
    return AssessmentResult.objects.get(enrolment=enrolment, component__order=2, attempt=1)


def page(client, code: str) -> str:
    client.cookies["django_language"] = "en"
    return client.get(f"/verify/{code}/").content.decode()


def test_a_correction_that_fails_the_learner_revokes_the_certificate_and_tells_the_learner(
    client, issued, assessor, django_capture_on_commit_callbacks
):
    assert ">Valid<" in page(client, issued.code)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.result_correct(result=examination(issued.enrolment), acting_user=assessor, score="30", reason=REASON)
    issued.refresh_from_db()
    assert issued.enrolment.status == "failed"
    assert issued.status == "revoked" and issued.revocation_reason == REASON and issued.revoked_by == assessor
    assert issued.revocation_category == "issued_in_error"
    text = page(client, issued.code)
    assert ">Revoked<" in text and "Issued in error" in text and REASON not in text
    revoked_mail = [m for m in mail.outbox if m.to == [issued.learner.email] and issued.code in m.body]
    assert len(revoked_mail) == 1 and REASON in revoked_mail[0].body


def test_a_correction_that_changes_the_grade_re_issues_the_certificate_with_the_new_grade(
    client, issued, assessor, django_capture_on_commit_callbacks
):
    assert issued.snapshot["grade"]["letter"] == "A"
    with django_capture_on_commit_callbacks(execute=True):
        services.result_correct(result=examination(issued.enrolment), acting_user=assessor, score="70", reason=REASON)
    issued.refresh_from_db()
    new = issued.superseded_by
    assert issued.status == "superseded" and new is not None and new.code != issued.code
    assert new.status == "issued" and new.correction_reason == REASON
    assert (new.snapshot["grade"]["letter"], new.snapshot["grade"]["total"]) == ("C", 80)
    assert "Replaced by a corrected certificate" in page(client, issued.code)
    assert ">Valid<" in page(client, new.code)
    assert any(m.to == [issued.learner.email] and new.code in m.body for m in mail.outbox)


def test_a_correction_that_keeps_grade_and_total_leaves_the_certificate_alone(issued, assessor):
    # 90 -> 90.4 in the examination: the weighted total is still 92 (rounded), the grade still A.
    services.result_correct(result=examination(issued.enrolment), acting_user=assessor, score="90.4", reason=REASON)
    assert list(Credential.objects.filter(enrolment=issued.enrolment).values_list("code", "status")) == [
        (issued.code, "issued")
    ]


def test_a_certificate_still_being_prepared_is_never_issued_once_its_result_fails(passed_two, admin_a, assessor):
    pending = issuing.credential_issue(enrolment=passed_two[0], acting_user=admin_a)  # its work never ran
    services.result_correct(result=examination(passed_two[0]), acting_user=assessor, score="30", reason=REASON)
    assert preparation.credential_prepare(credential_id=pending.pk) is False
    pending.refresh_from_db()
    assert pending.status == "revoked" and not pending.pdf and pending.revocation_reason == REASON


def test_a_certificate_still_being_prepared_carries_the_corrected_grade(passed_two, admin_a, assessor):
    pending = issuing.credential_issue(enrolment=passed_two[0], acting_user=admin_a)
    services.result_correct(result=examination(passed_two[0]), acting_user=assessor, score="70", reason=REASON)
    assert preparation.credential_prepare(credential_id=pending.pk) is True
    pending.refresh_from_db()
    assert pending.status == "issued" and pending.snapshot["grade"]["letter"] == "C"
