"""Checking an uploaded file: a certificate PDF, or an Open Badges 3.0 credential (JSON or VC-JWT). The file is
checked in memory, never stored, sniffed by its content (not its name), and parsed in a limited child
process (sandbox.run_limited). The child answers only the few facts a verdict needs, in the fields below (each
string capped): never the parsed file, which may be many times the size of the upload."""

import dataclasses
import datetime
import hashlib
import io
import json
import re

from cryptography import x509
from cryptography.hazmat.primitives.serialization import Encoding
from django.utils.translation import gettext_lazy as _
from pyhanko.pdf_utils.reader import PdfFileReader

from apps.certificates import codes, keys, ob3_build, ob3_keys, ob3_verify, signing
from apps.certificates.models import SigningIdentity

from . import checks
from .checks import Verification, find, verify
from .sandbox import run_limited

AUTHENTIC = "authentic"
CHANGED = "changed"
UNTRUSTED = "untrusted"
NOT_ISSUED = "not_issued"
UNREADABLE = "unreadable"
NOT_A_CERTIFICATE = "not_a_certificate"
JWT_VALID = "jwt_valid"
JWT_INVALID = "jwt_invalid"
JSON_MATCHES = "json_matches"
JSON_DIFFERS = "json_differs"

FILE_VERDICTS = {
    AUTHENTIC: _("Authentic and unchanged"),
    CHANGED: _("Changed after signing"),
    UNTRUSTED: _("Signed, but not by an identity this portal trusts"),
    NOT_ISSUED: _("Not issued here"),
    UNREADABLE: _("The file could not be read"),
    NOT_A_CERTIFICATE: _("Not a certificate file: upload the PDF certificate or an Open Badges file (JSON or JWT)"),
    JWT_VALID: _("A genuine Open Badges credential, signed by this portal"),
    JWT_INVALID: _("The Open Badges signature or content does not hold"),
    JSON_MATCHES: _("Matches this portal's record, but a plain JSON file carries no signature"),
    JSON_DIFFERS: _("Does not match this portal's record"),
}
GOOD = {AUTHENTIC, JWT_VALID, JSON_MATCHES}

# What each file verdict finds for the composed verdict (checks.compose); a good file finds nothing, and the record
# decides.
FINDINGS = {
    CHANGED: checks.CHANGED,
    JSON_DIFFERS: checks.CHANGED,
    JWT_INVALID: checks.CHANGED,
    UNTRUSTED: checks.UNTRUSTED,
    NOT_ISSUED: checks.NOT_FOUND,
    UNREADABLE: checks.UNREADABLE,
    NOT_A_CERTIFICATE: checks.NOT_A_CERTIFICATE,
}

JWT_PATTERN = re.compile(rb"^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*\.[A-Za-z0-9_-]*$")


@dataclasses.dataclass
class FileCheck:
    """What the file shows (`file_verdict`) and what the record of its code says (`record`): the answer leads
    with the verdict composed from both."""

    file_verdict: str
    kind: str = ""
    code: str = ""
    record: Verification | None = None
    detail: str = ""
    signature: signing.SignatureCheck | None = None  # a PDF's, once checked

    @property
    def finding(self) -> str | None:
        if self.file_verdict == JWT_INVALID and self.record is None:
            return checks.INVALID  # a token that does not hold, naming no record of ours
        return FINDINGS.get(self.file_verdict)

    @property
    def verdict(self) -> str:
        return checks.compose(self.finding, *(self.record.findings if self.record else []))

    @property
    def verdict_label(self):
        return checks.VERDICTS[self.verdict]

    @property
    def tone(self) -> str:
        return checks.tone(self.verdict)

    @property
    def file_verdict_label(self):
        return FILE_VERDICTS[self.file_verdict]

    @property
    def file_good(self) -> bool:
        return self.file_verdict in GOOD


def sniff(data: bytes) -> str:
    head = data[:1024].lstrip()
    if head.startswith(b"%PDF-"):
        return "pdf"
    if head.startswith((b"{", b"[")):
        return "json"
    if JWT_PATTERN.match(data.strip()[:20_000_000]):
        return "jwt"
    return "other"


