"""Preparing a pending credential, in a worker: render its PDF, sign it, check and store it, and only then issue
it; a failure is recorded where provider admins and the Center see it. Nothing a learner can fetch exists before
the signature does.

Every change that a reader of the public verification page can see goes through `save()`, never
`QuerySet.update()`: the page's kept copies are retired by the post_save signal (apps.verification)."""

from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from apps.core.mail import send_to_user

from . import ob3_build, signed_check, signing
from .links import verify_url
from .models import Credential, CredentialStatus, SigningIdentity


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


def store_pdf(credential: Credential, data: bytes) -> None:
    name = f"credentials/{credential.code}.pdf"
    storage = credential.pdf.storage
    if storage.exists(name):
        storage.delete(name)  # a run that died after writing: the same credential, written again
    credential.pdf.save(name, ContentFile(data), save=False)


def sign_snapshot(credential: Credential, identity: SigningIdentity) -> bytes:
    """The credential's PDF, with its Open Badges credential embedded, signed and checked."""
    from . import rendering  # WeasyPrint: loaded by the processes that render, not by every web request

    signing.signer_for(identity)  # a missing or unreadable key fails before any rendering
    pdf = rendering.render_pdf(
        snapshot=credential.snapshot,
        code=credential.code,
        verify_url=verify_url(credential.code),
        open_badge=ob3_build.credential_json(credential),
    )
    signed = signing.sign_pdf(
        pdf,
        identity=identity,
        code=credential.code,
        reason=f"Micro-credential certificate {credential.code} / მიკროკრედიტის სერტიფიკატი",
    )
    signed_check.check_just_signed(signed, identity.certificate_pem)
    return signed


PREPARED_FIELDS = [
    "pdf",
    "pdf_sha256",
    "signed_by",
    "signed_at",
    "signature_verified_at",
    "status",
    "render_error",
    "render_attempts",
]


def credential_prepare(*, credential_id: int) -> bool:
    """Render and sign a pending credential's PDF and issue it. Safe to run twice or at once in two workers:
    the row lock lets one of them do the work; the other finds it done. Returns whether it did the work."""
    with transaction.atomic():
        credential = Credential.objects.select_for_update().filter(pk=credential_id).first()
        if credential is None or credential.status != CredentialStatus.PENDING:
            return False
        identity = signing_identity_for(credential.provider_id)
        signed = sign_snapshot(credential, identity)
        store_pdf(credential, signed)
        now = timezone.now()
        credential.pdf_sha256 = signing.sha256(signed)
        credential.signed_by = identity
        credential.signed_at = now
        credential.signature_verified_at = now
        credential.status = CredentialStatus.ISSUED
        credential.render_error = ""
        credential.render_attempts += 1
        # Only what changed: the frozen snapshot (the row's bulk) is not sent back to PostgreSQL.
        credential.save(update_fields=PREPARED_FIELDS)
        template = "certificates/email/reissued" if credential.correction_reason else "certificates/email/issued"
        send_to_user(user=credential.learner, template=template, context={"credential": credential})
    return True


def credential_record_failure(*, credential_id: int, error: Exception) -> None:
    bilingual = isinstance(error, signing.SigningUnavailable | signed_check.SignatureDoesNotHold)
    message = error.both_languages() if bilingual else str(error)
    Credential.objects.filter(pk=credential_id, status=CredentialStatus.PENDING).update(
        render_error=message[:2000] or error.__class__.__name__, render_attempts=F("render_attempts") + 1
    )
