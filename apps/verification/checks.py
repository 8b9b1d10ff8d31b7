"""What a verification by code finds, and what was checked to find it. Read fresh on every request: a
revocation shows on the very next one."""

import dataclasses

from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from apps.certificates.models import Credential, CredentialStatus
from apps.programmes.models import Status

from . import authority

VALID = "valid"
REVOKED = "revoked"
EXPIRED = "expired"
SUPERSEDED = "superseded"
NOT_FOUND = "not_found"
INVALID = "invalid"
MISTYPED = "mistyped"
MALFORMED = "malformed"

VERDICTS = {
    VALID: pgettext_lazy("verification verdict", "Valid"),
    REVOKED: _("Revoked"),
    EXPIRED: _("Expired"),
    SUPERSEDED: _("Replaced by a corrected certificate"),
    NOT_FOUND: _("Not found"),
    INVALID: _("Not valid"),
    MISTYPED: _("Mistyped code"),
    MALFORMED: _("Not a verification code"),
}


@dataclasses.dataclass
class Check:
    label: str
    passed: bool
    detail: str = ""


@dataclasses.dataclass
class Verification:
    verdict: str
    credential: Credential | None = None
    checks: list[Check] = dataclasses.field(default_factory=list)

    @property
    def verdict_label(self):
        return VERDICTS[self.verdict]

    @property
    def is_valid(self) -> bool:
        return self.verdict == VALID


def lookup(code: str):
    """The query of a lookup by canonical code: one index lookup, with what the page shows."""
    return (
        Credential.objects.select_related("provider", "version", "superseded_by", "signed_by")
        .filter(code=code)
        .exclude(status=CredentialStatus.PENDING)
    )


def find(code: str) -> Credential | None:
    return lookup(code).first()


def verify(code: str) -> Verification:
    credential = find(code)
    if credential is None:
        return Verification(NOT_FOUND, checks=[Check(_("The record exists in the national registry"), False)])
    now = timezone.now()
    snapshot = credential.snapshot
    issued_on = timezone.localtime(credential.issued_at).date()
    field_code = (snapshot.get("field_of_study") or {}).get("code") or ""
    level = snapshot.get("nqf_level") or 0
    authorized_then, authorized_now = authority.authorized_on(
        provider_id=credential.provider_id,
        nqf_level=level,
        field_code=field_code,
        days=[issued_on, timezone.localdate()],
    )
    version = credential.version
    approved = version.approved_at is not None and version.status in (
        Status.APPROVED,
        Status.PUBLISHED,
        Status.ARCHIVED,
    )
    signature_ok = bool(credential.signature_verified_at and credential.pdf_sha256 and credential.signed_by)
    compromised = bool(credential.signed_by and credential.signed_by.compromised_at)
    checks = [
        Check(_("The record exists in the national registry"), True),
        Check(
            _("The Center had authorized the provider for this level and field on the date of issue"),
            authorized_then,
        ),
        Check(
            _("The provider is still authorized for them today"),
            authorized_now,
            "" if authorized_now else _("This does not affect a certificate issued while it was authorized."),
        ),
        Check(_("The programme was approved by the Center"), approved),
        Check(
            _("Not revoked"),
            credential.status != CredentialStatus.REVOKED,
            credential.revocation_reason if credential.status == CredentialStatus.REVOKED else "",
        ),
        Check(_("Not expired"), not credential.is_expired(now)),
        Check(
            _("The PDF on file carries a valid electronic signature (checked when it was signed)"),
            signature_ok and not compromised,
            _("The key that signed it was later reported compromised.") if compromised else "",
        ),
    ]
    if credential.status == CredentialStatus.REVOKED:
        verdict = REVOKED
    elif credential.status == CredentialStatus.SUPERSEDED:
        verdict = SUPERSEDED
    elif credential.is_expired(now):
        verdict = EXPIRED
    elif authorized_then and approved and signature_ok and not compromised:
        verdict = VALID
    else:
        verdict = INVALID  # a record that fails its own checks is not vouched for
    return Verification(verdict, credential, checks)
