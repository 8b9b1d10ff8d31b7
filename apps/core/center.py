"""The Center's part of the access policy (apps/providers/access.py is the whole of it): NCEQE's reviewers act
through the admin by Django model permissions. It lives here, on the ground floor, so that the admin's review
queues in core ask the same question as everyone else."""

from django.core.exceptions import PermissionDenied


def center_may(user, permission: str) -> bool:
    """Whether the user acts for the Center with this model permission ("app_label.codename")."""
    return bool(user is not None and user.is_authenticated and (user.is_superuser or user.has_perm(permission)))


def require_center(user, permission: str) -> None:
    if not center_may(user, permission):
        raise PermissionDenied
