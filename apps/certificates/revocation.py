"""Revoking a certificate, and re-issuing it under a new code after a correction: by staff (the provider's
issuers, the Center), by the portal when a key is compromised, and when a final result changes (on_completion).

Everyone who checks a revoked certificate sees the category and the date; the reason, in the words of whoever
revoked it, goes to the learner and stays in the record for the provider's staff and the Center."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from apps.assessments.grading import GradeResult
from apps.assessments.services import components_of, evaluation
from apps.core.mail import send_to_user
from apps.enrolments.models import Enrolment

from . import issuing
from .models import STAFF_REVOCATION_CATEGORIES, Credential, CredentialStatus, RevocationCategory
from .permissions import require_revoker


def revoke(credential: Credential, *, acting_user, reason: str, category: str, tell_learner: bool = True) -> None:
    """The one way a credential becomes revoked; the caller holds its row lock and has checked that it may."""
    credential.status = CredentialStatus.REVOKED
    credential.revoked_at = timezone.now()
    credential.revoked_by = acting_user
    credential.revocation_reason = reason
    credential.revocation_category = category
    credential.save(update_fields=["status", "revoked_at", "revoked_by", "revocation_reason", "revocation_category"])
    if tell_learner:
        send_to_user(user=credential.learner, template="certificates/email/revoked", context={"credential": credential})


def reissue(
    credential: Credential, *, enrolment: Enrolment, result: GradeResult | None, acting_user, reason: str
) -> Credential:
    """A new credential under a new code from the current data and `result`; the old one (locked by the caller)
    is superseded and points at it. The learner is told when the new one is signed."""
    # The old one stops being live first, so that the one-live-credential constraint admits the new one.
    credential.status = CredentialStatus.SUPERSEDED
    credential.save(update_fields=["status"])
    new = issuing.create(
        enrolment=enrolment, result=result, acting_user=acting_user, carry_from=credential, correction_reason=reason
    )
    credential.superseded_by = new
    credential.save(update_fields=["superseded_by"])
    return new


@transaction.atomic
def credential_revoke(
    *, credential: Credential, acting_user, reason: str, category: str = RevocationCategory.OTHER
) -> Credential:
    """Revoke at once, with the reason and what the public is told (the category)."""
    require_revoker(acting_user, credential)
    if not (reason or "").strip():
        raise ValidationError({"reason": _("Give the reason for revoking the certificate.")})
    if category not in dict(STAFF_REVOCATION_CATEGORIES):
        raise ValidationError({"category": _("Choose what the public is told about the revocation.")})
    credential = Credential.objects.select_for_update().get(pk=credential.pk)
    if credential.status == CredentialStatus.REVOKED:
        raise ValidationError(_("This certificate is already revoked."))
    if credential.status != CredentialStatus.ISSUED:
        raise ValidationError(_("Only an issued certificate can be revoked."))
    revoke(credential, acting_user=acting_user, reason=reason.strip(), category=category)
    return credential


@transaction.atomic
def credential_reissue(*, credential: Credential, acting_user, reason: str) -> Credential:
    """A correction (a misspelt name, a corrected grade): a new credential under a new code from the current
    data; the old one is superseded and points at it."""
    require_revoker(acting_user, credential)
    if not (reason or "").strip():
        raise ValidationError({"reason": _("Give the reason for re-issuing the certificate.")})
    credential = Credential.objects.select_for_update().get(pk=credential.pk)
    if credential.status != CredentialStatus.ISSUED:
        raise ValidationError(_("Only an issued certificate can be re-issued."))
    enrolment = (
        Enrolment.objects.select_for_update()
        .select_related("offering__version__programme__provider")
        .get(pk=credential.enrolment_id)
    )
    problem = issuing.issue_problem(enrolment)
    if problem:
        raise ValidationError(problem)
    result = evaluation(enrolment, components_of(enrolment.offering))
    return reissue(credential, enrolment=enrolment, result=result, acting_user=acting_user, reason=reason.strip())
