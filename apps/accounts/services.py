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
