"""The portal's access policy: the one answer to "may this person do this to this provider's thing?".

Services, HTML views, the API's permission classes and the admin all ask here, so every door gives the same answer:

- Provider staff act on their own provider's things by role: each `Capability` names the roles that hold it.
- Someone who is not a member of the provider learns nothing of its things: `Http404`, exactly as if the object did
  not exist. A member whose role does not hold the capability gets `PermissionDenied` (403): they may know the
  object exists, since it is their own organisation's.
- The Center's reviewers act through the admin by Django model permissions (`center_may`).
- A learner's own things (enrolments, results, credentials) are theirs alone: anyone else gets a 404 (`own_or_404`).

Querysets that list what a person may see use `provider_ids` so that lists and single objects agree."""

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404
from rest_framework.permissions import SAFE_METHODS, BasePermission
from rest_framework.relations import PrimaryKeyRelatedField

from apps.core.center import center_may, require_center

from .models import Provider, ProviderMembership, Role

__all__ = [
    "Capability",
    "can",
    "center_may",
    "check",
    "member_provider_ids",
    "named_in_body",
    "own_or_404",
    "provider_for",
    "provider_ids",
    "require_center",
    "require_own",
    "role_of",
    "roles_for",
    "ProviderCapability",
    "ScopedPrimaryKeyField",
    "own_providers",
]


class Capability:
    """What a member may do, by the role they hold at the provider."""

    VIEW = "view"  # see the provider area, its programmes, offerings and certificates
    MANAGE = "manage"  # the organisation's details, staff, applications for authorization, signatories
    AUTHOR = "author"  # write programmes and submit them to the Center
    RUN = "run"  # open offerings and enrol learners
    ASSESS = "assess"  # record results, finalise, correct
    ISSUE = "issue"  # issue, revoke and re-issue certificates

    ROLES = {
        VIEW: (Role.ADMIN, Role.AUTHOR, Role.ASSESSOR),
        MANAGE: (Role.ADMIN,),
        AUTHOR: (Role.ADMIN, Role.AUTHOR),
        RUN: (Role.ADMIN,),
        ASSESS: (Role.ADMIN, Role.ASSESSOR),
        ISSUE: (Role.ADMIN,),
    }


def roles_for(capability: str) -> tuple[str, ...]:
    return Capability.ROLES[capability]


def _provider_id(provider) -> int:
    return provider if isinstance(provider, int) else provider.pk


def role_of(user, provider) -> str | None:
    """The user's role at the provider (an instance or an id), or None when they are not its member."""
    if user is None or not user.is_authenticated:
        return None
    return (
        ProviderMembership.objects.filter(user=user, provider_id=_provider_id(provider))
        .values_list("role", flat=True)
        .first()
    )


def can(user, capability: str, provider) -> bool:
    return role_of(user, provider) in roles_for(capability)


def _decide(role: str | None, capability: str) -> None:
    if role is None:
        raise Http404
    if role not in roles_for(capability):
        raise PermissionDenied


def check(user, capability: str, provider) -> None:
    """Raise Http404 for someone outside the provider and PermissionDenied for a member whose role does not hold
    the capability; return quietly otherwise."""
    _decide(role_of(user, provider), capability)


def provider_for(*, user, provider_id, capability: str = Capability.VIEW) -> Provider:
    """The provider, with the member's `role` set on it, when the user may act on it (404, 403 otherwise)."""
    if not isinstance(provider_id, int):
        try:
            provider_id = int(provider_id)
        except (TypeError, ValueError):
            raise Http404 from None
    membership = None
    if user is not None and user.is_authenticated:
        membership = (
            ProviderMembership.objects.filter(user=user, provider_id=provider_id).select_related("provider").first()
        )
    _decide(membership.role if membership else None, capability)
    provider = membership.provider
    provider.role = membership.role
    return provider


def provider_ids(user, capability: str = Capability.VIEW) -> QuerySet:
    """The ids of the providers where the user holds the capability (a subquery, for filtering lists)."""
    if user is None or not user.is_authenticated:
        return ProviderMembership.objects.none().values("provider_id")
    return ProviderMembership.objects.filter(user=user, role__in=roles_for(capability)).values("provider_id")


def member_provider_ids(user) -> QuerySet:
    """The ids of every provider the user works for, in any role: what they may know exists."""
    return provider_ids(user, Capability.VIEW)


# --- A learner's own things ---------------------------------------------------------------------------------


def own_or_404(queryset: QuerySet, *, user, learner_field: str = "learner", **lookup):
    """The object of the queryset that belongs to this learner, or a 404 for anyone else."""
    if user is None or not user.is_authenticated:
        raise Http404
    try:
        return queryset.get(**{learner_field: user}, **lookup)
    except (queryset.model.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


def require_own(user, learner_id) -> None:
    """For services handed an object: a learner acts only on their own, and nobody else learns it exists."""
    if user is None or not user.is_authenticated or user.pk != learner_id:
        raise Http404


# --- The API ------------------------------------------------------------------------------------------------


class ProviderCapability(BasePermission):
    """DRF object permission. The view's `capabilities` maps an action to the capability it needs (VIEW when not
    named) and its `provider_of(obj)` names the object's provider.

    The view's queryset holds only what the user may know exists, so another provider's object is already a 404
    when this runs. A member's role then decides (403 when it falls short). Someone who sees the object without
    working for its provider (its learner, the Center) may read it; they may change it only where the view's
    `outsider_may(request, obj)` says so (the Center revoking a certificate), else 403."""

    def has_object_permission(self, request, view, obj):
        capability = getattr(view, "capabilities", {}).get(view.action, Capability.VIEW)
        role = role_of(request.user, view.provider_of(obj))
        if role is not None:
            _decide(role, capability)
            return True
        if request.method in SAFE_METHODS:
            return True  # its learner or the Center, whom the queryset let see it
        if getattr(view, "outsider_may", lambda request, obj: False)(request, obj):
            return True
        raise PermissionDenied


class ScopedPrimaryKeyField(PrimaryKeyRelatedField):
    """A related object named by id in a request body, looked up only among what the requesting user may know
    exists: someone else's object reads "does not exist", word for word as an id that was never used.

    `scope(user)` returns that queryset."""

    def __init__(self, *, scope, model, **kwargs):
        self.scope = scope
        # The whole table names the model for the schema generator; lookups go through get_queryset.
        super().__init__(queryset=model.objects.all(), **kwargs)

    def get_queryset(self):
        request = self.context.get("request")
        if request is None:
            return self.queryset.none()
        return self.scope(request.user)


def named_in_body(request, field: str, queryset: QuerySet):
    """The object a request body names by id in `field`, looked up in `queryset` (what the user may know exists),
    or None: for asking the role before the body is validated."""
    value = request.data.get(field) if hasattr(request.data, "get") else None
    try:
        return queryset.filter(pk=int(value)).first()
    except (TypeError, ValueError):
        return None


def own_providers(user) -> QuerySet[Provider]:
    """The providers the user works for, in any role."""
    return Provider.objects.filter(pk__in=member_provider_ids(user))
