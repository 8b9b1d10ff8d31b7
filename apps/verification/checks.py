"""What a verification by code finds, and what was checked to find it. Read fresh on every request: a
revocation shows on the very next one."""

import dataclasses

from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from apps.certificates.models import Credential, CredentialStatus

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


# Only what the page reads, from the credential's own row: a join (and the version's long texts) would cost
# more to plan, fetch and build than the lookup itself. The version's approval and the signer's standing come
# from authority.facts().
LOOKUP_FIELDS = [
    "code",
    "status",
    "snapshot",
    "issued_at",
    "expires_at",
    "revoked_at",
    "revocation_reason",
    "superseded_by",
    "show_grade",
    "show_pdf",
    "provider",
    "version",
    "signed_by",
    "pdf_sha256",
    "signed_at",
    "signature_verified_at",
]


def lookup(code: str):
    """The query of a lookup by canonical code: one index lookup on the unique code."""
    return Credential.objects.only(*LOOKUP_FIELDS).filter(code=code).exclude(status=CredentialStatus.PENDING).order_by()


def find(code: str) -> Credential | None:
    rows = list(lookup(code)[:1])
    return rows[0] if rows else None


def verify(code: str) -> Verification:
    credential = find(code)
    if credential is None:
        return Verification(NOT_FOUND, checks=[Check(_("The record exists in the national registry"), False)])
    now = timezone.now()
    snapshot = credential.snapshot
    issued_on = timezone.localtime(credential.issued_at).date()
    field_code = (snapshot.get("field_of_study") or {}).get("code") or ""
    level = snapshot.get("nqf_level") or 0
    (authorized_then, authorized_now), approved, compromised = authority.facts(
        provider_id=credential.provider_id,
        nqf_level=level,
        field_code=field_code,
        days=[issued_on, timezone.localdate()],
        version_id=credential.version_id,
        identity_id=credential.signed_by_id,
    )
    signature_ok = bool(credential.signature_verified_at and credential.pdf_sha256 and credential.signed_by_id)
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
