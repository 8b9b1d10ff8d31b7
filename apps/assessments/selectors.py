"""Reads of results: the gradebook of an offering, and a learner's results beside their enrolments."""

from django.db.models import Prefetch, QuerySet

from apps.enrolments.models import Enrolment, EnrolmentStatus, Offering

from .models import AssessmentResult


def gradebook(offering: Offering):
    """The offering's enrolments with all their results, and its components: a fixed number of queries for
    any number of learners."""
    enrolments = list(
        offering.enrolments.exclude(status__in=[EnrolmentStatus.WITHDRAWN, EnrolmentStatus.WAITLISTED])
        .select_related("learner")
        .prefetch_related(Prefetch("results", queryset=AssessmentResult.objects.order_by("attempt")))
        .order_by("learner__last_name_en", "learner__first_name_en", "pk")
    )
    components = list(offering.version.components.order_by("order"))
    return enrolments, components


def with_results(enrolments: QuerySet[Enrolment]) -> QuerySet[Enrolment]:
    """The enrolments with their results (components in order, re-sits after first attempts) in one more query."""
    return enrolments.prefetch_related(
        Prefetch("results", queryset=AssessmentResult.objects.order_by("component__order", "attempt"))
    )
