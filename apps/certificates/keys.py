"""Signing identities: making the development CA and platform identity, installing a provider's identity
from a PKCS#12 file, rotating and marking compromised. Private keys are files in settings.SIGNING_KEYS_DIR
(installed by an operator, readable by the web and worker processes); the database never holds one."""

import datetime
import hashlib
import os
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from cryptography.hazmat.primitives.serialization import pkcs12
from cryptography.x509.oid import NameOID
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from .models import SigningIdentity

DEV_CA_NAME = "MicroCred Georgia development CA (NOT TRUSTED)"
DEV_CA_CERT = "dev-ca.pem"
DEV_CA_KEY = "dev-ca.key.pem"


def keys_dir() -> Path:
    path = Path(settings.SIGNING_KEYS_DIR)
    path.mkdir(parents=True, exist_ok=True, mode=0o750)
    return path


def _write_private(path: Path, data: bytes) -> None:
    """Write a key readable by its owner and group only (the web and worker processes share the group)."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o640)
    with os.fdopen(fd, "wb") as handle:
        handle.write(data)


def _pem(cert: x509.Certificate) -> str:
    return cert.public_bytes(serialization.Encoding.PEM).decode()


def _key_pem(key) -> bytes:
    return key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )


def key_id_of(cert: x509.Certificate) -> str:
    """A key's id: the SHA-256 of its public key (SubjectPublicKeyInfo), in hex."""
    spki = cert.public_key().public_bytes(serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo)
    return hashlib.sha256(spki).hexdigest()


def _name(common_name: str, organization: str = "MicroCred Georgia") -> x509.Name:
    return x509.Name(
        [
            x509.NameAttribute(NameOID.COUNTRY_NAME, "GE"),
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, organization),
            x509.NameAttribute(NameOID.COMMON_NAME, common_name),
        ]
    )


def _key_usage(*allowed: str) -> x509.KeyUsage:
    flags = ["digital_signature", "content_commitment", "key_encipherment", "data_encipherment", "key_agreement"]
    flags += ["key_cert_sign", "crl_sign", "encipher_only", "decipher_only"]
    return x509.KeyUsage(**{flag: flag in allowed for flag in flags})


def _new_key():
    return rsa.generate_private_key(public_exponent=65537, key_size=2048)


def _dev_ca() -> tuple[x509.Certificate, object]:
    """The development CA, made once and kept beside the keys (it signs each development identity)."""
    cert_path, key_path = keys_dir() / DEV_CA_CERT, keys_dir() / DEV_CA_KEY
    if cert_path.exists() and key_path.exists():
        cert = x509.load_pem_x509_certificate(cert_path.read_bytes())
        key = serialization.load_pem_private_key(key_path.read_bytes(), password=None)
        return cert, key
    key = _new_key()
    now = timezone.now()
    name = _name(DEV_CA_NAME)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(days=1))
        .not_valid_after(now + datetime.timedelta(days=365 * 20))
        .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
        .add_extension(
            _key_usage("key_cert_sign", "crl_sign"),
            critical=True,
        )
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
        .sign(key, hashes.SHA256())
    )
    _write_private(key_path, _key_pem(key))
    cert_path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    return cert, key


def dev_ca_certificate() -> x509.Certificate:
    return _dev_ca()[0]


def _dev_leaf(common_name: str, organization: str, years: int = 10):
    ca_cert, ca_key = _dev_ca()
    key = _new_key()
    now = timezone.now()
    cert = (
        x509.CertificateBuilder()
        .subject_name(_name(common_name, organization))
        .issuer_name(ca_cert.subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(days=1))
        .not_valid_after(now + datetime.timedelta(days=365 * years))
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(
            _key_usage("digital_signature", "content_commitment"),  # content commitment = non-repudiation
            critical=True,
        )
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
        .add_extension(x509.AuthorityKeyIdentifier.from_issuer_public_key(ca_cert.public_key()), critical=False)
        .sign(ca_key, hashes.SHA256())
    )
    return cert, key, [ca_cert]


@transaction.atomic
def _install(*, cert, key, chain, name: str, provider=None, trusted: bool) -> SigningIdentity:
    """Store the key file, record the identity, and make it the one that signs for its owner."""
    kid = key_id_of(cert)
    if SigningIdentity.objects.filter(key_id=kid).exists():
        raise ValidationError(_("This key is already installed."))
    key_file = f"{kid[:32]}.key.pem"
    _write_private(keys_dir() / key_file, _key_pem(key))
    SigningIdentity.objects.filter(provider=provider, active=True).update(active=False, retired_at=timezone.now())
    return SigningIdentity.objects.create(
        key_id=kid,
        name=name,
        provider=provider,
        certificate_pem=_pem(cert),
        chain_pem="".join(_pem(c) for c in chain),
        key_file=key_file,
        subject=cert.subject.rfc4514_string(),
        fingerprint_sha256=cert.fingerprint(hashes.SHA256()).hex(),
        valid_from=cert.not_valid_before_utc,
        valid_until=cert.not_valid_after_utc,
        trusted=trusted,
        active=True,
    )


def create_development_identity(*, provider=None) -> SigningIdentity:
    """A new identity from the development CA: not trusted by anyone outside the portal."""
    organization = provider.legal_name_en if provider else "MicroCred Georgia"
    common_name = f"{organization} (development signing key)"
    cert, key, chain = _dev_leaf(common_name[:64], organization[:64])
    return _install(cert=cert, key=key, chain=chain, name=common_name, provider=provider, trusted=False)


def ensure_platform_identity() -> tuple[SigningIdentity, bool]:
    """The platform's active identity, made from the development CA on first run. Returns (identity, created)."""
    identity = SigningIdentity.objects.filter(provider=None, active=True).first()
    if identity and (keys_dir() / identity.key_file).exists():
        return identity, False
    return create_development_identity(), True


def install_pkcs12(*, data: bytes, password: str | None, provider=None, trusted: bool = True) -> SigningIdentity:
    """Install an identity from a PKCS#12 file; it takes over signing for its owner."""
    try:
        key, cert, extra = pkcs12.load_key_and_certificates(data, password.encode() if password else None)
    except ValueError:
        raise ValidationError(
            _("The PKCS#12 file cannot be opened: the password is wrong or the file is damaged.")
        ) from None
    if key is None or cert is None:
        raise ValidationError(_("The PKCS#12 file must hold a private key and its certificate."))
    if not isinstance(key, rsa.RSAPrivateKey | ec.EllipticCurvePrivateKey):
        raise ValidationError(_("Only RSA and elliptic-curve keys are supported."))
    if cert.not_valid_after_utc <= timezone.now():
        raise ValidationError(_("The certificate in the PKCS#12 file has expired."))
    name = cert.subject.get_attributes_for_oid(NameOID.COMMON_NAME)
    return _install(
        cert=cert,
        key=key,
        chain=list(extra or []),
        name=(name[0].value if name else cert.subject.rfc4514_string())[:200],
        provider=provider,
        trusted=trusted,
    )


def trust_roots() -> list[x509.Certificate]:
    """The certificates the portal's own validator trusts: the top of every installed identity's chain."""
    roots: dict[bytes, x509.Certificate] = {}
    for identity in SigningIdentity.objects.all():
        chain = x509.load_pem_x509_certificates(identity.chain_pem.encode()) if identity.chain_pem else []
        top = chain[-1] if chain else x509.load_pem_x509_certificate(identity.certificate_pem.encode())
        roots[top.fingerprint(hashes.SHA256())] = top
    return list(roots.values())
