"""What a verification by code finds, and what was checked to find it. Read fresh on every request: a
revocation shows on the very next one."""

import dataclasses

from django.db import connections, router
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from apps.certificates.models import Credential, CredentialStatus, RevocationCategory, SigningIdentity
from apps.programmes.models import ProgrammeVersion
from apps.providers.selectors import AuthorizationState, scope_standing

VALID = "valid"
REVOKED = "revoked"
SUSPENDED = "suspended"
EXPIRED = "expired"
SUPERSEDED = "superseded"
CHANGED = "changed"
UNTRUSTED = "untrusted"
NOT_FOUND = "not_found"
INVALID = "invalid"
MISTYPED = "mistyped"
MALFORMED = "malformed"
UNREADABLE = "unreadable"
NOT_A_CERTIFICATE = "not_a_certificate"

VERDICTS = {
    VALID: pgettext_lazy("verification verdict", "Valid"),
    REVOKED: _("Revoked"),
    SUSPENDED: _("The provider's authorization is suspended"),
    EXPIRED: _("Expired"),
    SUPERSEDED: _("Replaced by a corrected certificate"),
    CHANGED: _("Changed after signing"),
    UNTRUSTED: _("Not signed by an identity this portal trusts"),
    NOT_FOUND: _("Not found"),
    INVALID: _("Not valid"),
    MISTYPED: _("Mistyped code"),
    MALFORMED: _("Not a verification code"),
    UNREADABLE: _("The file could not be read"),
    NOT_A_CERTIFICATE: _("Not a certificate file"),
}

# Which verdict leads when several findings hold, the first outranking the rest. What the file itself shows (it is
# not one the portal issued, or not unchanged, or not signed by a trusted identity) comes before the record: it
# says that what the reader holds is not the certificate. Then what the record says, the gravest first. "Valid" is
# what is left when nothing else holds.
RANK = [
    NOT_A_CERTIFICATE,
    UNREADABLE,
    MALFORMED,
    MISTYPED,
    NOT_FOUND,
    CHANGED,
    UNTRUSTED,
    REVOKED,
    INVALID,
    SUPERSEDED,
    SUSPENDED,
    EXPIRED,
    VALID,
]
# How the headline looks: green for valid, amber for a certificate that was genuine but needs a second look,
# red for everything the portal does not vouch for.
GOOD, WARNING, BAD = "good", "warning", "bad"
TONES = {VALID: GOOD, SUPERSEDED: WARNING, SUSPENDED: WARNING, EXPIRED: WARNING}


def compose(*findings: str | None) -> str:
    """The one verdict that leads every answer (the page, the file check, the API, the print view): the
    highest-ranked of what the record checks and the file checks found, "valid" if they found nothing."""
    found = [f for f in findings if f]
    return min(found, key=RANK.index) if found else VALID


def tone(verdict: str) -> str:
    return TONES.get(verdict, BAD)


@dataclasses.dataclass
class Check:
    label: str
    passed: bool
    detail: str = ""


@dataclasses.dataclass
class Verification:
    """What the record of a code says: its checks, and the findings that make the verdict."""

    findings: list[str] = dataclasses.field(default_factory=list)
    credential: Credential | None = None
    checks: list[Check] = dataclasses.field(default_factory=list)

    @classmethod
    def of(cls, verdict: str) -> "Verification":
        return cls([verdict])

    @property
    def verdict(self) -> str:
        return compose(*self.findings)

    @property
    def verdict_label(self):
        return VERDICTS[self.verdict]

    @property
    def tone(self) -> str:
        return tone(self.verdict)

    @property
    def is_valid(self) -> bool:
        return self.verdict == VALID