# --- What a child may answer: field -> (type, longest string) ---------------------------------------------

CODE = (str, 64)  # a code as the file spells it (as long as the form takes); the web process makes it canonical
DIGEST = (str, 64)  # SHA-256 in hex
PDF_FACTS = {"code": CODE, "sha256": DIGEST, "signatures": (int, 0)}
PDF_SIGNATURE = {
    "signed": (bool, 0),
    "single": (bool, 0),
    "intact": (bool, 0),
    "whole_document": (bool, 0),
    "trusted": (bool, 0),
    "signer_key_id": DIGEST,
    "signing_time": (str, 40),  # ISO 8601, or empty
    "timestamped_at": (str, 40),  # ISO 8601, or empty
    "timestamp_valid": (bool, 0),
    "timestamp_trusted": (bool, 0),
    "error": (str, 300),
}
# A plain JSON file is compared with the record by the digest of its canonical form (digest() on both sides).
JSON_FACTS = {"badge": (bool, 0), "code": CODE, "digest": DIGEST}
JWT_FACTS = {"valid": (bool, 0), "problem": (str, 32), "code": CODE, "digest": DIGEST}


def _record_digests(credential) -> set[str]:
    """The record in every form the portal hands out (the learner's own, and the public one without what the
    learner keeps to themself): a file that matches either is the record."""
    return {digest(document) for document in ob3_build.credential_variants(credential)}


def digest(document) -> str:
    """The SHA-256 of a JSON document in one canonical form, so that two documents compare by their digests."""
    return hashlib.sha256(json.dumps(document, sort_keys=True).encode()).hexdigest()


# --- In the child process: parse, never touch the database -------------------------------------------------


def _pdf_facts(data: bytes) -> dict:
    reader = PdfFileReader(io.BytesIO(data), strict=False)
    info = reader.trailer["/Info"] if "/Info" in reader.trailer else {}  # noqa: SIM401 - not a dict
    code = str(info.get("/VerificationCode", "")) if info else ""
    return {
        "code": code if len(code) <= CODE[1] else "",  # cut short, a longer string could turn into a code
        "sha256": hashlib.sha256(data).hexdigest(),
        "signatures": len(reader.embedded_signatures),
    }


def _pdf_signature(data: bytes, roots_der: list[bytes], moment, timestamp_roots_der: list[bytes] = ()) -> dict:
    roots = [x509.load_der_x509_certificate(der) for der in roots_der]
    timestamp_roots = [x509.load_der_x509_certificate(der) for der in timestamp_roots_der]
    check = signing.check_signature(data, roots=roots, at=moment, timestamp_roots=timestamp_roots)
    facts = dataclasses.asdict(check)
    for name in ("signing_time", "timestamped_at"):
        facts[name] = facts[name].isoformat() if facts[name] else ""
    return facts


def _code_in(value) -> str:
    match = re.search(r"/credentials/([0-9A-Za-z-]{15,17})/ob3\.json$", value) if isinstance(value, str) else None
    return match.group(1) if match else ""


def _json_facts(data: bytes) -> dict:
    document = json.loads(data.decode("utf-8"))
    types = document.get("type") if isinstance(document, dict) else None
    if not (types == "OpenBadgeCredential" or (isinstance(types, list) and "OpenBadgeCredential" in types)):
        return {"badge": False}
    return {"badge": True, "code": _code_in(document.get("id")), "digest": digest(document)}


def _jwt_check(data: bytes, public_keys: dict) -> dict:
    result = ob3_verify.verify_jwt(data.decode("ascii").strip(), keys=public_keys)
    claims = result.claims or {}
    return {
        "valid": result.valid,
        "problem": result.problem,
        "code": _code_in(claims.get("id")),
        "digest": digest(_without_registered(claims)) if result.valid else "",
    }


# --- In the web process -----------------------------------------------------------------------------------


