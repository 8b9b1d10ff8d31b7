"""A compact verification record per credential, kept in Redis, so that a certificate no one asked for before is
answered without the database: only what the page reads of the credential beyond the shape that page_parts keeps per
process (the status, the learner's names, the grade if shown, the dates, the show flags, the provider, version and
signer, the signature facts), and the digest of the rest of the snapshot the page reads, which is kept once for all
credentials that share it (`verify-part:<digest>`, content-addressed, so never stale). Some 300 bytes of JSON.

A record is written when the credential changes (post_save, which issuance goes through too: at once the record is
only a marker, and once the change commits it is written anew from the database) and
by `verification_records_rebuild` for credentials that exist already (after a Redis flush). It is never stale:
  - its value starts with a token. Every change first replaces the whole value by a bare token (a marker: "being
    written"), then reads the credential from the database, then writes the record only if the marker is still
    the one it set (one Lua script). A write that lost the race to a later change writes nothing, and the record
    read from the database is always read after the latest marker was set, which is after the latest commit.
  - a reader that finds no record sets a marker itself (in the same round trip as the lookup, kept_pages), reads
    the database as before and writes the record under that marker: a missing record costs one page from the
    database, never a wrong one.
  - what the verdict reads beyond the record (authorizations, the version's approval, a compromised signing key)
    is kept per process under the global token of the kept pages (checks.standing_of); expiry is judged at read
    time from the expiry date the record holds.
Only issued and revoked credentials get records (a superseded one names its replacement, which its row does not
hold); pending ones never do. The per-credential token of the kept pages is not used: it expires, a record does not.
"""

import datetime
import hashlib
import json
import secrets

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from django_redis import get_redis_connection

from apps.certificates.models import Credential, CredentialStatus

from . import checks, page_parts

SERVED = {CredentialStatus.ISSUED, CredentialStatus.REVOKED}
# The number moves on when the record's layout changes, so that records written before are never read.
RECORDS = "verify-record:1"
PARTS = "verify-part:1"
TOKEN = 16  # hex characters: the marker, then "\n" and the record
MARKER_SECONDS = 300  # a marker no record follows (a code not found, a pending credential) goes away by itself
LEARNER = ["first_name_ka", "last_name_ka", "first_name_en", "last_name_en"]  # what the page reads of the learner
# The credential's own fields in a record, after the digest, the learner's names and the grade; datetimes in
# microseconds since the epoch.
FIELDS = [
    "status",
    "issued_at",
    "expires_at",
    "revoked_at",
    "revocation_category",
    "show_grade",
    "show_pdf",
    "provider_id",
    "version_id",
    "signed_by_id",
    "pdf_sha256",
    "signed_at",
    "signature_verified_at",
]
_MOMENTS = {"issued_at", "expires_at", "revoked_at", "signed_at", "signature_verified_at"}
_EPOCH = datetime.datetime(1970, 1, 1, tzinfo=datetime.UTC)
_MICROSECOND = datetime.timedelta(microseconds=1)
_ATTNAMES = [field.attname for field in Credential._meta.concrete_fields]

# Write the record ARGV[2] under the marker ARGV[1] only if that marker is still the key's value.
_WRITE = """
for i, key in ipairs(KEYS) do
  local current = redis.call('GET', key)
  if current and current == ARGV[2 * i - 1] then
    redis.call('SET', key, current .. '\\n' .. ARGV[2 * i])
  end
end
return 0
"""
_write_script = None
_parts: dict[str, dict] = {}  # digest: the snapshot's part, kept in this process
PARTS_KEPT = 4096


def record_key(code: str) -> str:
    return cache.make_key(f"{RECORDS}:{code}")


def part_key(digest: str) -> str:
    return cache.make_key(f"{PARTS}:{digest}")


