"""Open Badges 3.0 documents: every credential as an `OpenBadgeCredential` (a W3C Verifiable Credential), made
from the credential's frozen snapshot; the achievement and the issuer profile it names; and the Bitstring Status
List credential of revocation. The VC-JWT that secures them is ob3_sign's.

Both languages travel in the credential: the achievement itself is in English (what wallets and employers
abroad read first), and its Georgian twin is a `related` achievement with `inLanguage: "ka"`, served at the
same address with `?lang=ka`. The mapping from the EU Annex I elements is in docs/open-badges.md."""

import datetime

from apps.providers.selectors import provider_standing, providers_with_authorizations

from . import status_lists
from .links import absolute, achievement_url, credential_url, issuer_url, status_list_url
from .models import Credential, StatusList

CONTEXT = ["https://www.w3.org/ns/credentials/v2", "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"]
EQF_URL = "https://europass.europa.eu/en/description-eight-eqf-levels"
GRADES = ["A", "B", "C", "D", "E"]


def iso(moment: datetime.datetime) -> str:
    return moment.astimezone(datetime.UTC).replace(microsecond=0).strftime("%Y-%m-%dT%H:%M:%SZ")


def _text(pair: dict | None, language: str) -> str:
    pair = pair or {}
    return (pair.get(language) or pair.get("en" if language == "ka" else "ka") or "").strip()


def _drop_empty(data: dict) -> dict:
    """Leave optional fields out rather than send null or "" (the schema refuses those in places)."""
    return {k: v for k, v in data.items() if v not in (None, "", [], {})}


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
        "validFrom": iso(credential.issued_at),
        "validUntil": iso(credential.expires_at) if credential.expires_at else None,
        "awardedDate": iso(credential.issued_at),
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


def status_list_credential(status_list: StatusList) -> dict:
    url = status_list_url(status_list.pk)
    return {
        "@context": ["https://www.w3.org/ns/credentials/v2"],
        "id": url,
        "type": ["VerifiableCredential", "BitstringStatusListCredential"],
        "issuer": absolute("/"),
        "validFrom": iso(status_list.created_at),
        "credentialSubject": {
            "id": f"{url}#list",
            "type": "BitstringStatusList",
            "statusPurpose": status_list.purpose,
            "encodedList": status_lists.encode(status_list.size, status_lists.revoked_indexes(status_list)),
        },
    }
