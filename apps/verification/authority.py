"""Whether a provider's authorization covered a level and field on a date, as the verification page asks it
on every request. The answer is kept in the shared cache under the provider's generation number, which every
change to the provider's authorization decisions moves on: so it is never stale, and a page costs no
authorization queries unless something changed."""

import datetime

from django.core.cache import cache
from django.db.models.signals import m2m_changed, post_delete, post_save

from apps.providers.models import AuthorizationDecision
from apps.providers.selectors import (
    AuthorizationState,
    authorization_covers,
    authorization_state,
    providers_with_authorizations,
)

TIMEOUT = 24 * 60 * 60


def _generation_key(provider_id: int) -> str:
    return f"authority:generation:{provider_id}"


def _generation(provider_id: int) -> int:
    generation = cache.get(_generation_key(provider_id))
    if generation is None:
        generation = 1
        cache.add(_generation_key(provider_id), generation, timeout=None)
    return generation


def authorized_on(*, provider_id: int, nqf_level: int, field_code: str, days: list[datetime.date]) -> list[bool]:
    key = f"authority:{provider_id}:{_generation(provider_id)}:{nqf_level}:{field_code}:" + ",".join(
        d.isoformat() for d in days
    )
    answer = cache.get(key)
    if answer is None:
        authorizations = providers_with_authorizations().get(pk=provider_id).authorizations
        answer = [
            any(
                authorization_state(a, day) == AuthorizationState.VALID
                and authorization_covers(a, nqf_level=nqf_level, field_code=field_code)
                for a in authorizations
            )
            for day in days
        ]
        cache.set(key, answer, timeout=TIMEOUT)
    return answer


def changed(provider_id: int) -> None:
    try:
        cache.incr(_generation_key(provider_id))
    except ValueError:
        cache.set(_generation_key(provider_id), 2, timeout=None)


def _on_decision(sender, instance, **kwargs):
    changed(instance.provider_id)


def connect() -> None:
    post_save.connect(_on_decision, sender=AuthorizationDecision, dispatch_uid="authority-save")
    post_delete.connect(_on_decision, sender=AuthorizationDecision, dispatch_uid="authority-delete")
    for through in (AuthorizationDecision.levels.through, AuthorizationDecision.fields_of_study.through):
        m2m_changed.connect(_on_decision, sender=through, dispatch_uid=f"authority-m2m-{through.__name__}")
