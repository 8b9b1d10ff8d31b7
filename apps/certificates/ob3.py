"""Open Badges 3.0: every credential as an `OpenBadgeCredential` (a W3C Verifiable Credential), made from the
credential's frozen snapshot, and secured as a VC-JWT (RS256; the payload is the credential itself plus iss,
jti, nbf, sub and exp). The portal's own verifier is here too; the public verification reuses it.

Both languages travel in the credential: the achievement itself is in English (what wallets and employers
abroad read first), and its Georgian twin is a `related` achievement with `inLanguage: "ka"`, served at the
same address with `?lang=ka`. The mapping from the EU Annex I elements is in docs/open-badges.md."""

import dataclasses
import datetime
import functools
import json
from pathlib import Path

import jwt
from cryptography import x509
from cryptography.hazmat.primitives.asymmetric import rsa
from django.conf import settings
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from .models import Credential, SigningIdentity, StatusList

CONTEXT = ["https://www.w3.org/ns/credentials/v2", "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"]
SCHEMA_DIR = Path(__file__).resolve().parent / "schemas" / "ob3"
EQF_URL = "https://europass.europa.eu/en/description-eight-eqf-levels"
GRADES = ["A", "B", "C", "D", "E"]
ALLOWED_HEADERS = {"alg", "kid", "typ"}


def absolute(path: str) -> str:
    return settings.PUBLIC_BASE_URL + path


def _iso(moment: datetime.datetime) -> str:
    return moment.astimezone(datetime.UTC).replace(microsecond=0).strftime("%Y-%m-%dT%H:%M:%SZ")


def _text(pair: dict | None, language: str) -> str:
    pair = pair or {}
    return (pair.get(language) or pair.get("en" if language == "ka" else "ka") or "").strip()


def _drop_empty(data: dict) -> dict:
    """Leave optional fields out rather than send null or "" (the schema refuses those in places)."""
    return {k: v for k, v in data.items() if v not in (None, "", [], {})}


# --- Addresses ---------------------------------------------------------------------------------------------


def issuer_url(provider_id: int) -> str:
    return absolute(reverse("ob3_issuer", args=[provider_id]))


def achievement_url(programme_id: int, version: int) -> str:
    return absolute(reverse("ob3_achievement", args=[programme_id, version]))


def credential_url(code: str) -> str:
    return absolute(reverse("ob3_json", args=[code]))


def key_url(key_id: str) -> str:
    return absolute(reverse("ob3_key", args=[key_id]))


def status_list_url(list_id: int) -> str:
    return absolute(reverse("ob3_status_list", args=[list_id]))


# --- The achievement and the issuer -------------------------------------------------------------------------


def achievement(snapshot: dict, language: str = "en", *, related: bool = True) -> dict:
    """The achievement (the micro-credential as a programme version) in one language, from a snapshot."""
    url = achievement_url(snapshot["programme"]["id"], snapshot["programme"]["version"])
    outcomes = [_text(o, language) for o in snapshot.get("outcomes", [])]
    heading = "სწავლის შედეგები" if language == "ka" else "Learning outcomes"
    narrative = heading + ":\n" + "\n".join(f"{n}. {text}" for n, text in enumerate(outcomes, 1))
    alignments = []
    if snapshot.get("eqf_level"):
        level = snapshot["eqf_level"]
        alignments.append(
            {
                "type": ["Alignment"],
                "targetName": f"EQF level {level}"
                if language == "en"
                else f"ევროპული კვალიფიკაციების ჩარჩოს დონე {level}",
                "targetUrl": EQF_URL,
                "targetFramework": "European Qualifications Framework",
                "targetCode": str(level),
                "targetType": "ext:EQFLevel",
            }
        )
    for outcome in snapshot.get("outcomes", []):
        if outcome.get("esco_uri"):
            alignments.append(
                {
                    "type": ["Alignment"],
                    "targetName": _text(outcome, language)[:200],
                    "targetUrl": outcome["esco_uri"],
                    "targetFramework": "ESCO",
                    "targetType": "ext:ESCOSkill",
                }
            )
    field = snapshot.get("field_of_study")
    grade_scale = {
        "id": url + "#grade",
        "type": ["ResultDescription"],
        "name": "შეფასება (ქართული უმაღლესი განათლების სკალა)"
        if language == "ka"
        else "Grade (Georgian higher-education scale)",
        "resultType": "LetterGrade",
        "allowedValue": GRADES,
        "requiredValue": "E",
    }
    data = {
        "id": url if language == "en" else f"{url}?lang=ka",
        "type": ["Achievement"],
        "achievementType": "MicroCredential",
        "name": _text(snapshot.get("title"), language),
        "description": _description(snapshot, language),
        "criteria": {"narrative": narrative},
        "alignment": alignments,
        "creditsAvailable": float(snapshot["ects"]) if snapshot.get("ects") else None,
        "fieldOfStudy": f"{field['code']} {_text(field, language)}" if field else None,
        "humanCode": snapshot["programme"].get("code"),
        "inLanguage": language,
        "version": str(snapshot["programme"]["version"]),
        "resultDescription": [grade_scale],
    }
    if related:
        other = "ka" if language == "en" else "en"
        data["related"] = [
            {
                "id": url if other == "en" else f"{url}?lang=ka",
                "type": ["Related"],
                "inLanguage": other,
                "version": str(snapshot["programme"]["version"]),
            }
        ]
    return _drop_empty(data)


