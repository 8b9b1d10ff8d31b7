"""Registering a provider and saving its details. Each function checks its rules, runs in one transaction and
leaves its trace in the audit history."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from apps.core.audit import audit

from .identity_changes import changed_identity_fields, identity_change_request
from .models import (
    IDENTITY_FIELDS,
    IdentityChangeRequest,
    Provider,
    ProviderMembership,
    Role,
)
from .selectors import identity_is_locked

PROVIDER_FIELDS = [
    "legal_name_ka",
    "legal_name_en",
    "short_name",
    "identification_code",
    "kind",
    "country",
    "address",
    "website",
    "logo",
    "contact_email",
]


# --- Providers and their staff --------------------------------------------------------------------------


@transaction.atomic
def provider_register(*, acting_user, data: dict) -> Provider:
    """Register an organisation. It starts unauthorized; the person who registers it becomes its admin."""
    provider = Provider(created_by=acting_user, **{f: data[f] for f in PROVIDER_FIELDS if f in data})
    provider.full_clean()
    audit(provider, acting_user, "registered")
    provider.save()
    ProviderMembership.objects.create(provider=provider, user=acting_user, role=Role.ADMIN)
    return provider


@transaction.atomic
def provider_update(*, provider: Provider, acting_user, data: dict) -> Provider:
    """Save the provider's details. Once its identity is locked (see `identity_is_locked`) a different legal name,
    identification code, kind, country or short name is refused here: it goes to the Center as an identity change
    request, and the authorized identity stands until the Center decides."""
    # Read the stored values: a ModelForm's instance already carries the values typed into the form.
    provider = Provider.objects.select_for_update().get(pk=provider.pk)
    if identity_is_locked(provider):
        changed = changed_identity_fields(provider, data)
        if changed:
            message = _("The Center decides on changes to the identity of an authorized organisation.")
            raise ValidationError(dict.fromkeys(changed, message))
    for field in PROVIDER_FIELDS:
        if field in data:
            Provider._meta.get_field(field).save_form_data(provider, data[field])
    provider.full_clean()
    audit(provider, acting_user, "updated by the provider")
    provider.save()
    return provider


@transaction.atomic
def provider_edit(*, provider: Provider, acting_user, data: dict, note: str = "") -> IdentityChangeRequest | None:
    """What the organisation's details page saves. The details are saved at once; for a provider whose identity is
    locked, a different identity becomes a request to the Center (returned), and nothing of it changes yet."""
    provider = Provider.objects.select_for_update().get(pk=provider.pk)
    if not identity_is_locked(provider) or not changed_identity_fields(provider, data):
        provider_update(provider=provider, acting_user=acting_user, data=data)
        return None
    details = {field: value for field, value in data.items() if field not in IDENTITY_FIELDS}
    provider_update(provider=provider, acting_user=acting_user, data=details)
    return identity_change_request(provider=provider, acting_user=acting_user, data=data, note=note)
