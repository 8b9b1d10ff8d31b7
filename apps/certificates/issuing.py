"""Issuing: whether an enrolment may have a credential now, and creating it. A credential is created `pending`,
with its frozen content, a code and a place in a status list, in the transaction that decides to issue it; a
worker renders and signs its PDF once that transaction commits (preparation), and only then is it `issued`.

A bulk issuance ("Issue all") is a batch: bulk_issuing starts it and batch_creation creates its credentials, a
chunk at a time, in a task; batch_progress (here) tells how far it is.

The grade comes from assessments: handed in with the completion event, or, where a person issues, computed once
per learner here from results loaded with the enrolments."""

import logging

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Count
from django.utils import timezone
from django.utils.translation import gettext as _

from apps.assessments.grading import GradeResult
from apps.assessments.services import components_of, evaluation
from apps.enrolments.models import CredentialIssuance, Enrolment, EnrolmentStatus
from apps.providers.selectors import provider_may_issue

from . import codes, preparation_queue, snapshot, status_lists
from .models import Credential, CredentialStatus, IssuanceBatch
from .permissions import require_issuer
from .selectors import live_credentials

logger = logging.getLogger(__name__)

CODE_ATTEMPTS = 8


def issue_problem(enrolment: Enrolment, *, scope_checked: bool = False) -> str | None:
    """Why this enrolment cannot have a credential now, or None. `scope_checked`: the provider's authorization was
    just checked for this offering (a batch asks it once, not once a learner)."""
    offering = enrolment.offering
    version = offering.version
    if enrolment.status != EnrolmentStatus.COMPLETED or offering.results_finalised_at is None:
        return _("Only a learner who passed an offering whose results are final can receive a certificate.")
    if not version.is_approved:
        return _("The programme version is not approved by the Center.")
    if scope_checked:
        return None
    if (
        not version.nqf_level_id
        or not version.field_of_study_id
        or not provider_may_issue(
            provider=version.programme.provider, nqf_level=version.nqf_level_id, field_code=version.field_of_study_id
        )
    ):
        return _("The provider's authorization by the Center does not cover this programme's level and field today.")
    return None


def _new_unique_code() -> str:
    for _attempt in range(CODE_ATTEMPTS):
        code = codes.new_code()
        if not Credential.objects.filter(code=code).exists():
            return code
    raise RuntimeError("No free verification code after several attempts.")  # 70 bits: practically unreachable


def create(
    *,
    enrolment: Enrolment,
    result: GradeResult | None,
    acting_user,
    batch: IssuanceBatch | None = None,
    carry_from: Credential | None = None,
    correction_reason: str = "",
    scope_checked: bool = False,
) -> Credential:
    """A pending credential of a learner who may have one, with `result` (the learner's grade) frozen in it.
    `carry_from`: the credential it corrects, whose sharing choices it keeps."""
    problem = issue_problem(enrolment, scope_checked=scope_checked)
    if problem:
        raise ValidationError(problem)
    issued_at = timezone.now()
    content = snapshot.build(enrolment=enrolment, result=result, issued_at=issued_at)
    version = enrolment.offering.version
    for _attempt in range(CODE_ATTEMPTS):
        try:
            with transaction.atomic():
                status_list, status_index = status_lists.allocate()
                credential = Credential.objects.create(
                    status_list=status_list,
                    status_list_index=status_index,
                    code=_new_unique_code(),
                    enrolment=enrolment,
                    learner=enrolment.learner,
                    version=version,
                    offering=enrolment.offering,
                    provider=version.programme.provider,
                    snapshot=content,
                    issued_at=issued_at,
                    expires_at=snapshot.expiry(issued_at, version.validity_months),
                    issued_by=acting_user,
                    batch=batch,
                    queued_at=issued_at,
                    show_pdf=carry_from.show_pdf if carry_from else False,
                    show_grade=carry_from.show_grade if carry_from else False,
                    correction_reason=correction_reason,
                )
        except IntegrityError as error:
            if live_credentials().filter(enrolment=enrolment).exists():
                raise ValidationError(_("This learner already has a certificate for this offering.")) from error
            continue  # a code or status index taken between the check and the insert: draw again
        preparation_queue.enqueue(credential.pk)
        return credential
    raise RuntimeError("Could not store the credential.")


@transaction.atomic
def credential_issue(*, enrolment: Enrolment, acting_user) -> Credential:
    """Issue one learner's credential (a provider admin's approval)."""
    require_issuer(acting_user, enrolment.offering.version.programme.provider_id)
    enrolment = (
        Enrolment.objects.select_for_update()
        .select_related("offering__version__programme__provider")
        .get(pk=enrolment.pk)
    )
    if live_credentials().filter(enrolment=enrolment).exists():
        raise ValidationError(_("This learner already has a certificate for this offering."))
    result = evaluation(enrolment, components_of(enrolment.offering))
    return create(enrolment=enrolment, result=result, acting_user=acting_user)


def issue_automatically(*, enrolment: Enrolment, result: GradeResult) -> Credential | None:
    """A learner passed (the completion event): issue at once where the offering says so, as the portal itself."""
    if not result.passed or enrolment.offering.credential_issuance != CredentialIssuance.AUTOMATIC:
        return None
    if live_credentials().filter(enrolment=enrolment).exists():
        return None
    problem = issue_problem(enrolment)
    if problem:
        logger.warning("Credential for enrolment %s not issued automatically: %s", enrolment.pk, problem)
        return None
    return create(enrolment=enrolment, result=result, acting_user=None)


def batch_progress(batch: IssuanceBatch) -> dict:
    """How far a bulk issuance is, out of the total counted when it started. A credential its task has not
    created yet is pending like one still being rendered, so the bar starts at 0 of the total and the batch is
    finished only when every credential exists and none is left to prepare."""
    by_status = dict(batch.credentials.values_list("status").annotate(n=Count("pk")).order_by())
    failing = batch.credentials.failing().count()
    created = sum(by_status.values())
    pending_all = by_status.get(CredentialStatus.PENDING, 0)
    issued = by_status.get(CredentialStatus.ISSUED, 0)
    pending = pending_all - failing + max(0, batch.total - created)
    done = created - pending_all  # issued, or since revoked or superseded
    return {
        "id": batch.pk,
        "total": batch.total,
        "done": done,
        "issued": issued,
        "pending": pending,
        "failing": failing,
        "finished": pending == 0 and failing == 0,
        # Rounded down, so that 100 % means every one is done.
        "percent": min(100, 100 * done // batch.total) if batch.total else 100,
    }
