"""The portal's verifier of Open Badges VC-JWTs, as the portal issues them; the public file check reuses it."""

import dataclasses

import jwt
from cryptography.hazmat.primitives.serialization import load_pem_public_key

from .ob3_keys import public_keys
from .ob3_schema import schema_errors
from .ob3_sign import epoch

ALLOWED_HEADERS = {"alg", "kid", "typ"}


@dataclasses.dataclass
class JwtCheck:
    valid: bool = False
    claims: dict | None = None
    key_id: str = ""
    problem: str = ""  # a short code: malformed, header, algorithm, unknown_key, signature, claims, schema


def verify_jwt(token: str, keys: dict[str, str] | None = None) -> JwtCheck:
    """Check a VC-JWT as the portal issues them: RS256 only, a `kid` that is one of the portal's uncompromised
    keys, a signature that holds, claims that match the credential, and the official schema. `keys`
    (kid URL -> PEM, from public_keys()) lets a process without the database check too."""
    known = keys if keys is not None else public_keys()
    token = (token or "").strip()
    try:
        header = jwt.get_unverified_header(token)
    except jwt.PyJWTError:
        return JwtCheck(problem="malformed")
    if set(header) - ALLOWED_HEADERS or header.get("typ", "JWT") != "JWT":
        return JwtCheck(problem="header")
    if header.get("alg") != "RS256":
        return JwtCheck(problem="algorithm")
    kid = str(header.get("kid", ""))
    if kid not in known:
        return JwtCheck(problem="unknown_key")
    key_id = kid.rsplit("/", 1)[-1].removesuffix(".jwk")
    public_key = load_pem_public_key(known[kid].encode())
    try:
        claims = jwt.decode(
            token,
            public_key,
            algorithms=["RS256"],
            options={
                "verify_aud": False,
                "verify_exp": False,
                "verify_nbf": False,
                "require": ["iss", "jti", "sub", "nbf"],
            },
        )
    except jwt.InvalidSignatureError:
        return JwtCheck(problem="signature", key_id=key_id)
    except jwt.PyJWTError:
        return JwtCheck(problem="malformed", key_id=key_id)
    if not claims_match(claims):
        return JwtCheck(problem="claims", claims=claims, key_id=key_id)
    if schema_errors({k: v for k, v in claims.items() if k not in ("iss", "jti", "sub", "nbf", "exp", "iat")}):
        return JwtCheck(problem="schema", claims=claims, key_id=key_id)
    return JwtCheck(valid=True, claims=claims, key_id=key_id)


def claims_match(claims: dict) -> bool:
    try:
        ok = (
            claims["iss"] == claims["issuer"]["id"]
            and claims["jti"] == claims["id"]
            and claims["sub"] == claims["credentialSubject"]["id"]
            and claims["nbf"] == epoch(claims["validFrom"])
        )
        if "validUntil" in claims or "exp" in claims:
            ok = ok and claims.get("exp") == epoch(claims["validUntil"])
        return ok
    except (KeyError, TypeError, ValueError):
        return False
