"""The people whose names, positions and signatures a provider's new certificates show."""

from django.db import transaction

from apps.providers import access


@transaction.atomic
def signatories_save(*, provider, acting_user, formset) -> None:
    """Save a provider's signatories as edited in `formset` (valid, bound to the provider): the provider's
    administrators only. Certificates already issued keep the signatories frozen in them."""
    if formset.instance.pk != provider.pk:
        raise ValueError("The formset edits another provider's signatories.")
    access.check(acting_user, access.Capability.MANAGE, provider)
    formset.save()