def _description(snapshot: dict, language: str) -> str:
    parts = [_text(snapshot.get("title"), language)]
    ects = snapshot.get("ects")
    hours = snapshot.get("workload_hours")
    if language == "ka":
        parts.append(f"მიკროკრედიტი: {ects} კრედიტი (ECTS)" + (f", {hours} საათი" if hours else ""))
        if snapshot.get("nqf_level"):
            parts.append(f"ეროვნული კვალიფიკაციების ჩარჩოს დონე {snapshot['nqf_level']}")
        parts.append("შეფასების ფორმა: " + _text(snapshot.get("assessment_type"), "ka"))
        parts.append("მონაწილეობის ფორმა: " + _text(snapshot.get("participation_mode"), "ka"))
        parts.append("ხარისხის უზრუნველყოფა: " + _text(snapshot.get("quality_assurance"), "ka"))
    else:
        parts.append(
            f"Micro-credential of {ects} ECTS credits" + (f", {hours} hours of notional workload" if hours else "")
        )
        if snapshot.get("nqf_level"):
            parts.append(f"Georgian NQF level {snapshot['nqf_level']}")
        parts.append("Type of assessment: " + _text(snapshot.get("assessment_type"), "en"))
        parts.append("Form of participation: " + _text(snapshot.get("participation_mode"), "en"))
        parts.append("Quality assurance: " + _text(snapshot.get("quality_assurance"), "en"))
    return ". ".join(p.strip().rstrip(".") for p in parts if p and p.strip(": ")) + "."


def issuer_profile(provider, *, standing=None) -> dict:
    """The provider's Open Badges profile, with its NCEQE authorization where it is valid. No e-mail: the
    registry shows none, and the contact address a provider typed is often a person's own."""
    from apps.providers.selectors import provider_standing, providers_with_authorizations

    if standing is None:
        standing = provider_standing(providers_with_authorizations().get(pk=provider.pk))
    authorization = standing.authorization if standing.is_authorized else None
    description = "Higher-education provider in Georgia."
    if authorization is not None:
        description = (
            "Authorized by the National Center for Educational Quality Enhancement (NCEQE) of Georgia"
            f" from {authorization.valid_from:%Y-%m-%d} to {authorization.valid_until:%Y-%m-%d}."
        )
    return _drop_empty(
        {
            "id": issuer_url(provider.pk),
            "type": ["Profile"],
            "name": provider.legal_name_en,
            "description": description,
            "url": provider.website,
            "address": {"type": ["Address"], "addressCountryCode": provider.country, "addressCountry": "Georgia"}
            if provider.country == "GE"
            else {"type": ["Address"], "addressCountryCode": provider.country},
            "otherIdentifier": [
                {"type": "IdentifierEntry", "identifier": provider.identification_code, "identifierType": "identifier"}
            ],
        }
    )


def _issuer_from_snapshot(snapshot: dict) -> dict:
    provider = snapshot["provider"]
    return _drop_empty(
        {
            "id": issuer_url(provider["id"]),
            "type": ["Profile"],
            "name": _text(provider.get("legal_name"), "en"),
            "address": {"type": ["Address"], "addressCountryCode": provider.get("country") or "GE"},
            "otherIdentifier": [
                {
                    "type": "IdentifierEntry",
                    "identifier": provider["identification_code"],
                    "identifierType": "identifier",
                }
            ]
            if provider.get("identification_code")
            else None,
        }
    )


