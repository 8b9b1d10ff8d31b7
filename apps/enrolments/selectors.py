from django.db.models import Case, CharField, Count, Prefetch, Q, QuerySet, TextChoices, Value, When
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from apps.programmes.models import AssessmentComponent
from apps.providers import access

from .models import Enrolment, EnrolmentInvitation, EnrolmentStatus, InvitationStatus, Offering

# Learners on the offering's roll: enrolled, or with their result (completed or failed) recorded.
ON_ROLL = [EnrolmentStatus.ENROLLED, EnrolmentStatus.COMPLETED, EnrolmentStatus.FAILED]


class Phase(TextChoices):
    """Where an offering stands today, as the provider area lists it."""

    UPCOMING = "upcoming", _("Enrolment not open yet")
    ENROLMENT_OPEN = "enrolment_open", _("Open for enrolment")
    NOT_STARTED = "not_started", _("Enrolment closed, not started yet")
    RUNNING = "running", _("In progress")
    AWAITING_RESULTS = "awaiting_results", _("Ended: results not final")
    FINAL = "final", _("Results are final")


def offerings_with_places() -> QuerySet[Offering]:
    """Offerings with `taken` (Offering.objects.with_places(), the one count of places taken) and what their pages
    show of the programme, the provider and the language."""
    return Offering.objects.with_places().select_related("version__programme__provider", "language")


def invitations_awaiting(offering: Offering) -> QuerySet[EnrolmentInvitation]:
    """The offering's invitations not (yet) accepted, as the provider typed them: nothing from any account."""
    return offering.invitations.filter(status__in=[InvitationStatus.OPEN, InvitationStatus.DECLINED]).order_by(
        "status", "-created_at"
    )


def invitations_for(user) -> QuerySet[EnrolmentInvitation]:
    """The open invitations addressed to the user's e-mail address, of offerings still running."""
    return (
        EnrolmentInvitation.objects.filter(
            email=user.email.lower(), status=InvitationStatus.OPEN, offering__results_finalised_at__isnull=True
        )
        .select_related("offering__version__programme__provider")
        .order_by("offering__start_date")
    )


def open_offerings_of(version) -> list[Offering]:
    today = timezone.localdate()
    return list(
        offerings_with_places()
        .filter(version__programme=version.programme, enrolment_closes__gte=today, results_finalised_at__isnull=True)
        .order_by("start_date")
    )


def learner_enrolments(user) -> QuerySet[Enrolment]:
    """The learner's enrolments, latest offering first, with their programme's components in order (the
    learner area adds the results and the credentials)."""
    return (
        Enrolment.objects.filter(learner=user)
        .select_related("offering__version__programme__provider")
        .prefetch_related(
            Prefetch("offering__version__components", queryset=AssessmentComponent.objects.order_by("order"))
        )
        .order_by("-offering__start_date")
    )


def offering_for_staff(
    *, user, provider_id: int, offering_id: int, capability: str = access.Capability.VIEW
) -> Offering:
    provider = access.provider_for(user=user, provider_id=provider_id, capability=capability)
    try:
        return offerings_with_places().get(pk=offering_id, version__programme__provider=provider)
    except Offering.DoesNotExist:
        raise Http404 from None


def provider_offerings(*, provider, today=None) -> QuerySet[Offering]:
    """The provider's offerings, newest first, each with `enrolled` (learners on its roll), `taken` (places held)
    and `phase` (a Phase value): a fixed number of queries for any number of offerings."""
    today = today or timezone.localdate()
    phase = Case(
        When(results_finalised_at__isnull=False, then=Value(Phase.FINAL)),
        When(end_date__lt=today, then=Value(Phase.AWAITING_RESULTS)),
        When(start_date__lte=today, then=Value(Phase.RUNNING)),
        When(enrolment_opens__gt=today, then=Value(Phase.UPCOMING)),
        When(enrolment_closes__gte=today, then=Value(Phase.ENROLMENT_OPEN)),
        default=Value(Phase.NOT_STARTED),
        output_field=CharField(),
    )
    return (
        offerings_with_places()
        .filter(version__programme__provider=provider)
        .annotate(enrolled=Count("enrolments", filter=Q(enrolments__status__in=ON_ROLL), distinct=True), phase=phase)
        .order_by("-start_date", "-pk")
    )


def gradebooks_of(*, provider, today=None) -> QuerySet[Offering]:
    """The offerings whose results are not final yet, the ones ending first at the top: an assessor's work list."""
    return (
        provider_offerings(provider=provider, today=today)
        .filter(results_finalised_at__isnull=True)
        .order_by("end_date", "start_date", "pk")
    )


def with_phase_labels(offerings) -> list[Offering]:
    """The offerings as a list, each with `phase_label`, the words for its `phase`, for the page."""
    offerings = list(offerings)
    for offering in offerings:
        offering.phase_label = Phase(offering.phase).label
    return offerings
