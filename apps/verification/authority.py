"""Whether a provider's authorization covered a level and field on a date, as the verification page asks it
on every request. The answers are kept in Redis, in a hash per provider that every change to the provider's
authorization decisions deletes: so they are never stale, and a page costs no authorization queries unless
something changed."""

import datetime
import json

from django.db.models.signals import m2m_changed, post_delete, post_save

from apps.core import fastredis
from apps.providers.models import AuthorizationDecision
from apps.providers.selectors import (
    AuthorizationState,
    authorization_covers,
    authorization_state,
    providers_with_authorizations,
)

TIMEOUT = 24 * 60 * 60


def _key(provider_id: int) -> str:
    return f"microcred:authority:{provider_id}"


# What a provider's authorizations amount to for a level and field on a day.
VALID = "valid"  # one of them covers it and is in force
SUSPENDED = "suspended"  # none is in force, and one that covers it is suspended
NONE = "none"


def _compute(provider_id: int, nqf_level: int, field_code: str, days: list[datetime.date]) -> list[str]:
    authorizations = providers_with_authorizations().get(pk=provider_id).authorizations
    covering = [a for a in authorizations if authorization_covers(a, nqf_level=nqf_level, field_code=field_code)]
    states = []
    for day in days:
        on_day = {authorization_state(a, day) for a in covering}
        if AuthorizationState.VALID in on_day:
            states.append(VALID)
        elif AuthorizationState.SUSPENDED in on_day:
            states.append(SUSPENDED)
        else:
            states.append(NONE)
    return states


def changed(provider_id: int) -> None:
    redis = fastredis.client()
    if redis is not None:
        redis.delete(_key(provider_id))


def _on_decision(sender, instance, **kwargs):
    from . import pagecache

    changed(instance.provider_id)
    pagecache.changed()


def connect() -> None:
    from apps.certificates.models import SigningIdentity
    from apps.programmes.models import ProgrammeVersion

    post_save.connect(_forget_version, sender=ProgrammeVersion, dispatch_uid="verify-facts-version")
    post_save.connect(_forget_identity, sender=SigningIdentity, dispatch_uid="verify-facts-identity")
    post_save.connect(_on_decision, sender=AuthorizationDecision, dispatch_uid="authority-save")
    post_delete.connect(_on_decision, sender=AuthorizationDecision, dispatch_uid="authority-delete")
    for through in (AuthorizationDecision.levels.through, AuthorizationDecision.fields_of_study.through):
        m2m_changed.connect(_on_decision, sender=through, dispatch_uid=f"authority-m2m-{through.__name__}")


# --- Facts about a version and a signing identity, kept beside the answers -------------------------------------

FACTS = "microcred:verify-facts"


def version_approved(version_id: int) -> bool:
    from apps.programmes.models import ProgrammeVersion, Status

    version = ProgrammeVersion.objects.only("status", "approved_at").get(pk=version_id)
    return version.approved_at is not None and version.status in (Status.APPROVED, Status.PUBLISHED, Status.ARCHIVED)


def identity_compromised(identity_id: int | None) -> bool:
    from apps.certificates.models import SigningIdentity

    if identity_id is None:
        return False
    return SigningIdentity.objects.filter(pk=identity_id, compromised_at__isnull=False).exists()


def facts(*, provider_id: int, nqf_level: int, field_code: str, days: list, version_id: int, identity_id):
    """(the authorization's state on each day, version approved, signing identity compromised): one Redis round
    trip when all are known; what is missing is read from the database and kept."""
    redis = fastredis.client()
    if redis is None:
        return (
            _compute(provider_id, nqf_level, field_code, days),
            version_approved(version_id),
            identity_compromised(identity_id),
        )
    field = f"state:{nqf_level}:{field_code}:" + ",".join(d.isoformat() for d in days)
    pipe = redis.pipeline(transaction=False)
    pipe.hget(_key(provider_id), field)
    pipe.hget(FACTS, f"version:{version_id}")
    pipe.hget(FACTS, f"identity:{identity_id}")
    authorized, approved, compromised = pipe.execute()
    if authorized is None:
        authorized = _compute(provider_id, nqf_level, field_code, days)
        redis.hset(_key(provider_id), field, json.dumps(authorized))
        redis.expire(_key(provider_id), TIMEOUT)
    else:
        authorized = json.loads(authorized)
    if approved is None:
        approved = version_approved(version_id)
        redis.hset(FACTS, f"version:{version_id}", int(approved))
    if compromised is None:
        compromised = identity_compromised(identity_id)
        redis.hset(FACTS, f"identity:{identity_id}", int(compromised))
    return authorized, bool(int(approved)), bool(int(compromised))


def _forget_version(sender, instance, **kwargs):
    from . import pagecache

    redis = fastredis.client()
    if redis is not None:
        redis.hdel(FACTS, f"version:{instance.pk}")
    pagecache.changed()


def _forget_identity(sender, instance, **kwargs):
    from . import pagecache

    redis = fastredis.client()
    if redis is not None:
        redis.hdel(FACTS, f"identity:{instance.pk}")
    pagecache.changed()
