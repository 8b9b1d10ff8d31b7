"""Georgia's national rules for a micro-credential programme, and the completeness a submission needs.

Each check returns problems keyed by the field they concern, in the user's language, so that the authoring
page can show them next to the field while the author types, and the services can refuse a submission or an
approval with the same words."""

from decimal import Decimal

from django.conf import settings
from django.utils.translation import gettext as _

from apps.providers.selectors import provider_may_issue

BILINGUAL_REQUIRED = ["title", "summary", "description", "assessment_type"]


def _add(problems: dict, field: str, message: str) -> None:
    problems.setdefault(field, []).append(message)


def workload_problem(ects, hours) -> str | None:
    if ects is None or hours is None:
        return None
    expected = Decimal(ects) * settings.HOURS_PER_ECTS
    tolerance = expected * Decimal(settings.WORKLOAD_TOLERANCE_PERCENT) / 100
    if abs(Decimal(hours) - expected) > tolerance:
        return _(
            "%(ects)s ECTS credits mean about %(expected)s hours of work (%(per)s hours a credit, ±%(tolerance)s%%); "
            "%(hours)s hours does not match."
        ) % {
            "ects": ects,
            "expected": int(expected),
            "per": settings.HOURS_PER_ECTS,
            "tolerance": settings.WORKLOAD_TOLERANCE_PERCENT,
            "hours": hours,
        }
    return None


def version_problems(version, *, on_date=None) -> dict[str, list[str]]:
    """Everything that stops this version from being submitted or approved. Empty when it is ready."""
    problems: dict[str, list[str]] = {}
    for field in BILINGUAL_REQUIRED:
        for language, name in (("ka", _("Georgian")), ("en", _("English"))):
            if not (getattr(version, f"{field}_{language}") or "").strip():
                _add(problems, f"{field}_{language}", _("Write this in %(language)s too.") % {"language": name})

    if version.ects_credits is None:
        _add(problems, "ects_credits", _("Give the ECTS credits."))
    elif not settings.MICROCREDENTIAL_MIN_ECTS <= float(version.ects_credits) <= settings.MICROCREDENTIAL_MAX_ECTS:
        _add(
            problems,
            "ects_credits",
            _("A micro-credential carries from %(min)s to %(max)s ECTS credits.")
            % {"min": settings.MICROCREDENTIAL_MIN_ECTS, "max": settings.MICROCREDENTIAL_MAX_ECTS},
        )
    if version.workload_hours is None:
        _add(problems, "workload_hours", _("Give the notional workload in hours."))
    elif message := workload_problem(version.ects_credits, version.workload_hours):
        _add(problems, "workload_hours", message)

    if version.nqf_level_id is None:
        _add(problems, "nqf_level", _("Choose the NQF level."))
    elif version.nqf_level_id not in settings.MICROCREDENTIAL_NQF_LEVELS:
        levels = ", ".join(str(level) for level in settings.MICROCREDENTIAL_NQF_LEVELS)
        _add(
            problems, "nqf_level", _("Micro-credentials may be offered at NQF levels %(levels)s.") % {"levels": levels}
        )
    if version.field_of_study_id is None:
        _add(problems, "field_of_study", _("Choose the field of study."))
    in_scope = (
        version.nqf_level_id is None
        or version.field_of_study_id is None
        or provider_may_issue(
            provider=version.programme.provider,
            nqf_level=version.nqf_level_id,
            field_code=version.field_of_study_id,
            on_date=on_date,
        )
    )
    if not in_scope:
        _add(
            problems,
            "field_of_study",
            _("The provider's authorization by NCEQE does not cover this level and field of study today."),
        )
    if not version.languages.exists():
        _add(problems, "languages", _("Choose at least one language of instruction."))
    if not version.participation_mode:
        _add(problems, "participation_mode", _("Choose the form of participation."))
    if not version.supervision:
        _add(problems, "supervision", _("Say how assessment is supervised and identities verified."))

    outcomes = list(version.outcomes.all())
    components = list(version.components.prefetch_related("outcomes"))
    if not outcomes:
        _add(problems, "outcomes", _("Add at least one learning outcome."))
    if not components:
        _add(problems, "components", _("Add at least one assessment component."))
    elif (total := sum(c.weight for c in components)) != 100:
        _add(
            problems,
            "components",
            _("The weights of the assessment components add up to %(total)s%%, not 100%%.") % {"total": total},
        )
    assessed = {o.pk for c in components for o in c.outcomes.all()}
    for number, outcome in enumerate(outcomes, start=1):
        if outcome.pk not in assessed:
            _add(
                problems,
                "outcomes",
                _("Learning outcome %(number)s is not assessed by any component.") % {"number": number},
            )
    return problems
