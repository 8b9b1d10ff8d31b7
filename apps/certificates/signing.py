"""PAdES signatures with pyHanko: signing a rendered certificate (PAdES B-T, with a signed timestamp, when a
timestamp authority is configured; B-B without), and validating a signed one against the portal's trust roots at
the time its timestamp proves, or else at the signing time on record.

A worker keeps each loaded key for its lifetime (pyHanko would otherwise re-read and re-parse the key file
for every signature), and reserves room for the signature up front so that pyHanko signs once instead of
twice to size it."""

import asyncio
import concurrent.futures
import dataclasses
import datetime
import functools
import hashlib
import io
import os
from pathlib import Path

from asn1crypto import x509 as asn1_x509
from cryptography import x509
from cryptography.hazmat.primitives.asymmetric.ec import ECDSA, EllipticCurvePrivateKey
from cryptography.hazmat.primitives.asymmetric.padding import PKCS1v15
from cryptography.hazmat.primitives.asymmetric.rsa import RSAPrivateKey
from cryptography.hazmat.primitives.serialization import Encoding, load_der_private_key
from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from pyhanko.keys import load_certs_from_pemder_data, load_private_key_from_pemder_data
from pyhanko.pdf_utils import generic
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign import fields, signers
from pyhanko.sign.general import get_pyca_cryptography_hash
from pyhanko.sign.timestamps import HTTPTimeStamper, TimestampRequestError
from pyhanko.sign.validation import validate_pdf_signature
from pyhanko.sign.validation.errors import SignatureValidationError
from pyhanko.sign.validation.status import SignatureCoverageLevel
from pyhanko_certvalidator import ValidationContext
from pyhanko_certvalidator.registry import SimpleCertificateStore

from .keys import key_id_of
from .models import SigningIdentity

# Room for the CMS signature, in hex digits, as the file holds it (twice its bytes): an RSA-2048 signature with a
# three-certificate chain takes about 4.5 KB; the development identity's, with its two, 2,624 bytes.
SIGNATURE_BYTES_RESERVED = 12 * 1024
# And for a timestamp token on top of it (B-T). Measured: 4,171 bytes in all with the tests' TSA, whose token (one
# RSA-2048 certificate) takes 1,523; a public TSA's token carries its chain (certificates of some 1.5-2 KB each),
# 5-8 KB. This leaves about 11 KB of token room; the file grows by this much (zeros) when a TSA is configured.
TIMESTAMP_BYTES_RESERVED = 20 * 1024
TSA_TIMEOUT_SECONDS = 10


class SigningUnavailable(Exception):
    """Nothing can be signed now. Its message is kept in both languages, since the record of a failure is read by
    people in either."""

    def __init__(self, message, **params):
        super().__init__(message)
        self.message, self.params = message, params

    def in_language(self, language: str) -> str:
        with translation.override(language):
            return str(self.message) % self.params

    def __str__(self):
        return str(self.message) % self.params

    def both_languages(self) -> str:
        return f"{self.in_language('ka')}\n{self.in_language('en')}"


class KeyUnavailable(SigningUnavailable):
    """The identity's private key file is missing or unreadable: nothing can be signed with it."""


class TimestampUnavailable(SigningUnavailable):
    """The timestamp authority (SIGNING_TSA_URL) gave no timestamp. The certificate is left unsigned, to be tried
    again, rather than signed without one: whoever configured a TSA asked for PAdES B-T."""


def key_path(identity: SigningIdentity) -> Path:
    return Path(settings.SIGNING_KEYS_DIR) / identity.key_file


