from django.db.models import Prefetch, QuerySet
from django.http import Http404

from apps.providers import access

from .models import AssessmentComponent, LearningOutcome, Programme, ProgrammeVersion, Status

PUBLIC_STATUSES = (Status.PUBLISHED, Status.ARCHIVED)


def catalogue() -> QuerySet[ProgrammeVersion]:
    """Published versions with what a catalogue row shows, in a fixed number of queries whatever the page size."""
    return (
        ProgrammeVersion.objects.filter(status=Status.PUBLISHED)
        .select_related("programme__provider", "nqf_level", "field_of_study__parent__parent")
        .prefetch_related("languages")
    )


def with_everything(queryset: QuerySet[ProgrammeVersion]) -> QuerySet[ProgrammeVersion]:
    """Versions with every Annex I element loaded: for the public page, the preview and the review."""
    return queryset.select_related(
        "programme__provider", "nqf_level", "field_of_study__parent__parent"
    ).prefetch_related(
        "languages",
        "co_awarding_providers",
        Prefetch("outcomes", queryset=LearningOutcome.objects.order_by("order")),
        Prefetch(
            "components",
            queryset=AssessmentComponent.objects.order_by("order").prefetch_related(
                Prefetch("outcomes", queryset=LearningOutcome.objects.order_by("order"))
            ),
        ),
    )


def public_version(*, programme_id: int, number: int | None = None) -> ProgrammeVersion:
    """A version the public may read: the one published now, or (by number) any version that was ever
    published, which credentials cite."""
    versions = with_everything(ProgrammeVersion.objects.filter(programme_id=programme_id))
    try:
        if number is None:
            return versions.get(status=Status.PUBLISHED)
        return versions.get(number=number, status__in=PUBLIC_STATUSES)
    except ProgrammeVersion.DoesNotExist:
        raise Http404 from None


def programmes_of(provider) -> QuerySet[Programme]:
    return (
        Programme.objects.filter(provider=provider)
        .prefetch_related(Prefetch("versions", queryset=ProgrammeVersion.objects.order_by("-number")))
        .order_by("code")
    )


def version_for_member(
    *, user, provider_id: int, programme_id: int, number: int, capability: str = access.Capability.VIEW
) -> ProgrammeVersion:
    provider = access.provider_for(user=user, provider_id=provider_id, capability=capability)
    try:
        return with_everything(ProgrammeVersion.objects.filter(programme__provider=provider)).get(
            programme_id=programme_id, number=number
        )
    except ProgrammeVersion.DoesNotExist:
        raise Http404 from None


def previous_version(version: ProgrammeVersion) -> ProgrammeVersion | None:
    """What a version is compared with: the one it was based on, else the one numbered before it."""
    return version.based_on or version.programme.versions.filter(number__lt=version.number).order_by("-number").first()
