"""The worker's check of a PDF it has just signed, before anything is stored or issued: cheap, because the worker
knows what it made (one signature, by a known key, appended last) and need not parse the document again as a
validator of unknown files does (signing.check_signature: pyHanko reads every object and builds the chain).

What it checks is what a validator's verdict rests on: the signature's byte range covers the whole file but its
own /Contents; the CMS signature's message digest is the SHA-256 of those bytes; the signed attributes verify
with the public key of the identity's certificate, which is the certificate the CMS names."""

import hashlib
import re

from asn1crypto import cms
from cryptography import x509
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric.ec import ECDSA, EllipticCurvePublicKey
from cryptography.hazmat.primitives.asymmetric.padding import PKCS1v15
from cryptography.hazmat.primitives.asymmetric.rsa import RSAPublicKey
from django.utils import translation
from django.utils.translation import gettext as _

BYTE_RANGE = re.compile(rb"/ByteRange\s*\[\s*(\d+)\s+(\d+)\s+(\d+)\s+(\d+)\s*\]")
# The signature dictionary is near the end (an incremental update); read only the tail for it.
TAIL = 64 * 1024


class SignatureDoesNotHold(Exception):
    """The PDF just signed does not carry a sound signature over the whole file. Its record (on the credential,
    read by provider admins and the Center) is in both languages; the detail is technical."""

    def both_languages(self) -> str:
        lines = []
        for language in ("ka", "en"):
            with translation.override(language):
                lines.append(
                    _("The new signature did not pass its check, so nothing was issued: %(detail)s") % {"detail": self}
                )
        return "\n".join(lines)


def check_just_signed(data: bytes, certificate_pem: str) -> None:
    """Raise SignatureDoesNotHold unless `data` ends with a signature over all of it, made by the key of
    `certificate_pem`."""
    offset = max(0, len(data) - TAIL - 32 * 1024)
    matches = list(BYTE_RANGE.finditer(data, offset))
    if len(matches) != 1:
        raise SignatureDoesNotHold(f"{len(matches)} signature byte ranges where one was expected")
    start1, length1, start2, length2 = (int(n) for n in matches[0].groups())
    if start1 != 0 or start2 + length2 != len(data) or start2 <= length1:
        raise SignatureDoesNotHold("the signature does not cover the whole file")
    contents = data[length1:start2]
    if contents[:1] != b"<" or contents[-1:] != b">":
        raise SignatureDoesNotHold("the signature's /Contents is not where its byte range says")
    digest = hashlib.sha256(data[:length1] + data[start2:]).digest()

    signed_data = cms.ContentInfo.load(bytes.fromhex(contents[1:-1].decode("ascii")), strict=False)["content"]
    [signer] = signed_data["signer_infos"]
    attributes = signer["signed_attrs"]
    by_type = {attribute["type"].native: attribute["values"][0] for attribute in attributes}
    if by_type.get("message_digest") is None or by_type["message_digest"].native != digest:
        raise SignatureDoesNotHold("the signature's message digest is not that of the file")
    if signer["digest_algorithm"]["algorithm"].native != "sha256":
        raise SignatureDoesNotHold("the signature is not made over SHA-256")

    certificate = x509.load_pem_x509_certificate(certificate_pem.encode())
    sid = signer["sid"]
    if sid.name == "issuer_and_serial_number" and sid.chosen["serial_number"].native != certificate.serial_number:
        raise SignatureDoesNotHold("the signature names another certificate than the identity's")
    # The signature is over the DER of the signed attributes as a SET (RFC 5652, 5.4), not as [0] IMPLICIT.
    signed_bytes = b"\x31" + attributes.dump()[1:]
    signature = signer["signature"].native
    key = certificate.public_key()
    try:
        if isinstance(key, RSAPublicKey):
            key.verify(signature, signed_bytes, PKCS1v15(), hashes.SHA256())
        elif isinstance(key, EllipticCurvePublicKey):
            key.verify(signature, signed_bytes, ECDSA(hashes.SHA256()))
        else:
            raise SignatureDoesNotHold(f"keys of type {type(key).__name__} are not checked here")
    except InvalidSignature:
        raise SignatureDoesNotHold("the signature does not verify with the identity's public key") from None