class KeptKeySigner(signers.SimpleSigner):
    """pyHanko's SimpleSigner parses its private key again for every signature (`load_der_private_key` in
    `sign_raw`: for an RSA key most of the time a signature takes, as cryptography checks the key each time). This
    one parses it once. The portal's keys are RSA (PKCS #1 v1.5) or ECDSA; anything else goes to pyHanko's own."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._private_key = load_der_private_key(self.signing_key.dump(), password=None)

    def sign_raw(self, data: bytes, digest_algorithm: str) -> bytes:
        mechanism = self.get_signature_mechanism_for_digest(digest_algorithm).signature_algo
        key = self._private_key
        if mechanism == "rsassa_pkcs1v15" and isinstance(key, RSAPrivateKey):
            return key.sign(data, PKCS1v15(), get_pyca_cryptography_hash(digest_algorithm))
        if mechanism == "ecdsa" and isinstance(key, EllipticCurvePrivateKey):
            return key.sign(data, ECDSA(get_pyca_cryptography_hash(digest_algorithm)))
        return super().sign_raw(data, digest_algorithm)


_signers: dict[str, tuple[float, KeptKeySigner]] = {}


def signer_for(identity: SigningIdentity) -> KeptKeySigner:
    """The pyHanko signer of an identity, loaded once per process (and again if the key file changes)."""
    path = key_path(identity)
    try:
        mtime = os.stat(path).st_mtime
    except OSError as error:
        raise KeyUnavailable(
            _("The private key file of signing identity %(kid)s cannot be read (%(path)s): %(error)s"),
            kid=identity.key_id[:12],
            path=path,
            error=error.strerror,
        ) from None
    cached = _signers.get(identity.key_id)
    if cached and cached[0] == mtime:
        return cached[1]
    try:
        key = load_private_key_from_pemder_data(path.read_bytes(), passphrase=None)
    except (OSError, ValueError, TypeError) as error:
        raise KeyUnavailable(
            _("The private key file of signing identity %(kid)s cannot be used (%(path)s): %(error)s"),
            kid=identity.key_id[:12],
            path=path,
            error=error,
        ) from None
    [cert] = load_certs_from_pemder_data(identity.certificate_pem.encode())
    chain = list(load_certs_from_pemder_data(identity.chain_pem.encode())) if identity.chain_pem else []
    signer = KeptKeySigner(signing_cert=cert, signing_key=key, cert_registry=SimpleCertificateStore.from_certs(chain))
    _signers[identity.key_id] = (mtime, signer)
    return signer


def outside_event_loop(function, *args, **kwargs):
    """pyHanko runs its own asyncio loop; where this thread already runs one (an async caller, a browser
    driver), do the work in a thread of its own."""
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return function(*args, **kwargs)
    with concurrent.futures.ThreadPoolExecutor(1) as pool:
        return pool.submit(function, *args, **kwargs).result()


def timestamper() -> HTTPTimeStamper | None:
    """The RFC 3161 timestamp authority that signatures ask for their timestamp (SIGNING_TSA_URL), if any."""
    url = settings.SIGNING_TSA_URL
    return HTTPTimeStamper(url, timeout=TSA_TIMEOUT_SECONDS) if url else None


def timestamp_trust_roots() -> list[x509.Certificate]:
    """The certificate authorities trusted to vouch for a timestamp authority (SIGNING_TSA_ROOTS_FILE, PEM): for
    timestamps only, never for a certificate's signer."""
    path = settings.SIGNING_TSA_ROOTS_FILE
    return x509.load_pem_x509_certificates(Path(path).read_bytes()) if path else []


def sign_pdf(pdf: bytes, *, identity: SigningIdentity, reason: str, code: str = "", location: str = "Georgia") -> bytes:
    """Sign a PDF: PAdES B-T (the signature carries a timestamp token from the TSA) when SIGNING_TSA_URL names one,
    else PAdES B-B. The verification code goes into the document information dictionary as /VerificationCode, in
    the revision the signature covers. Raises TimestampUnavailable when the TSA gives no timestamp."""
    signer = signer_for(identity)
    tsa = timestamper()
    meta = signers.PdfSignatureMetadata(
        field_name="MicroCredSignature",
        subfilter=fields.SigSeedSubFilter.PADES,
        md_algorithm="sha256",
        reason=reason,
        location=location,
    )
    writer = IncrementalPdfFileWriter(io.BytesIO(pdf), strict=False)
    if code:
        info = writer.trailer["/Info"]
        info[generic.NameObject("/VerificationCode")] = generic.pdf_string(code)
        writer.update_container(info)
    pdf_signer = signers.PdfSigner(meta, signer=signer, timestamper=tsa)
    reserved = SIGNATURE_BYTES_RESERVED + (TIMESTAMP_BYTES_RESERVED if tsa else 0)
    try:
        out = outside_event_loop(pdf_signer.sign_pdf, writer, bytes_reserved=reserved)
    except (TimestampRequestError, OSError) as error:
        if tsa is None:
            raise
        cause = f"{error}: {error.__cause__}" if error.__cause__ else str(error)
        raise TimestampUnavailable(
            _("The timestamp authority %(url)s gave no timestamp, so the certificate is not signed yet: %(error)s"),
            url=tsa.url,
            error=cause[:500],
        ) from error
    return out.getvalue()


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