def new_marker() -> str:
    return secrets.token_hex(TOKEN // 2)


def _part(snapshot: dict) -> tuple[str, bytes]:
    """The digest and JSON of what the page reads of the snapshot besides the learner and the grade."""
    part = {
        key: snapshot[key] for key in page_parts.SNAPSHOT_READ if key in snapshot and key not in ("learner", "grade")
    }
    text = json.dumps(part, sort_keys=True, ensure_ascii=False, separators=(",", ":")).encode()
    return hashlib.sha256(text).hexdigest()[:32], text


def _moment(value: datetime.datetime | None) -> int | None:
    return None if value is None else (value - _EPOCH) // _MICROSECOND


def encode(credential: Credential) -> tuple[bytes, str, bytes] | None:
    """(the record, the part's digest, the part's JSON) of a credential, or None if it gets no record."""
    if credential.status not in SERVED:
        return None
    snapshot = credential.snapshot or {}
    digest, part = _part(snapshot)
    learner = snapshot.get("learner") or {}
    grade = (snapshot.get("grade") or {}) if credential.show_grade else {}
    own = [getattr(credential, name) for name in FIELDS]
    own = [_moment(value) if name in _MOMENTS else value for name, value in zip(FIELDS, own, strict=True)]
    record = [digest, [learner.get(key) for key in LEARNER], grade, *own]
    return json.dumps(record, ensure_ascii=False, separators=(",", ":")).encode(), digest, part


def decode(code: str, record: bytes, redis=None) -> Credential | None:
    """The credential of a record, with the fields the page reads (any other one is deferred: reading it would be a
    query), or None if the record's layout is not this one or its part is nowhere (then read the database)."""
    try:
        digest, names, grade, *own = json.loads(record)
    except ValueError:
        return None
    if len(own) != len(FIELDS):
        return None
    part = _parts.get(digest)
    if part is None:
        text = (redis or get_redis_connection("default")).get(part_key(digest))
        if text is None or hashlib.sha256(text).hexdigest()[:32] != digest:
            return None
        part = json.loads(text)
        if len(_parts) >= PARTS_KEPT:
            _parts.clear()
        _parts[digest] = part
    snapshot = {**part, "learner": {key: name for key, name in zip(LEARNER, names, strict=True) if name is not None}}
    if grade:
        snapshot["grade"] = grade
    values = [
        _EPOCH + value * _MICROSECOND if name in _MOMENTS and value is not None else value
        for name, value in zip(FIELDS, own, strict=True)
    ]
    given = dict(zip(FIELDS, values, strict=True)) | {"code": code, "snapshot": snapshot}
    # from_db takes the values in the order of the model's fields
    names = [name for name in _ATTNAMES if name in given]
    credential = Credential.from_db(None, names, [given[name] for name in names])
    credential.record_digest = digest  # page_parts keys the shape by it
    return credential


def split(value: bytes | None) -> tuple[str | None, bytes | None]:
    """(marker, record) of a key's value: the record None while it is only a marker."""
    if value is None:
        return None, None
    marker, _, record = value.partition(b"\n")
    return marker.decode(), (record or None)


def write(pipeline, entries: list[tuple[str, str, Credential | None]]) -> None:
    """Queue on `pipeline` the records of `entries` (code, the marker set before the credential was read, the
    credential read), each written only if its marker is still current."""
    global _write_script
    if _write_script is None:
        _write_script = get_redis_connection("default").register_script(_WRITE)
    keys, args = [], []
    for code, marker, credential in entries:
        encoded = encode(credential) if credential is not None else None
        if encoded is None:
            continue
        record, digest, part = encoded
        pipeline.set(part_key(digest), part, nx=True)
        keys.append(record_key(code))
        args += [marker, record]
    if keys:
        _write_script(keys=keys, args=args, client=pipeline)


def refresh(codes: list[str]) -> None:
    """Write the records of `codes` from the database, after a change that committed (or for a rebuild): markers
    first, then the database, then the records under their markers."""
    if not settings.REDIS_URL or not codes:
        return
    redis = get_redis_connection("default")
    markers = {code: new_marker() for code in codes}
    pipeline = redis.pipeline(transaction=False)
    for code, marker in markers.items():
        pipeline.set(record_key(code), marker, ex=MARKER_SECONDS)
    pipeline.execute()
    found = {credential.code: credential for credential in checks.lookup_many(codes).filter(status__in=SERVED)}
    pipeline = redis.pipeline(transaction=False)
    write(pipeline, [(code, marker, found.get(code)) for code, marker in markers.items()])
    pipeline.execute()


def rebuild(batch: int = 2000) -> int:
    """Records for every issued and revoked credential (what `verification_records_rebuild` runs). Returns how many."""
    written = 0
    codes = Credential.objects.filter(status__in=SERVED).order_by("pk").values_list("code", flat=True)
    chunk: list[str] = []
    for code in codes.iterator(chunk_size=batch):
        chunk.append(code)
        if len(chunk) == batch:
            refresh(chunk)
            written, chunk = written + len(chunk), []
    refresh(chunk)
    return written + len(chunk)


@receiver(post_save, sender=Credential, dispatch_uid="verification-record")
@receiver(post_delete, sender=Credential, dispatch_uid="verification-record-deleted")
def _credential_changed(sender, instance, **kwargs):
    """At once, the record is only a marker (until the change commits, readers read the database, and whatever they
    write under that marker is replaced); once the change commits, the record is written anew."""
    code = instance.code
    if settings.REDIS_URL:
        get_redis_connection("default").set(record_key(code), new_marker(), ex=MARKER_SECONDS)
    transaction.on_commit(lambda: refresh([code]))
