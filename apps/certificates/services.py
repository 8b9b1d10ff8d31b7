"""Issuing, preparing (render + sign), revoking and re-issuing credentials.

A credential is created `pending` in the transaction that decides to issue it; a worker renders and signs
its PDF once that transaction commits, and only then does it become `issued`. Nothing a learner can fetch
exists before the signature does.

Every change that a reader of the public verification page can see goes through `save()`, never
`QuerySet.update()`: the page's kept copies are retired by the post_save signal (apps.verification)."""

import logging

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from apps.core.mail import send_to_user
from apps.enrolments.models import CredentialIssuance, Enrolment, EnrolmentStatus, Offering
from apps.programmes.models import Status
from apps.providers import access
from apps.providers.selectors import provider_may_issue

from . import codes, signing, snapshot, status_lists
from .models import (
    STAFF_REVOCATION_CATEGORIES,
    Credential,
    CredentialStatus,
    IssuanceBatch,
    RevocationCategory,
    SigningIdentity,
)

logger = logging.getLogger(__name__)

ISSUABLE_VERSION_STATUSES = (Status.APPROVED, Status.PUBLISHED, Status.ARCHIVED)
CODE_ATTEMPTS = 8


# --- Who may do what --------------------------------------------------------------------------------------


def is_nceqe(user) -> bool:
    return access.center_may(user, "certificates.revoke_credential")


def require_issuer(user, provider_id: int) -> None:
    """None is the portal itself issuing on finalisation, which the finalising assessor's rights already allowed."""
    if user is not None:
        access.check(user, access.Capability.ISSUE, provider_id)


def require_revoker(user, credential: Credential) -> None:
    """The provider's issuers, and the Center."""
    if not is_nceqe(user):
        access.check(user, access.Capability.ISSUE, credential.provider_id)


def verify_url(code: str) -> str:
    """The public verification address, on the configured public base (a worker has no request)."""
    return f"{settings.PUBLIC_BASE_URL}/verify/{code}/"


# --- Issuing ----------------------------------------------------------------------------------------------


def _issue_problem(enrolment: Enrolment, *, scope_checked: bool = False) -> str | None:
    """Why this enrolment cannot have a credential now, or None. `scope_checked`: the provider's authorization was
    just checked for this offering (a batch asks it once, not once a learner)."""
    offering = enrolment.offering
    version = offering.version
    if enrolment.status != EnrolmentStatus.COMPLETED or offering.results_finalised_at is None:
        return _("Only a learner who passed an offering whose results are final can receive a certificate.")
    if version.status not in ISSUABLE_VERSION_STATUSES or version.approved_at is None:
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


def _create(
    *, enrolment: Enrolment, acting_user, batch=None, carry_from: Credential | None = None, scope_checked=False
) -> Credential:
    problem = _issue_problem(enrolment, scope_checked=scope_checked)
    if problem:
        raise ValidationError(problem)
    issued_at = timezone.now()
    content = snapshot.build(enrolment=enrolment, issued_at=issued_at)
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
                )
        except IntegrityError as error:
            if Credential.objects.filter(enrolment=enrolment).exclude(status=CredentialStatus.SUPERSEDED).exists():
                raise ValidationError(_("This learner already has a certificate for this offering.")) from error
            continue  # a code or status index taken between the check and the insert: draw again
        _enqueue(credential.pk)
        return credential
    raise RuntimeError("Could not store the credential.")


def _enqueue(credential_id: int) -> None:
    """After the commit, so that the work sees the credential; never inside the request, which returns at once
    (without a broker, config.celery runs it in a background thread of this process)."""
    from config.celery import delay_in_background

    from .tasks import prepare_credential

    transaction.on_commit(lambda: delay_in_background(prepare_credential, credential_id))


