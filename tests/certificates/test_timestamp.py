"""PAdES B-T: with a timestamp authority configured (SIGNING_TSA_URL), a certificate's signature carries a signed
timestamp, which pyHanko and poppler's pdfsig accept; without one it is B-B; a TSA that does not answer leaves the
certificate pending with the reason, to be tried again, never signed without its timestamp.

The timestamp authority is a real one, on 127.0.0.1 over HTTP: pyHanko's DummyTimeStamper answering RFC 3161
requests with a TSA certificate made here, under a root of its own (not the portal's)."""

import datetime
import http.server
import io
import socket
import threading

import pytest
from asn1crypto import keys as asn1_keys
from asn1crypto import tsp
from asn1crypto import x509 as asn1_x509
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import formats, timezone, translation
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.timestamps import DummyTimeStamper
from pyhanko.sign.validation import validate_pdf_signature
from pyhanko_certvalidator import ValidationContext

from apps.certificates import issuing, keys, preparation_queue, signing
from apps.certificates.models import CredentialStatus
from tests.helpers import pdf_bytes, pdfsig

pytestmark = pytest.mark.django_db


def _certificate(subject, issuer, public_key, signing_key, *, ca: bool):
    now = datetime.datetime.now(datetime.UTC)
    builder = (
        x509.CertificateBuilder()
        .subject_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, subject)]))
        .issuer_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, issuer)]))
        .public_key(public_key)
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(days=1))
        .not_valid_after(now + datetime.timedelta(days=365))
        .add_extension(x509.BasicConstraints(ca=ca, path_length=None), critical=True)
    )
    if ca:
        usage = {"key_cert_sign": True, "crl_sign": True}
    else:  # RFC 3161: a TSA's certificate has the one extended key usage timeStamping, marked critical
        usage = {"digital_signature": True}
        builder = builder.add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.TIME_STAMPING]), critical=True)
    flags = ("digital_signature", "content_commitment", "key_encipherment", "data_encipherment", "key_agreement")
    flags += ("key_cert_sign", "crl_sign", "encipher_only", "decipher_only")
    builder = builder.add_extension(x509.KeyUsage(**{flag: usage.get(flag, False) for flag in flags}), critical=True)
    return builder.sign(signing_key, hashes.SHA256())


class TimestampAuthority(http.server.ThreadingHTTPServer):
    """An RFC 3161 TSA over HTTP: POST a TimeStampReq, get a TimeStampResp (application/timestamp-reply)."""

    def __init__(self):
        super().__init__(("127.0.0.1", 0), _TimestampRequest)
        root_key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        tsa_key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        self.root = _certificate("Test TSA root", "Test TSA root", root_key.public_key(), root_key, ca=True)
        self.certificate = _certificate("Test TSA", "Test TSA root", tsa_key.public_key(), root_key, ca=False)
        self.stamper = DummyTimeStamper(
            tsa_cert=asn1_x509.Certificate.load(self.certificate.public_bytes(serialization.Encoding.DER)),
            tsa_key=asn1_keys.PrivateKeyInfo.load(
                tsa_key.private_bytes(
                    serialization.Encoding.DER, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
                )
            ),
        )
        self.answered = 0
        self.token_sizes = []

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}/tsa"


class _TimestampRequest(http.server.BaseHTTPRequestHandler):
    def do_POST(self):
        request = tsp.TimeStampReq.load(self.rfile.read(int(self.headers["Content-Length"])))
        response = self.server.stamper.request_tsa_response(request)
        body = response.dump()
        self.send_response(200)
        self.send_header("Content-Type", "application/timestamp-reply")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)
        self.server.answered += 1
        self.server.token_sizes.append(len(response["time_stamp_token"].dump()))

    def log_message(self, *args):
        pass


