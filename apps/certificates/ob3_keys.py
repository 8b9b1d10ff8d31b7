"""The keys that verify the portal's VC-JWTs, as it publishes them: every RSA identity that ever signed and is
not compromised (retired ones keep verifying what they signed), as JWKs at their `kid` URLs and in the JWKS,
and as PEMs for a verifier without the database."""

import json

import jwt
from cryptography import x509
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa

from .links import key_url
from .models import SigningIdentity


def is_rsa(identity: SigningIdentity) -> bool:
    cert = x509.load_pem_x509_certificate(identity.certificate_pem.encode())
    return isinstance(cert.public_key(), rsa.RSAPublicKey)


def publishable_identities():
    """Every key that ever signed and is not compromised: retired ones keep verifying what they signed."""
    return SigningIdentity.objects.filter(compromised_at__isnull=True).order_by("created_at")


def jwk(identity: SigningIdentity) -> dict:
    cert = x509.load_pem_x509_certificate(identity.certificate_pem.encode())
    data = json.loads(jwt.algorithms.RSAAlgorithm.to_jwk(cert.public_key()))
    return {**data, "kid": key_url(identity.key_id), "use": "sig", "alg": "RS256"}


def jwks() -> dict:
    return {"keys": [jwk(i) for i in publishable_identities() if is_rsa(i)]}


def public_keys() -> dict[str, str]:
    """The portal's verifying keys: kid URL -> public key PEM (RSA keys that are not compromised)."""
    result = {}
    for identity in publishable_identities():
        public = x509.load_pem_x509_certificate(identity.certificate_pem.encode()).public_key()
        if isinstance(public, rsa.RSAPublicKey):
            result[key_url(identity.key_id)] = public.public_bytes(
                serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
            ).decode()
    return result
