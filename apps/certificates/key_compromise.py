"""A compromised signing key: it never signs again and the portal no longer trusts what it signed; every issued
credential it signed is re-signed with its owner's current identity, or revoked. Who declared it is recorded."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from . import signing
from .models import Credential, CredentialStatus, RevocationCategory, SigningIdentity
from .preparation import sign_snapshot, signing_identity_for, store_pdf
from .revocation import revoke as revoke_credential


def _may_re_sign(identity: SigningIdentity) -> bool:
    """Another active identity can take over: its owner's, or the platform's."""
    others = SigningIdentity.objects.filter(active=True).exclude(pk=identity.pk)
    return others.filter(provider=identity.provider).exists() or others.filter(provider=None).exists()


def signing_identity_compromise(
    *, identity: SigningIdentity, reason: str, revoke: bool, acting_user=None
) -> list[dict]:
    """Mark a key compromised (by `acting_user`, when known), then re-sign or, with `revoke`, revoke what it
    signed. Refused, before anything changes, when re-signing is asked and no other identity could do it.
    Returns the report: one row per credential."""
    if not (reason or "").strip():
        raise ValidationError(_("Give the reason why the key is compromised."))
    reason = reason.strip()
    if not revoke and not _may_re_sign(identity):
        raise ValidationError(
            _(
                "No other identity can re-sign: install a new one first (python manage.py signing_install), "
                "or revoke what the key signed."
            )
        )
    with transaction.atomic():
        identity = SigningIdentity.objects.select_for_update().get(pk=identity.pk)
        identity.active = False
        identity.compromised_at = timezone.now()
        identity.compromised_by = acting_user
        identity.compromise_reason = reason
        identity.retired_at = identity.retired_at or identity.compromised_at
        identity.save()
    report = []
    affected = Credential.objects.filter(signed_by=identity, status=CredentialStatus.ISSUED).order_by("pk")
    for credential_id in list(affected.values_list("pk", flat=True)):
        with transaction.atomic():
            credential = Credential.objects.select_for_update().get(pk=credential_id)
            if revoke:
                revoke_credential(
                    credential,
                    acting_user=acting_user,
                    reason=_("The key that signed this certificate was compromised: %(reason)s") % {"reason": reason},
                    category=RevocationCategory.KEY_COMPROMISED,
                )
                report.append({"code": credential.code, "action": "revoked", "key_id": ""})
                continue
            replacement = signing_identity_for(credential.provider_id)
            signed = sign_snapshot(credential, replacement)
            store_pdf(credential, signed)
            credential.pdf_sha256 = signing.sha256(signed)
            credential.signed_by = replacement
            credential.signed_at = credential.signature_verified_at = timezone.now()
            credential.save(update_fields=["pdf", "pdf_sha256", "signed_by", "signed_at", "signature_verified_at"])
            report.append({"code": credential.code, "action": "re-signed", "key_id": replacement.key_id})
    return report