@dataclasses.dataclass(frozen=True)
class SignatureCheck:
    """What the portal's validator found in a PDF."""

    signed: bool = False  # carries at least one signature
    single: bool = False  # exactly one signature
    intact: bool = False  # the signed bytes are unchanged and the cryptography holds
    whole_document: bool = False  # the signature covers the whole file (nothing appended after signing)
    trusted: bool = False  # the signer's chain ends in one of the portal's trust roots
    signer_key_id: str = ""
    signing_time: datetime.datetime | None = None  # as the signer states it
    timestamped_at: datetime.datetime | None = None  # the time in the signature's timestamp token (PAdES B-T)
    timestamp_valid: bool = False  # the token is intact and timestamps this very signature
    timestamp_trusted: bool = False  # the TSA's chain ends in one of the timestamp roots
    error: str = ""

    @property
    def valid(self) -> bool:
        return self.signed and self.single and self.intact and self.whole_document and self.trusted

    @property
    def timestamp_proven(self) -> bool:
        """The signature existed at `timestamped_at`, as a trusted timestamp authority attests."""
        return self.timestamped_at is not None and self.timestamp_valid and self.timestamp_trusted


def _context(roots: list[x509.Certificate], moment: datetime.datetime | None) -> ValidationContext:
    trust = [asn1_x509.Certificate.load(root.public_bytes(Encoding.DER)) for root in roots]
    return ValidationContext(
        trust_roots=trust, allow_fetching=False, revocation_mode="soft-fail", moment=moment, best_signature_time=moment
    )


def _token_time(embedded) -> datetime.datetime | None:
    """The time a signature's timestamp token states (not yet checked: the validation does that)."""
    try:
        for attribute in embedded.signer_info["unsigned_attrs"] or ():
            if attribute["type"].native == "signature_time_stamp_token":
                token = attribute["values"][0]["content"]
                return token["encap_content_info"]["content"].parsed["gen_time"].native
    except (ValueError, KeyError, TypeError, AttributeError, IndexError):
        pass  # a malformed token: the validation says what is wrong with it
    return None


def check_signature(
    data: bytes,
    *,
    roots: list[x509.Certificate],
    at: datetime.datetime | None = None,
    timestamp_roots: list[x509.Certificate] | None = None,
) -> SignatureCheck:
    """Validate a PDF's signature as the portal does: against its own trust roots, requiring the whole file to be
    signed, at the time the signature's timestamp proves (PAdES B-T), or else at `at`, the signing time on record
    (a B-B signature has no time of its own but the signer's word). A timestamp token is checked against the
    timestamp roots (by default SIGNING_TSA_ROOTS_FILE) at its own time: B-T carries no revocation data to check it
    later against, as B-LT would."""
    try:
        reader = PdfFileReader(io.BytesIO(data), strict=False)
        signatures = reader.embedded_signatures
    except Exception as error:  # noqa: BLE001 - a damaged file is an answer, not a crash
        return SignatureCheck(error=str(error)[:300])
    if not signatures:
        return SignatureCheck()
    embedded = signatures[-1]
    single = len(signatures) == 1
    tsa_roots = timestamp_trust_roots() if timestamp_roots is None else timestamp_roots
    try:
        stamped = _token_time(embedded)
        validate = functools.partial(
            validate_pdf_signature, embedded, ts_validation_context=_context(tsa_roots, stamped)
        )
        status = outside_event_loop(validate, _context(roots, stamped or at))
        token = status.timestamp_validity
        if stamped is not None and not (token and token.valid and token.intact and token.trusted) and stamped != at:
            status = outside_event_loop(validate, _context(roots, at))  # an unproven time proves nothing
    except (SignatureValidationError, ValueError, KeyError) as error:
        return SignatureCheck(signed=True, single=single, error=str(error)[:300])
    signer = x509.load_der_x509_certificate(status.signing_cert.dump())
    return SignatureCheck(
        signed=True,
        single=single,
        intact=bool(status.intact and status.valid),
        whole_document=status.coverage == SignatureCoverageLevel.ENTIRE_FILE,
        trusted=bool(status.trusted),
        signer_key_id=key_id_of(signer),
        signing_time=status.signer_reported_dt,
        timestamped_at=token.timestamp if token is not None else None,
        timestamp_valid=bool(token is not None and token.intact and token.valid),
        timestamp_trusted=bool(token is not None and token.trusted),
    )