@pytest.fixture
def tsa(settings, tmp_path):
    server = TimestampAuthority()
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    roots = tmp_path / "tsa-roots.pem"
    roots.write_bytes(server.root.public_bytes(serialization.Encoding.PEM))
    settings.SIGNING_TSA_URL = server.url
    settings.SIGNING_TSA_ROOTS_FILE = str(roots)
    yield server
    server.shutdown()
    server.server_close()


def issue(enrolment, admin, capture):
    with capture(execute=True):
        credential = issuing.credential_issue(enrolment=enrolment, acting_user=admin)
    credential.refresh_from_db()
    return credential


@pytest.fixture
def stamped(tsa, passed_two, admin_a, django_capture_on_commit_callbacks):
    """A certificate issued through the usual path while the TSA is configured."""
    return issue(passed_two[0], admin_a, django_capture_on_commit_callbacks)


def embedded_signature(data: bytes):
    [signature] = PdfFileReader(io.BytesIO(data)).embedded_signatures
    return signature


def unused_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def test_with_a_tsa_the_signature_carries_a_timestamp_pyhanko_validates_as_of_now(stamped, tsa):
    data = pdf_bytes(stamped)
    assert stamped.status == CredentialStatus.ISSUED and tsa.answered == 1
    signature = embedded_signature(data)
    # PAdES B-T: the TSA's token is an unsigned attribute of the signature, over the signature value.
    unsigned = [attribute["type"].native for attribute in signature.signer_info["unsigned_attrs"]]
    assert unsigned == ["signature_time_stamp_token"]
    # pyHanko's own validator, the portal's roots for the signer, the TSA's root for the timestamp.
    dev_ca = asn1_x509.Certificate.load(keys.dev_ca_certificate().public_bytes(serialization.Encoding.DER))
    tsa_root = asn1_x509.Certificate.load(tsa.root.public_bytes(serialization.Encoding.DER))
    status = signing.outside_event_loop(
        validate_pdf_signature,
        signature,
        ValidationContext(trust_roots=[dev_ca], allow_fetching=False),
        ts_validation_context=ValidationContext(trust_roots=[tsa_root], allow_fetching=False),
    )
    assert status.bottom_line, status.pretty_print_details()
    token = status.timestamp_validity
    assert token.intact and token.valid and token.trusted
    assert abs(token.timestamp - timezone.now()) < datetime.timedelta(seconds=30)
    assert token.signing_cert.subject.human_friendly == "Common Name: Test TSA"


def test_the_portals_check_uses_and_reports_the_timestamp(stamped, tsa):
    check = signing.check_signature(pdf_bytes(stamped), roots=keys.trust_roots())
    assert check.valid and check.timestamp_valid and check.timestamp_trusted and check.timestamp_proven
    assert abs(check.timestamped_at - stamped.signed_at) < datetime.timedelta(seconds=30)
    # A TSA this verifier does not trust: the token still holds, but proves nothing; the signature is still ours.
    untrusting = signing.check_signature(pdf_bytes(stamped), roots=keys.trust_roots(), timestamp_roots=[])
    assert untrusting.valid and untrusting.timestamp_valid and not untrusting.timestamp_trusted
    assert not untrusting.timestamp_proven


def test_the_signer_is_validated_at_the_timestamps_time_not_the_moment_asked(stamped):
    # Asked about a moment after the signing certificate expired: the trusted timestamp says when it was signed.
    long_after = timezone.now() + datetime.timedelta(days=365 * 30)
    assert signing.check_signature(pdf_bytes(stamped), roots=keys.trust_roots(), at=long_after).valid
    # Without the TSA's trust the timestamp proves nothing, and at that moment the certificate has expired.
    unproven = signing.check_signature(pdf_bytes(stamped), roots=keys.trust_roots(), at=long_after, timestamp_roots=[])
    assert not unproven.valid and unproven.intact


