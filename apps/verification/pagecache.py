"""The verification page for people who are not signed in, kept in Redis per state. Every change to a
credential (a save, or a bulk update by the services) moves that code's state number on once its transaction
commits, and every change to an authorization, a programme version or a signing identity moves a global
generation on. A kept page is served only while both numbers are the ones it was made with, the day is the same
and it has not expired since: so a revocation shows on the very next request, and a kept page costs no database
read at all. The page carries no CSRF token (its language switch is made of links) and no per-reader content."""

import datetime
import json

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from apps.core import fastredis

GENERATION = "microcred:verify-generation"
TIMEOUT = 6 * 60 * 60


# The number moves on when what a page says changes shape, so that pages kept before are never served.
PAGE_PREFIX = "microcred:verify-page:2:"


def keeps(language: str | None) -> bool:
    """Pages are kept only in the portal's own languages (what LocaleMiddleware activates), nothing else."""
    return language in dict(settings.LANGUAGES)


def key(code: str, language: str) -> str:
    return f"{PAGE_PREFIX}{language}:{code}"


def state_key(code: str) -> str:
    return f"microcred:verify-state:{code}"


def keys_to_read(code: str, language: str) -> list[str]:
    """What the view reads with its rate limit, in one round trip: the kept page, the generation, the state."""
    return [key(code, language), GENERATION, state_key(code)]


def use(values) -> tuple[str, str] | None:
    """(verdict, html) of the kept page if it is still exact for the state read with it."""
    raw, generation, state = values
    if raw is None:
        return None
    stored = json.loads(raw)
    now = timezone.now()
    expired_now = bool(stored["expires_at"]) and stored["expires_at"] <= now.isoformat()
    if (
        stored["generation"] != _number(generation)
        or stored["state"] != _number(state)
        or stored["day"] != timezone.localdate().isoformat()
        or stored["expired"] != expired_now
    ):
        return None
    return stored["verdict"], stored["html"]


def put(*, code: str, language: str, values, verification, html: str) -> None:
    """Keep a page made from the database, under the generation and state read BEFORE the database was: a change
    that commits in between moves the numbers on, and the page kept here is never served."""
    redis = fastredis.client()
    if redis is None or not keeps(language):
        return
    _raw, generation, state = values
    credential = verification.credential
    stored = {
        "generation": _number(generation),
        "state": _number(state),
        "day": timezone.localdate().isoformat(),
        "expires_at": credential.expires_at.astimezone(datetime.UTC).isoformat() if credential.expires_at else "",
        "expired": credential.is_expired(),
        "verdict": verification.verdict,
        "html": html,
    }
    redis.set(key(code, language), json.dumps(stored), ex=TIMEOUT)


def _number(value: bytes | None) -> str:
    return (value or b"0").decode()


def credential_changed(code: str) -> None:
    """Called for every change to a credential: once the change commits, its kept pages stop being served."""
    redis = fastredis.client()
    if redis is not None:
        transaction.on_commit(lambda: redis.incr(state_key(code)))


def changed(**kwargs) -> None:
    """Something that every kept page may depend on changed: none of them may be served again."""
    redis = fastredis.client()
    if redis is not None:
        transaction.on_commit(lambda: redis.incr(GENERATION))
