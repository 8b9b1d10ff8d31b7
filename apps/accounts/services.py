import json

from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.utils import timezone

from . import personal_data
from .models import User


def user_update_profile(*, user: User, data: dict) -> User:
    fields = ["first_name_ka", "last_name_ka", "first_name_en", "last_name_en", "preferred_language"]
    for field in fields:
        if field in data:
            setattr(user, field, data[field])
    with transaction.atomic():
        user.full_clean(exclude=["password"])
        user.save(update_fields=fields)
    return user


def user_set_language(*, user: User, language: str) -> None:
    if language != user.preferred_language:
        user.preferred_language = language
        user.full_clean(exclude=["password"])
        user.save(update_fields=["preferred_language"])


def user_export_personal_data(*, user: User) -> str:
    """Everything the portal keeps about this person, as a JSON document they can take away."""
    document = {
        "format": "microcred-georgia/personal-data/1",
        "exported_at": timezone.now(),
        **personal_data.collect(user),
    }
    return json.dumps(document, cls=DjangoJSONEncoder, ensure_ascii=False, indent=2)


def users_delete_unverified(*, older_than_days: int) -> int:
    """Delete the sign-ups whose e-mail address was never confirmed, as the privacy notice promises.

    Staff accounts and anyone with a verified address are never touched. Returns how many were deleted."""
    from allauth.account.models import EmailAddress

    cutoff = timezone.now() - timezone.timedelta(days=older_than_days)
    verified = EmailAddress.objects.filter(verified=True).values("user_id")
    stale = User.objects.filter(date_joined__lt=cutoff, is_staff=False, is_superuser=False).exclude(pk__in=verified)
    with transaction.atomic():
        deleted, _ = stale.delete()
    return deleted
