"""Programmes: authoring, submission, NCEQE's review, publication and new versions. Each function checks its
rules, runs in one transaction and leaves an audit record (django-simple-history and ProgrammeReview)."""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from apps.accounts.models import NotificationKind
from apps.accounts.selectors import center_reviewers
from apps.accounts.services import notify
from apps.core.audit import audit
from apps.core.reasons import missing_reasons
from apps.providers import access

from .models import (
    AssessmentComponent,
    LearningOutcome,
    Programme,
    ProgrammeReview,
    ProgrammeVersion,
    ReviewOutcome,
    Status,
)
from .rules import version_problems

CONTENT_FIELDS = [
    "title_ka",
    "title_en",
    "summary_ka",
    "summary_en",
    "description_ka",
    "description_en",
    "ects_credits",
    "workload_hours",
    "nqf_level",
    "field_of_study",
    "participation_mode",
    "assessment_type_ka",
    "assessment_type_en",
    "supervision",
    "quality_assurance",
    "prerequisites_ka",
    "prerequisites_en",
    "validity_months",
    "further_information_ka",
    "further_information_en",
]
M2M_FIELDS = ["languages", "co_awarding_providers"]
EDITING_ROLES = access.roles_for(access.Capability.AUTHOR)


def _require_editor(user, provider) -> None:
    access.check(user, access.Capability.AUTHOR, provider)


def _require_reviewer(user) -> None:
    access.require_center(user, "programmes.add_programmereview")


def _locked(version_id: int) -> ProgrammeVersion:
    return ProgrammeVersion.objects.select_for_update().select_related("programme__provider").get(pk=version_id)


def _require_status(version, *allowed, message):
    if version.status not in allowed:
        raise ValidationError(message)


def _raise_problems(problems: dict) -> None:
    if problems:
        raise ValidationError(problems)


@transaction.atomic
def programme_create(*, provider, acting_user, code: str) -> ProgrammeVersion:
    """A new programme with an empty first version in draft."""
    _require_editor(acting_user, provider)
    programme = Programme(provider=provider, code=code.strip(), created_by=acting_user)
    try:
        programme.full_clean()
    except ValidationError as error:
        if "__all__" in error.message_dict:
            raise ValidationError({"code": _("The organisation already has a programme with this code.")}) from None
        raise
    programme.save()
    version = ProgrammeVersion(programme=programme, number=1, created_by=acting_user)
    audit(version, acting_user, "created")
    version.save()
    return version


@transaction.atomic
def version_save(*, version: ProgrammeVersion, acting_user, data: dict, outcomes: list[dict], components: list[dict]):
    """Save a draft: its fields, its learning outcomes and its assessment components, all at once.

    `outcomes` are dicts with text_ka, text_en, esco_uri and a `key` of the author's choosing; `components` name
    the outcomes they assess by those keys. A draft may be incomplete; the national rules apply on submission."""
    version = _locked(version.pk)
    _require_editor(acting_user, version.programme.provider)
    _require_status(
        version, Status.DRAFT, message=_("Only a draft can be edited. Start a new version to change this programme.")
    )
    for field in CONTENT_FIELDS:
        if field in data:
            setattr(version, field, data[field])
    version.full_clean(exclude=["programme", "number", "status"])
    audit(version, acting_user, "edited")
    version.save()
    for field in M2M_FIELDS:
        if field in data:
            getattr(version, field).set(data[field])

    version.components.all().delete()
    version.outcomes.all().delete()
    by_key = {}
    for order, row in enumerate(outcomes, start=1):
        outcome = LearningOutcome(
            version=version,
            order=order,
            text_ka=row["text_ka"],
            text_en=row["text_en"],
            esco_uri=row.get("esco_uri", ""),
        )
        outcome.full_clean()
        outcome.save()
        by_key[str(row.get("key", order))] = outcome
    for order, row in enumerate(components, start=1):
        component = AssessmentComponent(
            version=version,
            order=order,
            name_ka=row["name_ka"],
            name_en=row["name_en"],
            weight=row["weight"],
            pass_mark=row["pass_mark"],
        )
        component.full_clean()
        component.save()
        component.outcomes.set([by_key[str(key)] for key in row.get("outcomes", []) if str(key) in by_key])
    return version


@transaction.atomic
def version_submit(*, version: ProgrammeVersion, acting_user) -> ProgrammeVersion:
    version = _locked(version.pk)
    _require_editor(acting_user, version.programme.provider)
    _require_status(version, Status.DRAFT, message=_("This version has already been submitted."))
    _raise_problems(version_problems(version))
    version.status = Status.SUBMITTED
    version.submitted_at = timezone.now()
    audit(version, acting_user, "submitted")
    version.save()
    notify(
        recipients=center_reviewers(),
        kind=NotificationKind.PROGRAMME_SUBMITTED,
        template="programmes/email/version_submitted",
        context={"version": version},
        link=reverse("admin:programmes_programmeversion_change", args=[version.pk]),
    )
    return version


@transaction.atomic
def version_withdraw(*, version: ProgrammeVersion, acting_user) -> ProgrammeVersion:
    version = _locked(version.pk)
    _require_editor(acting_user, version.programme.provider)
    _require_status(
        version, Status.SUBMITTED, Status.UNDER_REVIEW, message=_("Only a submission awaiting NCEQE can be withdrawn.")
    )
    version.status = Status.DRAFT
    version.submitted_at = None
    audit(version, acting_user, "withdrawn")
    version.save()
    return version