def check_file(data: bytes) -> FileCheck:
    kind = sniff(data)
    if kind == "pdf":
        return _check_pdf(data, run_limited)
    if kind == "json":
        return _check_json(data, run_limited)
    if kind == "jwt":
        return _check_jwt(data, run_limited)
    return FileCheck(NOT_A_CERTIFICATE, kind)


def _canonical(code: str) -> str:
    try:
        return codes.normalize(code)
    except ValueError:
        return ""


def _check_pdf(data: bytes, run_limited) -> FileCheck:
    facts = run_limited(_pdf_facts, data, reply=PDF_FACTS)
    if facts is None:
        return FileCheck(UNREADABLE, "pdf")
    code = _canonical(facts["code"])
    credential = find(code) if code else None
    if credential is None:
        return FileCheck(NOT_ISSUED, "pdf", code)
    record = verify(code)
    if facts["signatures"] == 0:
        return FileCheck(CHANGED, "pdf", code, record, "no signature")
    roots = [root.public_bytes(Encoding.DER) for root in keys.trust_roots()]
    timestamp_roots = [root.public_bytes(Encoding.DER) for root in signing.timestamp_trust_roots()]
    result = run_limited(_pdf_signature, data, roots, credential.signed_at, timestamp_roots, reply=PDF_SIGNATURE)
    if result is None:
        return FileCheck(UNREADABLE, "pdf", code, record)
    times = {name: _moment(result[name]) for name in ("signing_time", "timestamped_at")}
    check = signing.SignatureCheck(**(result | times))
    compromised = _signer_compromised(check.signer_key_id)
    if not check.intact or not check.whole_document or not check.single or facts["sha256"] != credential.pdf_sha256:
        if check.intact and check.whole_document and check.single and check.trusted and not compromised:
            # A genuine signature of ours over a file we have no record of under this code: another document.
            return FileCheck(CHANGED, "pdf", code, record, "hash differs")
        return FileCheck(CHANGED, "pdf", code, record)
    if not check.trusted or compromised:
        return FileCheck(UNTRUSTED, "pdf", code, record)
    return FileCheck(AUTHENTIC, "pdf", code, record, signature=check)


def _moment(value: str) -> datetime.datetime | None:
    try:
        return datetime.datetime.fromisoformat(value) if value else None
    except ValueError:
        return None


def _signer_compromised(key_id: str) -> bool:
    identity = SigningIdentity.objects.filter(key_id=key_id).first()
    return identity is None or identity.compromised_at is not None


def _check_json(data: bytes, run_limited) -> FileCheck:
    facts = run_limited(_json_facts, data, reply=JSON_FACTS)
    if facts is None:
        return FileCheck(UNREADABLE, "json")
    if not facts["badge"]:
        return FileCheck(NOT_A_CERTIFICATE, "json")
    code = _canonical(facts["code"])
    credential = find(code) if code else None
    if credential is None:
        return FileCheck(NOT_ISSUED, "json", code)
    record = verify(code)
    same = facts["digest"] in _record_digests(credential)
    return FileCheck(JSON_MATCHES if same else JSON_DIFFERS, "json", code, record)


def _check_jwt(data: bytes, run_limited) -> FileCheck:
    result = run_limited(_jwt_check, data, ob3_keys.public_keys(), reply=JWT_FACTS)
    if result is None:
        return FileCheck(UNREADABLE, "jwt")
    code = _canonical(result["code"])
    if not result["valid"]:
        return FileCheck(JWT_INVALID, "jwt", code, verify(code) if code and find(code) else None, result["problem"])
    credential = find(code) if code else None
    if credential is None:
        return FileCheck(NOT_ISSUED, "jwt", code)
    record = verify(code)
    if result["digest"] not in _record_digests(credential):
        return FileCheck(JWT_INVALID, "jwt", code, record, "differs from the record")
    return FileCheck(JWT_VALID, "jwt", code, record)


def _without_registered(claims: dict) -> dict:
    return {k: v for k, v in claims.items() if k not in ("iss", "jti", "sub", "nbf", "exp", "iat")}