# --- The credential ------------------------------------------------------------------------------------------


def credential_json(credential: Credential, *, public: bool = False) -> dict:
    """The OpenBadgeCredential of a credential, from its frozen snapshot. `public`: as people with the code
    get it, which carries the grade (`result`) only when the learner chose to show it."""
    snapshot = credential.snapshot
    learner = snapshot["learner"]
    name = f"{learner.get('first_name_en', '')} {learner.get('last_name_en', '')}".strip()
    achievement_data = achievement(snapshot, "en")
    subject = {
        "id": f"urn:uuid:{credential.subject_id}",
        "type": ["AchievementSubject"],
        "identifier": [{"type": "IdentityObject", "identityHash": name, "identityType": "name", "hashed": False}],
        "achievement": achievement_data,
        "creditsEarned": float(snapshot["ects"]) if snapshot.get("ects") else None,
        "activityStartDate": _date_time(snapshot.get("offering", {}).get("start_date")),
        "activityEndDate": _date_time(snapshot.get("offering", {}).get("end_date")),
        "result": [
            {
                "type": ["Result"],
                "resultDescription": achievement_data["resultDescription"][0]["id"],
                "value": snapshot["grade"]["letter"],
            }
        ]
        if credential.show_grade or not public
        else None,
    }
    data = {
        "@context": CONTEXT,
        "id": credential_url(credential.code),
        "type": ["VerifiableCredential", "OpenBadgeCredential"],
        "name": achievement_data["name"],
        "description": achievement_data["description"],
        "issuer": _issuer_from_snapshot(snapshot),
        "validFrom": _iso(credential.issued_at),
        "validUntil": _iso(credential.expires_at) if credential.expires_at else None,
        "awardedDate": _iso(credential.issued_at),
        "credentialSubject": _drop_empty(subject),
        "credentialStatus": _status_entry(credential),
    }
    return _drop_empty(data)


def credential_variants(credential: Credential) -> list[dict]:
    """Every form of the credential the portal hands out: the learner's own (with the grade) and, when it differs,
    the public one. A file check accepts either as the record."""
    own = credential_json(credential)
    public = credential_json(credential, public=True)
    return [own] if public == own else [own, public]


def _date_time(day: str | None) -> str | None:
    return f"{day}T00:00:00Z" if day else None


def _status_entry(credential: Credential) -> dict | None:
    if credential.status_list_id is None:
        return None
    url = status_list_url(credential.status_list_id)
    return {
        "id": f"{url}#{credential.status_list_index}",
        "type": "BitstringStatusListEntry",
        "statusPurpose": "revocation",
        "statusListIndex": str(credential.status_list_index),
        "statusListCredential": url,
    }


# --- Keys and the VC-JWT -------------------------------------------------------------------------------------


def _is_rsa(identity: SigningIdentity) -> bool:
    cert = x509.load_pem_x509_certificate(identity.certificate_pem.encode())
    return isinstance(cert.public_key(), rsa.RSAPublicKey)


def jwt_identity_for(provider_id: int | None) -> SigningIdentity:
    """The key that signs JWTs: the provider's active identity if it is RSA (RS256), else the platform's."""
    candidates = SigningIdentity.objects.filter(active=True).filter(
        Q(provider_id=provider_id) | Q(provider__isnull=True)
    )
    own = [i for i in candidates if i.provider_id == provider_id and _is_rsa(i)]
    platform = [i for i in candidates if i.provider_id is None and _is_rsa(i)]
    chosen = (own or platform or [None])[0]
    if chosen is None:
        from .signing import KeyUnavailable

        raise KeyUnavailable("No RSA signing identity is installed.")
    return chosen


def publishable_identities():
    """Every key that ever signed and is not compromised: retired ones keep verifying what they signed."""
    return SigningIdentity.objects.filter(compromised_at__isnull=True).order_by("created_at")


def jwk(identity: SigningIdentity) -> dict:
    cert = x509.load_pem_x509_certificate(identity.certificate_pem.encode())
    data = json.loads(jwt.algorithms.RSAAlgorithm.to_jwk(cert.public_key()))
    return {**data, "kid": key_url(identity.key_id), "use": "sig", "alg": "RS256"}


def jwks() -> dict:
    return {"keys": [jwk(i) for i in publishable_identities() if _is_rsa(i)]}


@functools.lru_cache(maxsize=32)
def _private_key(path: str, mtime: float):
    from cryptography.hazmat.primitives.serialization import load_pem_private_key

    return load_pem_private_key(Path(path).read_bytes(), password=None)


