"""The VC-JWT of Open Badges 3.0: a credential (or the status list) signed with RS256, the payload being the
credential itself plus iss, jti, nbf, sub and exp, and `kid` the URL that returns the JWK."""

import datetime
import functools
from pathlib import Path

import jwt
from cryptography.hazmat.primitives.serialization import load_pem_private_key
from django.db.models import Q
from django.utils import timezone

from .links import key_url
from .models import Credential, SigningIdentity, StatusList
from .ob3_build import credential_json, status_list_credential
from .ob3_keys import is_rsa
from .signing import KeyUnavailable, key_path


def jwt_identity_for(provider_id: int | None) -> SigningIdentity:
    """The key that signs JWTs: the provider's active identity if it is RSA (RS256), else the platform's."""
    candidates = SigningIdentity.objects.filter(active=True).filter(
        Q(provider_id=provider_id) | Q(provider__isnull=True)
    )
    own = [i for i in candidates if i.provider_id == provider_id and is_rsa(i)]
    platform = [i for i in candidates if i.provider_id is None and is_rsa(i)]
    chosen = (own or platform or [None])[0]
    if chosen is None:
        raise KeyUnavailable("No RSA signing identity is installed.")
    return chosen


@functools.lru_cache(maxsize=32)
def _private_key(path: str, mtime: float):
    return load_pem_private_key(Path(path).read_bytes(), password=None)


def sign_jwt(payload: dict, identity: SigningIdentity) -> str:
    path = key_path(identity)
    try:
        key = _private_key(str(path), path.stat().st_mtime)
    except OSError as error:
        raise KeyUnavailable(
            f"The private key file of {identity.key_id[:12]} cannot be read: {error.strerror}"
        ) from None
    return jwt.encode(payload, key, algorithm="RS256", headers={"kid": key_url(identity.key_id), "typ": "JWT"})


def epoch(iso: str) -> int:
    return int(datetime.datetime.fromisoformat(iso.replace("Z", "+00:00")).timestamp())


def jwt_claims(data: dict) -> dict:
    """The VC-JWT payload: the credential itself plus the registered claims that mirror its fields."""
    claims = {
        **data,
        "iss": data["issuer"]["id"],
        "jti": data["id"],
        "sub": data["credentialSubject"]["id"],
        "nbf": epoch(data["validFrom"]),
    }
    if data.get("validUntil"):
        claims["exp"] = epoch(data["validUntil"])
    return claims


def credential_jwt(credential: Credential, *, public: bool = False) -> str:
    """Signed on every request, over the same variant credential_json(public=…) gives."""
    payload = jwt_claims(credential_json(credential, public=public))
    return sign_jwt(payload, jwt_identity_for(credential.provider_id))


def status_list_jwt(status_list: StatusList) -> str:
    data = status_list_credential(status_list)
    claims = {
        **data,
        "iss": data["issuer"],
        "jti": data["id"],
        "nbf": epoch(data["validFrom"]),
        "iat": int(timezone.now().timestamp()),
    }
    return sign_jwt(claims, jwt_identity_for(None))
