from django.db.models import Count, Prefetch, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from apps.providers.selectors import provider_for_member

from .models import PLACE_HOLDING, Enrolment, Offering


def offerings_with_places() -> QuerySet[Offering]:
    return Offering.objects.select_related("version__programme__provider", "language").annotate(
        taken=Count("enrolments", filter=Q(enrolments__status__in=PLACE_HOLDING))
    )


def open_offerings_of(version) -> list[Offering]:
    today = timezone.localdate()
    return list(
        offerings_with_places()
        .filter(version__programme=version.programme, enrolment_closes__gte=today, results_finalised_at__isnull=True)
        .order_by("start_date")
    )


def learner_enrolments(user) -> QuerySet[Enrolment]:
    from apps.assessments.models import AssessmentResult
    from apps.programmes.models import AssessmentComponent

    return (
        Enrolment.objects.filter(learner=user)
        .select_related("offering__version__programme__provider")
        .prefetch_related(
            Prefetch("offering__version__components", queryset=AssessmentComponent.objects.order_by("order")),
            Prefetch("results", queryset=AssessmentResult.objects.order_by("component__order", "attempt")),
        )
        .order_by("-offering__start_date")
    )


def offering_for_staff(*, user, provider_id: int, offering_id: int, roles=None) -> Offering:
    kwargs = {"roles": roles} if roles else {}
    provider = provider_for_member(user=user, provider_id=provider_id, **kwargs)
    try:
        return offerings_with_places().get(pk=offering_id, version__programme__provider=provider)
    except Offering.DoesNotExist:
        raise Http404 from None


def gradebook(offering: Offering):
    """The offering's enrolments with all their results, and its components: a fixed number of queries for
    any number of learners."""
    from apps.assessments.models import AssessmentResult

    enrolments = list(
        offering.enrolments.exclude(status__in=["withdrawn", "waitlisted"])
        .select_related("learner")
        .prefetch_related(Prefetch("results", queryset=AssessmentResult.objects.order_by("attempt")))
        .order_by("learner__last_name_en", "learner__first_name_en", "pk")
    )
    components = list(offering.version.components.order_by("order"))
    return enrolments, components
