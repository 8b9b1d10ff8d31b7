from .models import REVIEWER_GROUP_NAME, User


def user_needs_mfa(user: User) -> bool:
    """Whether this person holds a role that must be protected by a second factor."""
    return (
        user.is_staff
        or user.is_superuser
        or user.groups.filter(name=REVIEWER_GROUP_NAME).exists()
        or user.provider_memberships.exists()
    )