@transaction.atomic
def credential_issue(*, enrolment: Enrolment, acting_user) -> Credential:
    """Issue one learner's credential (a provider admin's approval, or automatic issuance with no user)."""
    require_issuer(acting_user, enrolment.offering.version.programme.provider_id)
    enrolment = (
        Enrolment.objects.select_for_update()
        .select_related("offering__version__programme__provider")
        .get(pk=enrolment.pk)
    )
    if Credential.objects.filter(enrolment=enrolment).exclude(status=CredentialStatus.SUPERSEDED).exists():
        raise ValidationError(_("This learner already has a certificate for this offering."))
    return _create(enrolment=enrolment, acting_user=acting_user)


def awaiting_issue(offering: Offering):
    """Enrolments of the offering that passed and have no live credential."""
    return (
        offering.enrolments.filter(status=EnrolmentStatus.COMPLETED)
        .exclude(credentials__in=Credential.objects.exclude(status=CredentialStatus.SUPERSEDED))
        .select_related("learner", "offering__version__programme__provider", "offering__language")
    )


@transaction.atomic
def offering_bulk_issue(*, offering: Offering, acting_user) -> IssuanceBatch:
    """Issue every passed learner of the offering who has no credential yet; the batch follows the work."""
    require_issuer(acting_user, offering.version.programme.provider_id)
    offering = Offering.objects.select_for_update().select_related("version__programme__provider").get(pk=offering.pk)
    enrolments = list(awaiting_issue(offering).prefetch_related("results"))
    if not enrolments:
        raise ValidationError(_("Every learner who passed already has a certificate."))
    problem = _issue_problem(enrolments[0])
    if problem:
        raise ValidationError(problem)
    batch = IssuanceBatch.objects.create(offering=offering, total=len(enrolments), created_by=acting_user)
    for enrolment in enrolments:
        enrolment.offering = offering
        _create(enrolment=enrolment, acting_user=acting_user, batch=batch, scope_checked=True)
    return batch


def batch_progress(batch: IssuanceBatch) -> dict:
    counts = dict.fromkeys(("issued", "pending", "failing", "other"), 0)
    rows = batch.credentials.values_list("status", "render_error")
    for status, error in rows:
        if status == CredentialStatus.PENDING:
            counts["failing" if error else "pending"] += 1
        elif status == CredentialStatus.ISSUED:
            counts["issued"] += 1
        else:
            counts["other"] += 1
    done = counts["issued"] + counts["other"]
    return {
        "id": batch.pk,
        "total": batch.total,
        "done": done,
        "issued": counts["issued"],
        "pending": counts["pending"],
        "failing": counts["failing"],
        "finished": counts["pending"] == 0 and counts["failing"] == 0,
        "percent": round(100 * done / batch.total) if batch.total else 100,
    }


def on_enrolment_complete(enrolment: Enrolment) -> None:
    """Called by the one completion event: issue at once where the offering says so."""
    offering = enrolment.offering
    if enrolment.status != EnrolmentStatus.COMPLETED or offering.credential_issuance != CredentialIssuance.AUTOMATIC:
        return
    if Credential.objects.filter(enrolment=enrolment).exclude(status=CredentialStatus.SUPERSEDED).exists():
        return
    problem = _issue_problem(enrolment)
    if problem:
        logger.warning("Credential for enrolment %s not issued automatically: %s", enrolment.pk, problem)
        return
    _create(enrolment=enrolment, acting_user=None)


# --- Preparing: render, sign, check, store (runs in a worker) ---------------------------------------------


def signing_identity_for(provider_id: int) -> SigningIdentity:
    """The provider's own active identity if it has one, else the platform's."""
    chosen = (
        SigningIdentity.objects.filter(active=True)
        .filter(Q(provider_id=provider_id) | Q(provider__isnull=True))
        .order_by(F("provider_id").asc(nulls_last=True))
        .first()
    )
    if chosen is None:
        raise signing.KeyUnavailable(_("No signing identity is installed. Run: python manage.py signing_setup"))
    return chosen


def _store_pdf(credential: Credential, data: bytes) -> None:
    name = f"credentials/{credential.code}.pdf"
    storage = credential.pdf.storage
    if storage.exists(name):
        storage.delete(name)  # a run that died after writing: the same credential, written again
    credential.pdf.save(name, ContentFile(data), save=False)


