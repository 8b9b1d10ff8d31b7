"""A provider's staff: invitations to a role, accepting them (with or without an account yet), leaving."""

import secrets

from allauth.account.models import EmailAddress
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from apps.core.audit import audit
from apps.core.mail import send_to_address, send_to_user

from .models import (
    Invitation,
    Provider,
    ProviderMembership,
    Role,
)

User = get_user_model()


# --- Invitations and memberships -------------------------------------------------------------------------


@transaction.atomic
def invitation_send(*, provider: Provider, acting_user, email: str, role: str, language: str) -> Invitation:
    email = email.strip().lower()
    if ProviderMembership.objects.filter(provider=provider, user__email__iexact=email).exists():
        raise ValidationError({"email": _("This person is already a member of the organisation's staff.")})
    Invitation.objects.filter(provider=provider, email=email, accepted_at__isnull=True, revoked_at__isnull=True).update(
        revoked_at=timezone.now()
    )
    invitation = Invitation(
        provider=provider, email=email, role=role, invited_by=acting_user, token=secrets.token_urlsafe(32)
    )
    invitation.full_clean()
    invitation.save()
    existing = User.objects.filter(email__iexact=email).first()
    context = {
        "invitation": invitation,
        "provider": provider,
        "inviter": acting_user,
        "invitation_days": settings.PROVIDER_INVITATION_DAYS,
    }
    if existing:
        send_to_user(user=existing, template="providers/email/invitation", context=context)
    else:
        send_to_address(email=email, language=language, template="providers/email/invitation", context=context)
    return invitation


def _accept(invitation: Invitation, user) -> ProviderMembership:
    if not invitation.is_open:
        raise ValidationError(_("This invitation is no longer valid. Ask the organisation for a new one."))
    membership, _created = ProviderMembership.objects.get_or_create(
        provider=invitation.provider, user=user, defaults={"role": invitation.role}
    )
    invitation.accepted_at = timezone.now()
    invitation.save(update_fields=["accepted_at"])
    return membership


@transaction.atomic
def invitation_accept(*, invitation: Invitation, user) -> ProviderMembership:
    """An existing account accepts: it must be the account the invitation was sent to."""
    if user.email.lower() != invitation.email.lower():
        raise ValidationError(
            _("This invitation was sent to %(email)s. Log in with that address to accept it.")
            % {"email": invitation.email}
        )
    return _accept(invitation, user)


@transaction.atomic
def invitation_accept_with_new_account(*, invitation: Invitation, profile: dict, password: str):
    """Someone without an account accepts: the account is made now, its address confirmed by the link."""
    if User.objects.filter(email__iexact=invitation.email).exists():
        raise ValidationError(_("An account with this e-mail address already exists. Log in to accept."))
    user = User(email=invitation.email, privacy_accepted_at=timezone.now(), **profile)
    validate_password(password, user)
    user.set_password(password)
    user.full_clean()
    user.save()
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    return user, _accept(invitation, user)


@transaction.atomic
def membership_remove(*, membership: ProviderMembership, acting_user) -> None:
    admins = ProviderMembership.objects.select_for_update().filter(provider=membership.provider, role=Role.ADMIN)
    if membership.role == Role.ADMIN and admins.count() <= 1:
        raise ValidationError(_("An organisation needs at least one provider administrator."))
    audit(membership, acting_user, "removed")
    membership.delete()
