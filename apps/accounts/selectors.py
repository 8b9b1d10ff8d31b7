from allauth.mfa.utils import is_mfa_enabled
from django.conf import settings

from .models import REVIEWER_GROUP_NAME, Notification, User


def user_needs_mfa(user: User) -> bool:
    """Whether this person holds a role that must be protected by a second factor."""
    return (
        user.is_staff
        or user.is_superuser
        or user.groups.filter(name=REVIEWER_GROUP_NAME).exists()
        or user.provider_memberships.exists()
    )


def user_lacks_required_mfa(user) -> bool:
    """Whether settings.MFA_REQUIRED_FOR_STAFF holds this signed-in person back: they hold a role that needs a
    second factor and have not turned one on."""
    return bool(
        settings.MFA_REQUIRED_FOR_STAFF
        and user is not None
        and user.is_authenticated
        and user_needs_mfa(user)
        and not is_mfa_enabled(user)
    )


def center_reviewers():
    """Every active NCEQE reviewer: the people told when something awaits the Center's review."""
    return User.objects.filter(groups__name=REVIEWER_GROUP_NAME, is_active=True).distinct().order_by("email")


def notifications_for(user: User):
    """One's own notifications, newest first: nobody else's, whoever asks."""
    return Notification.objects.filter(recipient=user)


def unread_notification_count(user: User) -> int:
    return Notification.objects.filter(recipient=user, read_at__isnull=True).count()
