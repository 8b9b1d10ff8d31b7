"""Reads for the public registry and catalogue. The registry stands above programmes and enrolments, so it is the
one that joins a programme to its offerings (programmes know nothing of offerings)."""

from dataclasses import dataclass

from django.db.models import Prefetch, Q, QuerySet
from django.utils import timezone

from apps.enrolments.models import FundingSource, Offering
from apps.enrolments.selectors import offerings_with_places
from apps.programmes.models import ProgrammeVersion
from apps.programmes.selectors import catalogue

from .filters import sort_order


def upcoming_offerings() -> QuerySet[Offering]:
    """Offerings a visitor may still join or wait for: not started yet or still taking enrolments, results not
    final. Earliest first."""
    today = timezone.localdate()
    return (
        offerings_with_places()
        .filter(Q(start_date__gte=today) | Q(enrolment_closes__gte=today), results_finalised_at__isnull=True)
        .order_by("start_date", "pk")
    )


def catalogue_with_offerings() -> QuerySet[ProgrammeVersion]:
    """The catalogue, each row with the upcoming offerings of its programme (of any of its versions: an offering
    of the version a new one replaced still runs), in a fixed number of queries whatever the page size."""
    return catalogue().prefetch_related(
        Prefetch("programme__versions__offerings", queryset=upcoming_offerings(), to_attr="upcoming")
    )


@dataclass(frozen=True)
class NextOffering:
    """What a catalogue card says about when a programme runs: the offering open for enrolment now if there is
    one, otherwise the next to start."""

    offering: Offering
    is_open: bool
    is_full: bool

    @property
    def opens_later(self) -> bool:
        return self.offering.enrolment_opens > timezone.localdate()

    @property
    def funded_by(self) -> list[str]:
        """The sources other than the learner's own money that the offering accepts, by their names."""
        accepted = self.offering.funding_sources
        return [label for value, label in FundingSource.choices if value in accepted and value != FundingSource.SELF]


def next_offering(version: ProgrammeVersion) -> NextOffering | None:
    """Reads the prefetched `upcoming` offerings of `catalogue_with_offerings()`."""
    offerings = sorted(
        (o for v in version.programme.versions.all() for o in v.upcoming), key=lambda o: (o.start_date, o.pk)
    )
    if not offerings:
        return None
    today = timezone.localdate()
    open_now = [o for o in offerings if o.enrolment_open_on(today)]
    chosen = open_now[0] if open_now else offerings[0]
    full = chosen.taken >= chosen.capacity
    return NextOffering(offering=chosen, is_open=bool(open_now) and (not full or chosen.waiting_list), is_full=full)


def published_programmes_of(provider) -> QuerySet[ProgrammeVersion]:
    """A provider's programmes in the catalogue now, for its public page."""
    return catalogue().filter(programme__provider=provider).order_by(*sort_order("title"))
