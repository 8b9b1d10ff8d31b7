"""What the portal holds about one person, gathered for the learner's own download.

Each app that keeps personal data registers a section here (in its AppConfig.ready), so the export grows with
the portal and nothing about a person is left out of it.
"""

from collections.abc import Callable

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator

from .models import User

_sections: dict[str, Callable[[User], object]] = {}


def register(name: str):
    def decorator(func: Callable[[User], object]):
        _sections[name] = func
        return func

    return decorator


def collect(user: User) -> dict[str, object]:
    return {name: section(user) for name, section in _sections.items()}


@register("account")
def _account(user: User):
    return {
        "email": user.email,
        "first_name_ka": user.first_name_ka,
        "last_name_ka": user.last_name_ka,
        "first_name_en": user.first_name_en,
        "last_name_en": user.last_name_en,
        "preferred_language": user.preferred_language,
        "date_of_birth": user.date_of_birth.isoformat() if user.date_of_birth else None,
        "personal_number": user.personal_number,
        "date_joined": user.date_joined.isoformat(),
        "last_login": user.last_login.isoformat() if user.last_login else None,
        "privacy_accepted_at": user.privacy_accepted_at.isoformat() if user.privacy_accepted_at else None,
        "roles": sorted(user.groups.values_list("name", flat=True)),
    }


@register("email_addresses")
def _emails(user: User):
    return [
        {"email": e.email, "verified": e.verified, "primary": e.primary}
        for e in EmailAddress.objects.filter(user=user).order_by("email")
    ]


@register("two_factor_authentication")
def _mfa(user: User):
    # The kinds and dates only: secrets and recovery codes are never exported.
    return [
        {
            "type": a.type,
            "created_at": a.created_at.isoformat(),
            "last_used_at": a.last_used_at and a.last_used_at.isoformat(),
        }
        for a in Authenticator.objects.filter(user=user).order_by("created_at")
    ]


@register("notifications")
def _notifications(user: User):
    return [
        {
            "kind": n.kind,
            "message_ka": n.message_ka,
            "message_en": n.message_en,
            "link": n.link,
            "created_at": n.created_at.isoformat(),
            "read_at": n.read_at and n.read_at.isoformat(),
        }
        for n in user.notifications.order_by("created_at", "pk")
    ]