def sign_jwt(payload: dict, identity: SigningIdentity) -> str:
    from .signing import KeyUnavailable, key_path

    path = key_path(identity)
    try:
        key = _private_key(str(path), path.stat().st_mtime)
    except OSError as error:
        raise KeyUnavailable(
            f"The private key file of {identity.key_id[:12]} cannot be read: {error.strerror}"
        ) from None
    return jwt.encode(payload, key, algorithm="RS256", headers={"kid": key_url(identity.key_id), "typ": "JWT"})


def _epoch(iso: str) -> int:
    return int(datetime.datetime.fromisoformat(iso.replace("Z", "+00:00")).timestamp())


def jwt_claims(data: dict) -> dict:
    """The VC-JWT payload: the credential itself plus the registered claims that mirror its fields."""
    claims = {
        **data,
        "iss": data["issuer"]["id"],
        "jti": data["id"],
        "sub": data["credentialSubject"]["id"],
        "nbf": _epoch(data["validFrom"]),
    }
    if data.get("validUntil"):
        claims["exp"] = _epoch(data["validUntil"])
    return claims


def credential_jwt(credential: Credential, *, public: bool = False) -> str:
    """Signed on every request, over the same variant credential_json(public=…) gives."""
    payload = jwt_claims(credential_json(credential, public=public))
    return sign_jwt(payload, jwt_identity_for(credential.provider_id))


def status_list_credential(status_list: StatusList) -> dict:
    from . import status_lists

    url = status_list_url(status_list.pk)
    return {
        "@context": ["https://www.w3.org/ns/credentials/v2"],
        "id": url,
        "type": ["VerifiableCredential", "BitstringStatusListCredential"],
        "issuer": absolute("/"),
        "validFrom": _iso(status_list.created_at),
        "credentialSubject": {
            "id": f"{url}#list",
            "type": "BitstringStatusList",
            "statusPurpose": status_list.purpose,
            "encodedList": status_lists.encode(status_list.size, status_lists.revoked_indexes(status_list)),
        },
    }


def status_list_jwt(status_list: StatusList) -> str:
    data = status_list_credential(status_list)
    claims = {
        **data,
        "iss": data["issuer"],
        "jti": data["id"],
        "nbf": _epoch(data["validFrom"]),
        "iat": int(timezone.now().timestamp()),
    }
    return sign_jwt(claims, jwt_identity_for(None))


# --- The portal's verifier ----------------------------------------------------------------------------------


@dataclasses.dataclass
class JwtCheck:
    valid: bool = False
    claims: dict | None = None
    key_id: str = ""
    problem: str = ""  # a short code: malformed, header, algorithm, unknown_key, signature, claims, schema


def public_keys() -> dict[str, str]:
    """The portal's verifying keys: kid URL -> public key PEM (RSA keys that are not compromised)."""
    from cryptography.hazmat.primitives import serialization

    result = {}
    for identity in publishable_identities():
        public = x509.load_pem_x509_certificate(identity.certificate_pem.encode()).public_key()
        if isinstance(public, rsa.RSAPublicKey):
            result[key_url(identity.key_id)] = public.public_bytes(
                serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
            ).decode()
    return result


def verify_jwt(token: str, keys: dict[str, str] | None = None) -> JwtCheck:
    """Check a VC-JWT as the portal issues them: RS256 only, a `kid` that is one of the portal's uncompromised
    keys, a signature that holds, claims that match the credential, and the official schema. `keys`
    (kid URL -> PEM, from public_keys()) lets a process without the database check too."""
    from cryptography.hazmat.primitives.serialization import load_pem_public_key

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
            and claims["nbf"] == _epoch(claims["validFrom"])
        )
        if "validUntil" in claims or "exp" in claims:
            ok = ok and claims.get("exp") == _epoch(claims["validUntil"])
        return ok
    except (KeyError, TypeError, ValueError):
        return False


@functools.cache
def _validator():
    import jsonschema

    schema = json.loads((SCHEMA_DIR / "achievementcredential.json").read_text())
    return jsonschema.Draft201909Validator(schema, format_checker=jsonschema.Draft201909Validator.FORMAT_CHECKER)


def schema_errors(data: dict) -> list[str]:
    """What the official OB 3.0 AchievementCredential schema finds wrong (empty when valid)."""
    return [f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in _validator().iter_errors(data)]
