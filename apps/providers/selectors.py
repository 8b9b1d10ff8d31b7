"""Reads about providers and their authorization. `provider_may_issue` is the one answer to "may provider P
issue at NQF level L in field F on date D?": later work calls it and nothing re-implements it."""

import datetime
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.db.models import Prefetch, QuerySet
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from . import access
from .models import (
    ApplicationStatus,
    AuthorizationApplication,
    AuthorizationDecision,
    IdentityChangeRequest,
    IdentityChangeStatus,
    Outcome,
    Provider,
    ProviderMembership,
    Role,
)


class AuthorizationState:
    VALID = "valid"
    NOT_YET_VALID = "not_yet_valid"
    SUSPENDED = "suspended"
    ENDED = "ended"
    EXPIRED = "expired"
    NONE = "none"

    LABELS = {
        VALID: _("Authorized"),
        NOT_YET_VALID: _("Authorized, not yet in force"),
        SUSPENDED: _("Authorization suspended"),
        ENDED: _("Authorization ended"),
        EXPIRED: _("Authorization expired"),
        NONE: _("Not authorized"),
    }


def _today() -> datetime.date:
    return timezone.localdate()


def _authorizations() -> Prefetch:
    return Prefetch(
        "decisions",
        queryset=AuthorizationDecision.objects.filter(outcome=Outcome.AUTHORIZED)
        .prefetch_related("levels", "fields_of_study", "status_changes")
        .order_by("-valid_from", "-decided_at"),
        to_attr="authorizations",
    )


def providers_with_authorizations() -> QuerySet[Provider]:
    """Providers with every authorization and its status changes loaded (a fixed number of queries)."""
    return Provider.objects.prefetch_related(_authorizations())


def authorization_state(authorization: AuthorizationDecision, on_date: datetime.date) -> str:
    """What an authorization decision amounts to on a date, given the suspensions and ends that followed."""
    changes = sorted(
        (c for c in authorization.status_changes.all() if c.effective_from <= on_date),
        key=lambda c: (c.effective_from, c.decided_at, c.pk),
    )
    last = changes[-1].outcome if changes else None
    if last == Outcome.ENDED:
        return AuthorizationState.ENDED
    if last == Outcome.SUSPENDED:
        return AuthorizationState.SUSPENDED
    if on_date < authorization.valid_from:
        return AuthorizationState.NOT_YET_VALID
    if on_date > authorization.valid_until:
        return AuthorizationState.EXPIRED
    return AuthorizationState.VALID


@dataclass(frozen=True)
class ProviderStanding:
    """A provider's authorization as the public sees it on a date."""

    state: str
    authorization: AuthorizationDecision | None

    @property
    def label(self):
        return AuthorizationState.LABELS[self.state]

    @property
    def is_authorized(self):
        return self.state == AuthorizationState.VALID


def provider_standing(provider: Provider, on_date: datetime.date | None = None) -> ProviderStanding:
    """The authorization that best describes the provider now: a valid one if any, else the most recent.

    Expects `provider` from providers_with_authorizations() (it reads the prefetched authorizations)."""
    on_date = on_date or _today()
    authorizations = getattr(provider, "authorizations", None)
    if authorizations is None:
        authorizations = list(providers_with_authorizations().get(pk=provider.pk).authorizations)
    states = [(authorization_state(a, on_date), a) for a in authorizations]
    for state, authorization in states:
        if state == AuthorizationState.VALID:
            return ProviderStanding(state, authorization)
    if states:
        return ProviderStanding(*states[0])
    return ProviderStanding(AuthorizationState.NONE, None)


def authorization_covers(authorization: AuthorizationDecision, *, nqf_level: int, field_code: str) -> bool:
    levels = {level.level for level in authorization.levels.all()}
    return nqf_level in levels and any(field.covers(field_code) for field in authorization.fields_of_study.all())


def scope_standing(*, provider_id: int, nqf_level: int, field_code: str, days: list[datetime.date]) -> list[str]:
    """THE rule of "may this provider issue at this level and field": for each day, VALID when an authorization that
    covers the level and field is in force, SUSPENDED when none is in force and one that covers it is suspended, and
    NONE otherwise. A broad or narrow field in the scope covers the fields under it. Everything that asks the question
    (publishing, issuing, the public verification) asks it here."""
    authorizations = providers_with_authorizations().get(pk=provider_id).authorizations
    covering = [a for a in authorizations if authorization_covers(a, nqf_level=nqf_level, field_code=field_code)]
    standing = []
    for day in days:
        on_day = {authorization_state(a, day) for a in covering}
        if AuthorizationState.VALID in on_day:
            standing.append(AuthorizationState.VALID)
        elif AuthorizationState.SUSPENDED in on_day:
            standing.append(AuthorizationState.SUSPENDED)
        else:
            standing.append(AuthorizationState.NONE)
    return standing


def provider_may_issue(
    *, provider: Provider, nqf_level: int, field_code: str, on_date: datetime.date | None = None
) -> bool:
    """Whether NCEQE's authorization lets this provider publish or issue at this NQF level in this ISCED-F
    field on this date (`scope_standing` on one day)."""
    days = [on_date or _today()]
    return scope_standing(provider_id=provider.pk, nqf_level=nqf_level, field_code=field_code, days=days) == [
        AuthorizationState.VALID
    ]


# --- The provider area: what a member may see -------------------------------------------------------------


def provider_admins(provider: Provider):
    """The provider's active admins: who is told of the Center's decisions about it."""
    return get_user_model().objects.filter(
        provider_memberships__provider=provider, provider_memberships__role=Role.ADMIN, is_active=True
    )


def memberships_of(user) -> QuerySet[ProviderMembership]:
    return ProviderMembership.objects.filter(user=user).select_related("provider").order_by("provider__legal_name_en")


def applications_of(provider: Provider) -> QuerySet[AuthorizationApplication]:
    return (
        AuthorizationApplication.objects.filter(provider=provider)
        .prefetch_related("levels", "fields_of_study", "documents")
        .order_by("-created_at")
    )


def application_for_admin(*, user, provider_id: int, application_id: int) -> AuthorizationApplication:
    provider = access.provider_for(user=user, provider_id=provider_id, capability=access.Capability.MANAGE)
    try:
        return applications_of(provider).get(pk=application_id)
    except AuthorizationApplication.DoesNotExist:
        raise Http404 from None


def decisions_of(provider: Provider) -> QuerySet[AuthorizationDecision]:
    return (
        AuthorizationDecision.objects.filter(provider=provider)
        .select_related("application", "authorization")
        .prefetch_related("levels", "fields_of_study")
        .order_by("-decided_at", "-pk")
    )


# --- The identity NCEQE authorized -------------------------------------------------------------------------


def identity_is_locked(provider: Provider) -> bool:
    """Whether what identifies the provider (IDENTITY_FIELDS) changes only by the Center's decision: once it has
    been authorized, and while an application of it is before the Center (so that the entity reviewed is the entity
    authorized). An organisation never authorized, with no application under review, edits its details freely."""
    return (
        AuthorizationDecision.objects.filter(provider=provider, outcome=Outcome.AUTHORIZED).exists()
        or AuthorizationApplication.objects.filter(
            provider=provider, status__in=[ApplicationStatus.SUBMITTED, ApplicationStatus.UNDER_REVIEW]
        ).exists()
    )


def pending_identity_change(provider: Provider) -> IdentityChangeRequest | None:
    return (
        IdentityChangeRequest.objects.filter(provider=provider, status=IdentityChangeStatus.PENDING)
        .select_related("provider", "requested_by")
        .first()
    )
