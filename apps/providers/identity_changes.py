"""Changes to an authorized provider's identity: requested by the provider, decided by the Center, with the
reasons in both languages and the provider's admins told."""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from apps.accounts.models import NotificationKind
from apps.accounts.services import notify
from apps.core.audit import audit
from apps.core.reasons import require_reasons

from . import access
from .models import (
    IDENTITY_FIELDS,
    IdentityChangeRequest,
    IdentityChangeStatus,
    Provider,
)
from .selectors import identity_is_locked, provider_admins

# --- Changes to an authorized provider's identity ------------------------------------------------------------


def changed_identity_fields(provider: Provider, data: dict) -> list[str]:
    """The identity fields (IDENTITY_FIELDS) that `data` would change."""
    return [field for field in IDENTITY_FIELDS if field in data and data[field] != getattr(provider, field)]


@transaction.atomic
def identity_change_request(*, provider: Provider, acting_user, data: dict, note: str = "") -> IdentityChangeRequest:
    """Ask the Center to change what identifies an authorized provider. Fields not in `data` keep their value.
    Nothing changes for the public (registry, issuer profile, certificates, API) until the Center approves."""
    provider = Provider.objects.select_for_update().get(pk=provider.pk)
    if not identity_is_locked(provider):
        raise ValidationError(_("This organisation is not authorized yet: change its details directly."))
    pending = IdentityChangeRequest.objects.filter(provider=provider, status=IdentityChangeStatus.PENDING)
    already_pending = _("A change of the organisation's identity is already awaiting the Center's decision.")
    if pending.exists():
        raise ValidationError(already_pending)
    if not changed_identity_fields(provider, data):
        raise ValidationError(_("The requested identity is the same as the authorized one."))
    values = {field: data.get(field, getattr(provider, field)) for field in IDENTITY_FIELDS}
    code_taken = (
        Provider.objects.exclude(pk=provider.pk).filter(identification_code=values["identification_code"]).exists()
    )
    if code_taken:
        raise ValidationError(
            {"identification_code": _("An organisation with this identification code is already registered.")}
        )
    change = IdentityChangeRequest(provider=provider, requested_by=acting_user, note=(note or "").strip(), **values)
    change.full_clean()
    audit(change, acting_user, "requested by the provider")
    try:
        with transaction.atomic():
            change.save()
    except IntegrityError:  # another request was made at the same moment
        raise ValidationError(already_pending) from None
    return change


def _require_identity_reviewer(user) -> None:
    access.require_center(user, "providers.change_identitychangerequest")


def _pending_for_decision(change: IdentityChangeRequest) -> IdentityChangeRequest:
    change = IdentityChangeRequest.objects.select_for_update().select_related("provider").get(pk=change.pk)
    if not change.is_pending:
        raise ValidationError(_("This identity change has already been decided."))
    return change


def _record_identity_decision(change, *, reviewer, status: str, reasons_ka: str, reasons_en: str) -> None:
    change.status = status
    change.reasons_ka, change.reasons_en = reasons_ka.strip(), reasons_en.strip()
    change.decided_by, change.decided_at = reviewer, timezone.now()
    change.full_clean()
    audit(change, reviewer, status)
    change.save()
    _notify_identity_decision(change)


@transaction.atomic
def identity_change_approve(
    *, change: IdentityChangeRequest, reviewer, reasons_ka: str, reasons_en: str
) -> IdentityChangeRequest:
    """The Center approves: the requested identity becomes the provider's (in its history, with the reviewer)."""
    _require_identity_reviewer(reviewer)
    change = _pending_for_decision(change)
    require_reasons(reasons_ka=reasons_ka, reasons_en=reasons_en)
    provider = Provider.objects.select_for_update().get(pk=change.provider_id)
    for field in IDENTITY_FIELDS:
        setattr(provider, field, getattr(change, field))
    provider.full_clean()
    audit(provider, reviewer, f"identity change {change.pk} approved by the Center")
    provider.save()
    change.provider = provider
    _record_identity_decision(
        change, reviewer=reviewer, status=IdentityChangeStatus.APPROVED, reasons_ka=reasons_ka, reasons_en=reasons_en
    )
    return change


@transaction.atomic
def identity_change_reject(
    *, change: IdentityChangeRequest, reviewer, reasons_ka: str, reasons_en: str
) -> IdentityChangeRequest:
    """The Center rejects: the authorized identity stays as it is."""
    _require_identity_reviewer(reviewer)
    change = _pending_for_decision(change)
    require_reasons(reasons_ka=reasons_ka, reasons_en=reasons_en)
    _record_identity_decision(
        change, reviewer=reviewer, status=IdentityChangeStatus.REJECTED, reasons_ka=reasons_ka, reasons_en=reasons_en
    )
    return change


def identity_change_decide(
    *, change: IdentityChangeRequest, reviewer, outcome: str, reasons_ka: str, reasons_en: str
) -> IdentityChangeRequest:
    decide = {
        IdentityChangeStatus.APPROVED: identity_change_approve,
        IdentityChangeStatus.REJECTED: identity_change_reject,
    }
    if outcome not in decide:
        raise ValidationError({"outcome": _("Choose approve or reject.")})
    return decide[outcome](change=change, reviewer=reviewer, reasons_ka=reasons_ka, reasons_en=reasons_en)


def _notify_identity_decision(change: IdentityChangeRequest) -> None:
    notify(
        recipients=provider_admins(change.provider),
        kind=NotificationKind.IDENTITY_CHANGE_DECISION,
        template="providers/email/identity_change",
        context={"change": change},
        link=reverse("providers:edit", args=[change.provider_id]),
    )