def sign_snapshot(credential: Credential, identity: SigningIdentity) -> bytes:
    from . import rendering  # WeasyPrint: loaded by the processes that render, not by every web request

    signing.signer_for(identity)  # a missing or unreadable key fails before any rendering
    pdf = rendering.render_pdf(
        snapshot=credential.snapshot, code=credential.code, verify_url=verify_url(credential.code)
    )
    return signing.sign_pdf(
        pdf,
        identity=identity,
        code=credential.code,
        reason=f"Micro-credential certificate {credential.code} / მიკროკრედიტის სერტიფიკატი",
    )


def credential_prepare(*, credential_id: int) -> bool:
    """Render and sign a pending credential's PDF and issue it. Safe to run twice or at once in two workers:
    the row lock lets one of them do the work; the other finds it done. Returns whether it did the work."""
    with transaction.atomic():
        credential = Credential.objects.select_for_update().filter(pk=credential_id).first()
        if credential is None or credential.status != CredentialStatus.PENDING:
            return False
        identity = signing_identity_for(credential.provider_id)
        signed = sign_snapshot(credential, identity)
        _store_pdf(credential, signed)
        now = timezone.now()
        credential.pdf_sha256 = signing.sha256(signed)
        credential.signed_by = identity
        credential.signed_at = now
        credential.signature_verified_at = now
        credential.status = CredentialStatus.ISSUED
        credential.render_error = ""
        credential.render_attempts += 1
        credential.save()
        template = "certificates/email/reissued" if credential.correction_reason else "certificates/email/issued"
        send_to_user(user=credential.learner, template=template, context={"credential": credential})
    return True


def credential_record_failure(*, credential_id: int, error: Exception) -> None:
    message = error.both_languages() if isinstance(error, signing.KeyUnavailable) else str(error)
    Credential.objects.filter(pk=credential_id, status=CredentialStatus.PENDING).update(
        render_error=message[:2000] or error.__class__.__name__, render_attempts=F("render_attempts") + 1
    )


@transaction.atomic
def credential_retry(*, credential: Credential, acting_user) -> Credential:
    """Queue a pending credential whose preparation failed once more (after an operator fixed the cause)."""
    if acting_user is not None:
        require_revoker(acting_user, credential)
    credential = Credential.objects.select_for_update().get(pk=credential.pk)
    if credential.status != CredentialStatus.PENDING:
        raise ValidationError(_("Only a certificate that is still being prepared can be retried."))
    credential.queued_at = timezone.now()
    credential.save(update_fields=["queued_at"])
    _enqueue(credential.pk)
    return credential


def requeue_pending(*, older_than_seconds: int | None = None) -> int:
    """Queue again the pending credentials whose work a dead worker may have taken with it."""
    pending = Credential.objects.filter(status=CredentialStatus.PENDING)
    if older_than_seconds is not None:
        pending = pending.filter(queued_at__lt=timezone.now() - timezone.timedelta(seconds=older_than_seconds))
    from .tasks import prepare_credential

    ids = list(pending.values_list("pk", flat=True))
    Credential.objects.filter(pk__in=ids).update(queued_at=timezone.now())
    for pk in ids:
        prepare_credential.delay(pk)
    return len(ids)


# --- Revoking and re-issuing ------------------------------------------------------------------------------


@transaction.atomic
def credential_revoke(
    *, credential: Credential, acting_user, reason: str, category: str = RevocationCategory.OTHER
) -> Credential:
    """Revoke at once. Everyone who checks the certificate sees the category and the date; the reason, in the
    words of whoever revoked it, goes to the learner and stays in the record for the provider's staff and the
    Center."""
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
    credential.status = CredentialStatus.REVOKED
    credential.revoked_at = timezone.now()
    credential.revoked_by = acting_user
    credential.revocation_reason = reason.strip()
    credential.revocation_category = category
    credential.save(update_fields=["status", "revoked_at", "revoked_by", "revocation_reason", "revocation_category"])
    send_to_user(user=credential.learner, template="certificates/email/revoked", context={"credential": credential})
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
    problem = _issue_problem(enrolment)
    if problem:
        raise ValidationError(problem)
    # The old one stops being live first, so that the one-live-credential constraint admits the new one.
    credential.status = CredentialStatus.SUPERSEDED
    credential.save(update_fields=["status"])
    new = _create(enrolment=enrolment, acting_user=acting_user, carry_from=credential)
    new.correction_reason = reason.strip()
    new.save(update_fields=["correction_reason"])
    credential.superseded_by = new
    credential.save(update_fields=["superseded_by"])
    return new


