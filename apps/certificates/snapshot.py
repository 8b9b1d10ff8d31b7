"""The frozen content of a credential: every Annex I element of the EU Council Recommendation 2022/C 243/02
and the learner's names, date of birth and grade, in both languages, as they stand at issue time. The PDF,
the public page and the Open Badges credential are all made from this, never from the live rows."""

import datetime
from decimal import Decimal

from dateutil.relativedelta import relativedelta
from django.utils import timezone, translation

from apps.assessments.grading import GradeResult, grade_name
from apps.enrolments.models import Enrolment
from apps.programmes.models import ParticipationMode, QualityAssurance, Supervision

SCHEMA = 1
COUNTRY_NAMES = {"GE": {"ka": "საქართველო", "en": "Georgia"}}


def both(value) -> dict:
    """A lazy translation (a choice label, say) in both languages."""
    result = {}
    for language in ("ka", "en"):
        with translation.override(language):
            result[language] = str(value)
    return result


def _pair(obj, field: str) -> dict:
    return {"ka": getattr(obj, f"{field}_ka") or "", "en": getattr(obj, f"{field}_en") or ""}


def _choice(model_field_value: str, choices) -> dict:
    label = dict(choices).get(model_field_value)
    return {"code": model_field_value, **(both(label) if label else {"ka": "", "en": ""})}


def _country(code: str) -> dict:
    return COUNTRY_NAMES.get(code, {"ka": code, "en": code})


def _ects(value) -> str:
    if value is None:
        return ""
    return format(Decimal(value).normalize(), "f")


def expiry(issued_on: datetime.datetime, validity_months: int | None) -> datetime.datetime | None:
    return issued_on + relativedelta(months=validity_months) if validity_months else None


def build(*, enrolment: Enrolment, result: GradeResult | None, issued_at: datetime.datetime) -> dict:
    """The snapshot of a completed enrolment, with its grade as assessments computed it (`result`). Raises
    ValueError if the result is not a pass."""
    offering = enrolment.offering
    version = offering.version
    provider = version.programme.provider
    learner = enrolment.learner
    if result is None or not result.passed:
        raise ValueError("The enrolment has no passing result.")
    expires_at = expiry(issued_at, version.validity_months)
    return {
        "schema": SCHEMA,
        "issued_on": timezone.localtime(issued_at).date().isoformat(),
        "expires_on": timezone.localtime(expires_at).date().isoformat() if expires_at else None,
        "learner": {
            "first_name_ka": learner.first_name_ka,
            "last_name_ka": learner.last_name_ka,
            "first_name_en": learner.first_name_en,
            "last_name_en": learner.last_name_en,
            "date_of_birth": learner.date_of_birth.isoformat() if learner.date_of_birth else None,
        },
        **version_part(version),
        "offering": {
            "start_date": offering.start_date.isoformat(),
            "end_date": offering.end_date.isoformat(),
            "language": {"code": offering.language.code, **_pair(offering.language, "name")},
        },
        "grade": {"letter": result.grade, "total": result.total, "name": both(grade_name(result.grade))},
        "signatories": [
            {
                "name": _pair(s, "name"),
                "position": _pair(s, "position"),
                "signature": s.signature.name if s.signature else None,
            }
            for s in provider.signatories.all()
        ],
        "platform": {"name": {"ka": "მიკროკრედიტების ეროვნული პორტალი", "en": "MicroCred Georgia"}},
    }


def version_part(version) -> dict:
    """What a programme version contributes: the achievement's Annex I elements and the awarding bodies."""
    provider = version.programme.provider
    return {
        "title": _pair(version, "title"),
        "provider": {
            "id": provider.pk,
            "legal_name": _pair(provider, "legal_name"),
            "short_name": provider.short_name,
            "identification_code": provider.identification_code,
            "country": provider.country,
            "country_name": _country(provider.country),
        },
        "co_awarding": [
            {"legal_name": _pair(p, "legal_name"), "country": p.country, "country_name": _country(p.country)}
            for p in version.co_awarding_providers.order_by("legal_name_en")
        ],
        "programme": {"id": version.programme_id, "version": version.number, "code": version.programme.code},
        "outcomes": [
            {"ka": o.text_ka, "en": o.text_en, "esco_uri": o.esco_uri} for o in version.outcomes.order_by("order")
        ],
        "ects": _ects(version.ects_credits),
        "workload_hours": version.workload_hours,
        "nqf_level": version.nqf_level_id,
        "eqf_level": version.eqf_level,
        "field_of_study": {"code": version.field_of_study_id, **_pair(version.field_of_study, "name")}
        if version.field_of_study_id
        else None,
        "languages": [{"code": lang.code, **_pair(lang, "name")} for lang in version.languages.order_by("code")],
        "participation_mode": _choice(version.participation_mode, ParticipationMode.choices),
        "assessment_type": _pair(version, "assessment_type"),
        "supervision": _choice(version.supervision, Supervision.choices),
        "quality_assurance": _choice(version.quality_assurance, QualityAssurance.choices),
        "prerequisites": _pair(version, "prerequisites"),
        "further_information": _pair(version, "further_information"),
        "validity_months": version.validity_months,
    }