def test_pdfsig_finds_the_timestamped_signature_valid_and_trusted(stamped, tmp_path, nss_trusting_dev_ca):
    # pdfsig 22.12 reports a B-T signature as it does a B-B one: it says nothing of the timestamp token, and its
    # "Signing Time" is the signer's own (/M), in local time. What it checks holds with the token in place.
    report = pdfsig(pdf_bytes(stamped), tmp_path, nss_trusting_dev_ca)
    assert "Signature Type: ETSI.CAdES.detached" in report
    assert "Signature is Valid." in report and "Certificate is Trusted." in report
    assert "Total document signed" in report and "Not total document signed" not in report
    assert "Signing Time:" in report


def upload(client, data: bytes, language: str) -> str:
    client.cookies["django_language"] = language
    return client.post("/verify/file/", {"file": SimpleUploadedFile("certificate.pdf", data)}).content.decode()


def test_the_public_file_check_says_a_timestamp_authority_attests_the_signing_time(stamped, client):
    check = signing.check_signature(pdf_bytes(stamped), roots=keys.trust_roots())
    for language, words in (("en", "as a timestamp authority attests"), ("ka", "დროის აღნიშვნის სამსახური ადასტურებს")):
        with translation.override(language):
            when = formats.date_format(timezone.localtime(check.timestamped_at), "DATETIME_FORMAT")
        page = upload(client, pdf_bytes(stamped), language)
        assert 'data-check="timestamp"' in page and words in page and when in page, page


def test_without_a_tsa_the_signature_is_b_b_with_no_timestamp(issued, settings, client):
    assert settings.SIGNING_TSA_URL == ""
    signature = embedded_signature(pdf_bytes(issued))
    assert not signature.signer_info["unsigned_attrs"]
    check = signing.check_signature(pdf_bytes(issued), roots=keys.trust_roots(), at=issued.signed_at)
    assert check.valid and check.timestamped_at is None and not check.timestamp_proven
    page = upload(client, pdf_bytes(issued), "en")  # authentic, with no word of a timestamp
    assert "Authentic and unchanged" in page and 'data-check="timestamp"' not in page


def test_a_tsa_that_is_down_leaves_the_certificate_pending_with_the_reason_and_a_retry_signs_it(
    settings, tsa, passed_two, admin_a, django_capture_on_commit_callbacks
):
    down = f"http://127.0.0.1:{unused_port()}/tsa"
    settings.SIGNING_TSA_URL = down
    with translation.override("en"):
        credential = issue(passed_two[0], admin_a, django_capture_on_commit_callbacks)
    assert credential.status == CredentialStatus.PENDING and not credential.pdf
    assert "The timestamp authority" in credential.render_error and down in credential.render_error
    assert "gave no timestamp" in credential.render_error and credential.render_attempts == 1

    settings.SIGNING_TSA_URL = tsa.url  # the TSA is back: the operator's (or the worker's) retry signs it, with B-T
    with django_capture_on_commit_callbacks(execute=True):
        preparation_queue.credential_retry(credential=credential, acting_user=admin_a)
    credential.refresh_from_db()
    assert credential.status == CredentialStatus.ISSUED and credential.render_error == ""
    assert signing.check_signature(pdf_bytes(credential), roots=keys.trust_roots()).timestamp_proven


def test_the_reserved_room_holds_the_signature_and_a_timestamp_token_with_a_chain(stamped, tsa):
    # /Contents is written in hex: the room reserved for it holds half as many bytes.
    contents = embedded_signature(pdf_bytes(stamped)).sig_object["/Contents"]
    room = (signing.SIGNATURE_BYTES_RESERVED + signing.TIMESTAMP_BYTES_RESERVED) // 2
    assert len(contents) == room
    used = len(contents.rstrip(b"\0"))
    [token] = tsa.token_sizes  # this TSA's token carries one certificate; a public TSA's carries its chain
    assert used - token < signing.SIGNATURE_BYTES_RESERVED // 2
    assert used + 4 * token < room, f"{used} bytes, the token {token}"
