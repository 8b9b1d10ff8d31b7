"""Georgia's national rules for a micro-credential programme, and the completeness a submission needs.

Each check returns problems keyed by the field they concern, in the user's language, so that the authoring
page can show them next to the field while the author types, and the services can refuse a submission or an
approval with the same words."""

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings
from django.db.models import Q
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from apps.providers.selectors import (
    AuthorizationState,
    authorization_state,
    provider_may_issue,
    providers_with_authorizations,
)
from apps.reference.models import FieldOfStudy, NQFLevel

BILINGUAL_REQUIRED = ["title", "summary", "description", "assessment_type"]

# The lowest pass on the Georgian grading scale: E (sufficient) is 51–60, FX (41–50) is not a pass. A
# component's pass mark is the lowest score in it that counts as passed, so it is on the passing part of the
# scale, as the overall pass (a total of 51) is; apps.assessments.grading applies both.
LOWEST_PASS = 51


def _add(problems: dict, field: str, message: str) -> None:
    problems.setdefault(field, []).append(message)


def ects_bounds_message() -> str:
    """The national bounds of a micro-credential's credits, as the author reads them (also checked as they type)."""
    return _("A micro-credential carries from %(min)s to %(max)s ECTS credits.") % {
        "min": formats.number_format(Decimal(f"{settings.MICROCREDENTIAL_MIN_ECTS:g}")),
        "max": formats.number_format(Decimal(f"{settings.MICROCREDENTIAL_MAX_ECTS:g}")),
    }


@dataclass(frozen=True)
class AuthorizedScope:
    """What a provider may offer micro-credentials in today: the NQF levels (within the national rule) and the
    ISCED-F fields (broad, narrow or detailed, each covering the fields under it) of its authorizations in force."""

    levels: tuple[int, ...]
    fields: tuple[FieldOfStudy, ...]

    def level_choices(self):
        return NQFLevel.objects.filter(level__in=self.levels)

    def field_choices(self):
        """The detailed fields a programme may name: those under a field of the scope."""
        covered = Q(pk__in=[])
        for field in self.fields:
            covered |= Q(code__startswith=field.code)
        return FieldOfStudy.objects.filter(covered, level="detailed")


def authorized_scope(provider, *, on_date: datetime.date | None = None) -> AuthorizedScope:
    """The union of the levels and fields of the provider's authorizations in force on the date. A level and a
    field from two different authorizations may not go together: version_problems asks provider_may_issue."""
    on_date = on_date or timezone.localdate()
    in_force = [
        authorization
        for authorization in providers_with_authorizations().get(pk=provider.pk).authorizations
        if authorization_state(authorization, on_date) == AuthorizationState.VALID
    ]
    levels = {level.level for a in in_force for level in a.levels.all()} & set(settings.MICROCREDENTIAL_NQF_LEVELS)
    fields = {field.code: field for a in in_force for field in a.fields_of_study.all()}
    return AuthorizedScope(levels=tuple(sorted(levels)), fields=tuple(fields[code] for code in sorted(fields)))


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


def pass_mark_message(number: int, mark: int) -> str:
    return _(
        "Assessment component %(number)s: a pass mark of %(mark)s is below %(lowest)s, the lowest pass on the "
        "grading scale (E, sufficient); a pass mark is from %(lowest)s to 100."
    ) % {"number": number, "mark": mark, "lowest": LOWEST_PASS}


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
        _add(problems, "ects_credits", ects_bounds_message())
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
    for number, component in enumerate(components, start=1):
        if component.pass_mark is not None and component.pass_mark < LOWEST_PASS:
            _add(problems, "components", pass_mark_message(number, component.pass_mark))
    assessed = {o.pk for c in components for o in c.outcomes.all()}
    for number, outcome in enumerate(outcomes, start=1):
        if outcome.pk not in assessed:
            _add(
                problems,
                "outcomes",
                _("Learning outcome %(number)s is not assessed by any component.") % {"number": number},
            )
    return problems