@transaction.atomic
def credential_set_visibility(*, credential: Credential, learner, show_pdf: bool, show_grade: bool) -> Credential:
    access.require_own(learner, credential.learner_id)
    credential.show_pdf = bool(show_pdf)
    credential.show_grade = bool(show_grade)
    credential.save(update_fields=["show_pdf", "show_grade"])
    return credential


# --- Expiry reminders -------------------------------------------------------------------------------------


def send_expiry_reminders() -> int:
    """E-mail each learner whose credential expires within the reminder window, once."""
    now = timezone.now()
    due = Credential.objects.filter(
        status=CredentialStatus.ISSUED,
        expiry_reminder_sent_at__isnull=True,
        expires_at__gt=now,
        expires_at__lte=now + timezone.timedelta(days=settings.CREDENTIAL_EXPIRY_REMINDER_DAYS),
    ).select_related("learner")
    sent = 0
    for credential in due.iterator(chunk_size=200):
        with transaction.atomic():
            updated = Credential.objects.filter(pk=credential.pk, expiry_reminder_sent_at__isnull=True).update(
                expiry_reminder_sent_at=now
            )
            if updated:
                send_to_user(
                    user=credential.learner, template="certificates/email/expiring", context={"credential": credential}
                )
                sent += 1
    return sent


# --- A compromised key ------------------------------------------------------------------------------------


def identity_compromised(*, identity: SigningIdentity, reason: str, revoke: bool, acting_user=None) -> list[dict]:
    """Mark a key compromised, so that it never signs again and the portal no longer trusts what it signed;
    then re-sign every issued credential it signed with its owner's current identity, or revoke them all.
    Returns the report: one row per credential."""
    if not (reason or "").strip():
        raise ValidationError(_("Give the reason why the key is compromised."))
    with transaction.atomic():
        identity = SigningIdentity.objects.select_for_update().get(pk=identity.pk)
        identity.active = False
        identity.compromised_at = timezone.now()
        identity.compromise_reason = reason.strip()
        identity.retired_at = identity.retired_at or identity.compromised_at
        identity.save()
    report = []
    affected = Credential.objects.filter(signed_by=identity, status=CredentialStatus.ISSUED).order_by("pk")
    for credential_id in list(affected.values_list("pk", flat=True)):
        with transaction.atomic():
            credential = Credential.objects.select_for_update().get(pk=credential_id)
            if revoke:
                credential.status = CredentialStatus.REVOKED
                credential.revoked_at = timezone.now()
                credential.revoked_by = acting_user
                credential.revocation_reason = _("The key that signed this certificate was compromised: %(reason)s") % {
                    "reason": reason.strip()
                }
                credential.revocation_category = RevocationCategory.KEY_COMPROMISED
                credential.save(
                    update_fields=["status", "revoked_at", "revoked_by", "revocation_reason", "revocation_category"]
                )
                send_to_user(
                    user=credential.learner, template="certificates/email/revoked", context={"credential": credential}
                )
                report.append({"code": credential.code, "action": "revoked", "key_id": ""})
                continue
            replacement = signing_identity_for(credential.provider_id)
            signed = sign_snapshot(credential, replacement)
            _store_pdf(credential, signed)
            credential.pdf_sha256 = signing.sha256(signed)
            credential.signed_by = replacement
            credential.signed_at = credential.signature_verified_at = timezone.now()
            credential.save(update_fields=["pdf", "pdf_sha256", "signed_by", "signed_at", "signature_verified_at"])
            report.append({"code": credential.code, "action": "re-signed", "key_id": replacement.key_id})
    return report
