"""What a completion does to the learner's certificate: the subscriber of the assessments' completion event
(apps.assessments.completion), connected in CertificatesConfig.ready, run in the completion's transaction with
the grade already computed.

A certificate never outlives the result it certifies. When the results are made final, a pass is issued at
once where the offering says so. When a final result changes (a correction, a re-sit): a learner who no longer
passes has the certificate revoked, with the correction's reason, and is told; a pass with another grade or
total has it re-issued under a new code (the old one superseded), or, still being prepared, made anew with the
new grade; a learner who passes now and has none is issued one as on finalisation. The assessor's right to
change the result is what allows all this, as the finalising assessor's allows automatic issuance."""

from django.utils.translation import gettext as _

from apps.assessments.completion import Completion

from . import issuing, revocation, snapshot
from .models import Credential, CredentialStatus, RevocationCategory


def credential_follow_completion(sender, *, completion: Completion, **kwargs) -> None:
    enrolment, result = completion.enrolment, completion.result
    credential = None
    if not completion.is_first:
        credential = (
            Credential.objects.select_for_update()
            .filter(enrolment=enrolment, status__in=[CredentialStatus.ISSUED, CredentialStatus.PENDING])
            .first()
        )
    if credential is None:
        if result.passed:
            issuing.issue_automatically(enrolment=enrolment, result=result)
        return
    reason = completion.reason or _("The result changed after a re-sit.")
    if not result.passed:
        # Issued in error: the result it certified was not the learner's. A certificate still being prepared was
        # never sent: it is stopped without a revocation e-mail (the learner is told the new result).
        revocation.revoke(
            credential,
            acting_user=completion.acting_user,
            reason=reason,
            category=RevocationCategory.ISSUED_IN_ERROR,
            tell_learner=credential.status == CredentialStatus.ISSUED,
        )
        return
    grade = credential.snapshot["grade"]
    if (grade["letter"], grade["total"]) == (result.grade, result.total):
        return
    if credential.status == CredentialStatus.PENDING:
        credential.snapshot = snapshot.build(enrolment=enrolment, result=result, issued_at=credential.issued_at)
        credential.save(update_fields=["snapshot"])
        return
    revocation.reissue(
        credential, enrolment=enrolment, result=result, acting_user=completion.acting_user, reason=reason
    )