@transaction.atomic
def version_start_review(*, version: ProgrammeVersion, reviewer) -> ProgrammeVersion:
    _require_reviewer(reviewer)
    version = _locked(version.pk)
    _require_status(version, Status.SUBMITTED, message=_("Only a submitted version can be taken up."))
    version.status = Status.UNDER_REVIEW
    audit(version, reviewer, "review started")
    version.save()
    return version


@transaction.atomic
def version_decide(
    *, version: ProgrammeVersion, reviewer, outcome: str, reasons_ka: str, reasons_en: str
) -> ProgrammeReview:
    """Approve, request changes or reject, with reasons in both languages. An approval re-checks the national
    rules and the provider's authorization on the day it is given."""
    _require_reviewer(reviewer)
    version = _locked(version.pk)
    _require_status(
        version,
        Status.SUBMITTED,
        Status.UNDER_REVIEW,
        message=_("This version has already been decided, or is not submitted."),
    )
    errors = missing_reasons(reasons_ka=reasons_ka, reasons_en=reasons_en)
    if outcome not in ReviewOutcome.values:
        errors["outcome"] = _("Choose approve, request changes or reject.")
    _raise_problems(errors)
    if outcome == ReviewOutcome.APPROVED:
        problems = version_problems(version)
        if problems:
            raise ValidationError(
                [_("This version cannot be approved:")] + [m for messages in problems.values() for m in messages]
            )
    review = ProgrammeReview(
        version=version,
        outcome=outcome,
        reasons_ka=reasons_ka.strip(),
        reasons_en=reasons_en.strip(),
        decided_by=reviewer,
    )
    review.save()
    version.status = {
        ReviewOutcome.APPROVED: Status.APPROVED,
        ReviewOutcome.CHANGES_REQUESTED: Status.DRAFT,
        ReviewOutcome.REJECTED: Status.REJECTED,
    }[outcome]
    if outcome == ReviewOutcome.APPROVED:
        version.approved_at = timezone.now()
    audit(version, reviewer, f"review: {outcome}")
    version.save()
    editors = version.programme.provider.memberships.filter(role__in=EDITING_ROLES).select_related("user")
    programme = version.programme
    notify(
        recipients=[member.user for member in editors],
        kind=NotificationKind.PROGRAMME_REVIEW,
        template="programmes/email/review",
        context={"review": review},
        link=reverse("programmes:version", args=[programme.provider_id, programme.pk, version.number]),
    )
    return review


@transaction.atomic
def version_publish(*, version: ProgrammeVersion, acting_user) -> ProgrammeVersion:
    """Publish an approved version in the catalogue. The version it replaces is archived; it stays readable at
    its own address for the credentials that cite it."""
    version = _locked(version.pk)
    _require_editor(acting_user, version.programme.provider)
    _require_status(version, Status.APPROVED, message=_("Only an approved version can be published."))
    problems = version_problems(version)
    if "field_of_study" in problems:
        raise ValidationError(problems["field_of_study"])
    now = timezone.now()
    for previous in ProgrammeVersion.objects.select_for_update().filter(
        programme=version.programme, status=Status.PUBLISHED
    ):
        previous.status = Status.ARCHIVED
        previous.archived_at = now
        audit(previous, acting_user, f"replaced by version {version.number}")
        previous.save()
    version.status = Status.PUBLISHED
    version.published_at = now
    audit(version, acting_user, "published")
    version.save()
    return version


@transaction.atomic
def version_archive(*, version: ProgrammeVersion, acting_user) -> ProgrammeVersion:
    version = _locked(version.pk)
    _require_editor(acting_user, version.programme.provider)
    _require_status(version, Status.PUBLISHED, message=_("Only a published version can be archived."))
    version.status = Status.ARCHIVED
    version.archived_at = timezone.now()
    audit(version, acting_user, "archived")
    version.save()
    return version


@transaction.atomic
def version_new(*, programme: Programme, acting_user) -> ProgrammeVersion:
    """Start changing an approved or published programme: a new draft, a copy of the latest version. The
    versions before it stay as they are, for what was earned on them."""
    _require_editor(acting_user, programme.provider)
    latest = programme.versions.select_for_update().order_by("-number").first()
    if latest.status in (Status.DRAFT, Status.SUBMITTED, Status.UNDER_REVIEW, Status.APPROVED):
        raise ValidationError(
            _("This programme already has a version in progress (version %(number)s).") % {"number": latest.number}
        )
    draft = ProgrammeVersion(
        programme=programme,
        number=latest.number + 1,
        based_on=latest,
        created_by=acting_user,
        **{field: getattr(latest, field) for field in CONTENT_FIELDS},
    )
    audit(draft, acting_user, f"new version from version {latest.number}")
    try:
        with transaction.atomic():
            draft.save()
    except IntegrityError:
        raise ValidationError(_("This programme already has a version in progress.")) from None
    for field in M2M_FIELDS:
        getattr(draft, field).set(getattr(latest, field).all())
    outcomes = [
        {"key": o.pk, "text_ka": o.text_ka, "text_en": o.text_en, "esco_uri": o.esco_uri} for o in latest.outcomes.all()
    ]
    components = [
        {
            "name_ka": c.name_ka,
            "name_en": c.name_en,
            "weight": c.weight,
            "pass_mark": c.pass_mark,
            "outcomes": [o.pk for o in c.outcomes.all()],
        }
        for c in latest.components.prefetch_related("outcomes")
    ]
    return version_save(version=draft, acting_user=acting_user, data={}, outcomes=outcomes, components=components)
