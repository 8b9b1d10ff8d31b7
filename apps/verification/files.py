"""Checking an uploaded file: a certificate PDF, or an Open Badges 3.0 credential (JSON or VC-JWT). The file is
checked in memory, never stored, sniffed by its content (not its name), and parsed in a limited child
process (sandbox.run_limited)."""

import dataclasses
import hashlib
import io
import json
import re

from cryptography.hazmat.primitives.serialization import Encoding
from django.utils.translation import gettext_lazy as _

from apps.certificates import codes, keys, ob3, signing

from .checks import Verification, find, verify

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

JWT_PATTERN = re.compile(rb"^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*\.[A-Za-z0-9_-]*$")


@dataclasses.dataclass
class FileCheck:
    verdict: str
    kind: str = ""
    code: str = ""
    record: Verification | None = None
    detail: str = ""

    @property
    def verdict_label(self):
        return FILE_VERDICTS[self.verdict]

    @property
    def good(self) -> bool:
        return self.verdict in GOOD


def sniff(data: bytes) -> str:
    head = data[:1024].lstrip()
    if head.startswith(b"%PDF-"):
        return "pdf"
    if head.startswith((b"{", b"[")):
        return "json"
    if JWT_PATTERN.match(data.strip()[:20_000_000]):
        return "jwt"
    return "other"


# --- In the child process: parse, never touch the database -------------------------------------------------


def _pdf_facts(data: bytes) -> dict:
    from pyhanko.pdf_utils.reader import PdfFileReader

    reader = PdfFileReader(io.BytesIO(data), strict=False)
    info = reader.trailer["/Info"] if "/Info" in reader.trailer else {}  # noqa: SIM401 - not a dict
    code = str(info.get("/VerificationCode", "")) if info else ""
    return {"code": code, "sha256": hashlib.sha256(data).hexdigest(), "signatures": len(reader.embedded_signatures)}


def _pdf_signature(data: bytes, roots_der: list[bytes], moment) -> dict:
    from cryptography import x509

    roots = [x509.load_der_x509_certificate(der) for der in roots_der]
    check = signing.check_signature(data, roots=roots, at=moment)
    return dataclasses.asdict(check)


def _json_facts(data: bytes):
    return json.loads(data.decode("utf-8"))


def _jwt_check(data: bytes, public_keys: dict):
    result = ob3.verify_jwt(data.decode("ascii").strip(), keys=public_keys)
    return dataclasses.asdict(result)


# --- In the web process -----------------------------------------------------------------------------------


def check_file(data: bytes) -> FileCheck:
    from .sandbox import run_limited

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
    facts = run_limited(_pdf_facts, data)
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
    result = run_limited(_pdf_signature, data, roots, credential.signed_at)
    if result is None:
        return FileCheck(UNREADABLE, "pdf", code, record)
    check = signing.SignatureCheck(**result)
    compromised = _signer_compromised(check.signer_key_id)
    if not check.intact or not check.whole_document or not check.single or facts["sha256"] != credential.pdf_sha256:
        if check.intact and check.whole_document and check.single and check.trusted and not compromised:
            # A genuine signature of ours over a file we have no record of under this code: another document.
            return FileCheck(CHANGED, "pdf", code, record, "hash differs")
        return FileCheck(CHANGED, "pdf", code, record)
    if not check.trusted or compromised:
        return FileCheck(UNTRUSTED, "pdf", code, record)
    return FileCheck(AUTHENTIC, "pdf", code, record)


def _signer_compromised(key_id: str) -> bool:
    from apps.certificates.models import SigningIdentity

    identity = SigningIdentity.objects.filter(key_id=key_id).first()
    return identity is None or identity.compromised_at is not None


def _code_from_id(value) -> str:
    match = re.search(r"/credentials/([0-9A-Za-z-]{15,17})/ob3\.json$", str(value or ""))
    return _canonical(match.group(1)) if match else ""


def _check_json(data: bytes, run_limited) -> FileCheck:
    document = run_limited(_json_facts, data)
    if not isinstance(document, dict) or "OpenBadgeCredential" not in (document.get("type") or []):
        return FileCheck(NOT_A_CERTIFICATE if document is not None else UNREADABLE, "json")
    code = _code_from_id(document.get("id"))
    credential = find(code) if code else None
    if credential is None:
        return FileCheck(NOT_ISSUED, "json", code)
    record = verify(code)
    same = json.dumps(document, sort_keys=True) == json.dumps(ob3.credential_json(credential), sort_keys=True)
    return FileCheck(JSON_MATCHES if same else JSON_DIFFERS, "json", code, record)


def _check_jwt(data: bytes, run_limited) -> FileCheck:
    result = run_limited(_jwt_check, data, ob3.public_keys())
    if result is None:
        return FileCheck(UNREADABLE, "jwt")
    if not result["valid"]:
        claims = result.get("claims") or {}
        code = _code_from_id(claims.get("id"))
        return FileCheck(JWT_INVALID, "jwt", code, verify(code) if code and find(code) else None, result["problem"])
    code = _code_from_id(result["claims"].get("id"))
    credential = find(code) if code else None
    if credential is None:
        return FileCheck(NOT_ISSUED, "jwt", code)
    record = verify(code)
    if json.dumps(_without_registered(result["claims"]), sort_keys=True) != json.dumps(
        ob3.credential_json(credential), sort_keys=True
    ):
        return FileCheck(JWT_INVALID, "jwt", code, record, "differs from the record")
    return FileCheck(JWT_VALID, "jwt", code, record)


def _without_registered(claims: dict) -> dict:
    return {k: v for k, v in claims.items() if k not in ("iss", "jti", "sub", "nbf", "exp", "iat")}