# Only what the page reads, from the credential's own row: a join (and the version's long texts) would cost
# more to plan, fetch and build than the lookup itself. The version's approval and the signer's standing are two
# small queries of their own.
LOOKUP_FIELDS = [
    "code",
    "status",
    "snapshot",
    "issued_at",
    "expires_at",
    "revoked_at",
    "revocation_category",
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


def lookup_many(codes: list[str]):
    """`lookup` for several codes at once (verification records, apps/verification/records.py)."""
    return Credential.objects.only(*LOOKUP_FIELDS).filter(code__in=codes).exclude(status=CredentialStatus.PENDING)


# `lookup`'s SQL, compiled once per process (building it anew cost more than running it): its parameters hold
# _CODE where the code goes.
_CODE = "\x00"
_find_sql: tuple[str, tuple] | None = None


def find(code: str) -> Credential | None:
    """The credential of `lookup(code)`, with the same fields loaded and converted as the ORM would. On PostgreSQL
    the SQL is compiled once and the row converted here (the driver gives Python values, which the fields' own
    `from_db_value` finish); on another database (SQLite, the embedded default, whose driver gives strings for dates
    and UUIDs that the backend's converters turn into values) the ORM does it."""
    global _find_sql
    connection = connections[router.db_for_read(Credential)]
    if connection.vendor != "postgresql":
        return next(iter(lookup(code)[:1]), None)
    if _find_sql is None:
        _find_sql = lookup(_CODE)[:1].query.sql_with_params()
    sql, params = _find_sql
    with connection.cursor() as cursor:
        cursor.execute(sql, [code if param == _CODE else param for param in params])
        row = cursor.fetchone()
        columns = [column.name for column in cursor.description]
    if row is None:
        return None
    fields = [_BY_COLUMN[column] for column in columns]
    values = [
        field.from_db_value(value, None, cursor.db) if value is not None and hasattr(field, "from_db_value") else value
        for field, value in zip(fields, row, strict=True)
    ]
    return Credential.from_db(cursor.db.alias, [field.attname for field in fields], values)


_BY_COLUMN = {field.column: field for field in Credential._meta.concrete_fields}


@dataclasses.dataclass(frozen=True)
class Standing:
    """What a record's checks read beyond its own row: the provider's authorization for the level and field on the
    day of issue and today, the version's approval, whether the signing key was reported compromised. It depends on
    the provider, the version, the signer and the two days, not on the credential."""

    then: str
    now: str
    approved: bool
    compromised: bool


# Standings kept in this process under the token of every kept page (kept_pages.EVERYTHING), which every change to
# an authorization, a programme version or a signing identity replaces once it commits: one read BEFORE the database
# vouches for what is kept, as for a kept page, so a certificate no one asked for before costs one query. Bounded:
# a provider, version, signer and day of issue make a key, and a full table starts again.
_standings: dict[tuple, Standing] = {}
STANDINGS_KEPT = 4096


def standing_of(credential: Credential, *, issued_on, today, token: str | None = None) -> Standing:
    snapshot = credential.snapshot
    field_code = (snapshot.get("field_of_study") or {}).get("code") or ""
    level = snapshot.get("nqf_level") or 0
    key = (token, credential.provider_id, credential.version_id, credential.signed_by_id, level, field_code)
    key += (issued_on, today)
    if token is not None and (kept := _standings.get(key)) is not None:
        return kept
    then, now = scope_standing(
        provider_id=credential.provider_id, nqf_level=level, field_code=field_code, days=[issued_on, today]
    )
    standing = Standing(
        then,
        now,
        ProgrammeVersion.objects.only("status", "approved_at").get(pk=credential.version_id).is_approved,
        signed_with_compromised_key(credential),
    )
    if token is not None:
        if len(_standings) >= STANDINGS_KEPT:
            _standings.clear()
        _standings[key] = standing
    return standing


def verify(code: str, *, token: str | None = None) -> Verification:
    """`token`: the current kept-pages token, read before the database (kept_pages.Lookup), under which the
    standing of the provider, version and signer may be kept; without it everything is read fresh."""
    credential = find(code)
    if credential is None:
        return Verification([NOT_FOUND], checks=[Check(_("The record exists in the national registry"), False)])
    return judge(credential, token=token)


def judge(credential: Credential, *, token: str | None = None) -> Verification:
    """The checks and findings of a credential found (in the database, or in its verification record)."""
    now = timezone.now()
    issued_on = timezone.localtime(credential.issued_at).date()
    standing = standing_of(credential, issued_on=issued_on, today=timezone.localdate(), token=token)
    authorized_then = standing.then == AuthorizationState.VALID
    authorized_now = standing.now == AuthorizationState.VALID
    suspended_now = standing.now == AuthorizationState.SUSPENDED
    approved = standing.approved
    compromised = standing.compromised
    signature_ok = bool(credential.signature_verified_at and credential.pdf_sha256 and credential.signed_by_id)
    revoked = credential.status == CredentialStatus.REVOKED
    expired = credential.is_expired(now)
    if suspended_now:
        now_detail = _("The Center has suspended it: ask the provider or the Center before relying on the certificate.")
    elif not authorized_now:
        now_detail = _("This does not affect a certificate issued while it was authorized.")
    else:
        now_detail = ""
    checks = [
        Check(_("The record exists in the national registry"), True),
        Check(
            _("The Center had authorized the provider for this level and field on the date of issue"),
            authorized_then,
        ),
        Check(_("The provider is still authorized for them today"), authorized_now, now_detail),
        Check(_("The programme was approved by the Center"), approved),
        Check(_("Not revoked"), not revoked, revocation_summary(credential) if revoked else ""),
        Check(_("Not replaced by a corrected certificate"), credential.status != CredentialStatus.SUPERSEDED),
        Check(_("Not expired"), not expired),
        Check(
            _("The PDF on file carries a valid electronic signature (checked when it was signed)"),
            signature_ok and not compromised,
            _("The key that signed it was later reported compromised.") if compromised else "",
        ),
    ]
    findings = [
        REVOKED if revoked else None,
        SUPERSEDED if credential.status == CredentialStatus.SUPERSEDED else None,
        EXPIRED if expired else None,
        SUSPENDED if suspended_now else None,
        # A record that fails its own checks is not vouched for.
        INVALID if not (authorized_then and approved and signature_ok) else None,
        UNTRUSTED if compromised else None,
    ]
    return Verification([f for f in findings if f], credential, checks)


def signed_with_compromised_key(credential: Credential) -> bool:
    """Whether the key that signed the credential was later reported compromised."""
    return (
        credential.signed_by_id is not None
        and SigningIdentity.objects.filter(pk=credential.signed_by_id, compromised_at__isnull=False).exists()
    )


def revocation_summary(credential: Credential) -> str:
    """What the public is told of a revocation: the category and the date, never the words staff typed."""
    return _("%(category)s, on %(date)s") % {
        "category": credential.get_revocation_category_display() or RevocationCategory.OTHER.label,
        "date": date_format(timezone.localtime(credential.revoked_at), "DATE_FORMAT") if credential.revoked_at else "",
    }
