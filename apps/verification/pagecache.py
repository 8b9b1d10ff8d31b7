"""The verification page for people who are not signed in, kept in Redis under a fingerprint of everything
that can change its answer: the credential's status columns (read from the database on every request, one
index lookup of a few narrow columns), today's date, whether it has expired by now, the reader's language, and
a generation number that every change to an authorization, a programme version or a signing identity moves
on. A revocation changes the row, so the very next request renders afresh: never a stale answer.

The page carries a CSRF token in its language switch; it is stored with a marker in its place and each reader
gets their own."""

import json
import re

from django.db import connection
from django.middleware.csrf import get_token
from django.utils import timezone

from . import fastredis

MARK = "__csrf_token__"
GENERATION = "microcred:verify-generation"
TIMEOUT = 6 * 60 * 60

FINGERPRINT_SQL = """
    SELECT status, revoked_at, expires_at, superseded_by_id, show_grade, show_pdf, signed_by_id
    FROM certificates_credential WHERE code = %s AND status <> 'pending'
"""


def fingerprint(code: str) -> str | None:
    with connection.cursor() as cursor:
        cursor.execute(FINGERPRINT_SQL, [code])
        row = cursor.fetchone()
    if row is None:
        return None
    status, revoked_at, expires_at, superseded_by, show_grade, show_pdf, signed_by = row
    now = timezone.now()
    expired = expires_at is not None and expires_at <= now
    return (
        "|".join(map(str, [status, revoked_at, expires_at, expired, superseded_by, show_grade, show_pdf, signed_by]))
        + f"|{timezone.localdate()}"
    )


def key(code: str, language: str, path: str) -> str:
    return f"microcred:verify-page:{language}:{path}:{code}"


def use(request, raw, generation, state: str):
    """(verdict, html) of a kept page read with the rate limit (raw, generation), if it is for this state."""
    if raw is None or state is None:
        return None
    stored = json.loads(raw)
    if stored["fingerprint"] != state or stored["generation"] != (generation or b"0").decode():
        return None
    return stored["verdict"], stored["html"].replace(MARK, get_token(request))


def put(request, *, code: str, language: str, print_fingerprint: str, verdict: str, html: str) -> None:
    redis = fastredis.client()
    if redis is None:
        return
    generation = (redis.get(GENERATION) or b"0").decode()
    stored = {
        "fingerprint": print_fingerprint,
        "generation": generation,
        "verdict": verdict,
        "html": _without_token(html, request),
    }
    redis.set(key(code, language, request.get_full_path()), json.dumps(stored), ex=TIMEOUT)


def _without_token(html: str, request) -> str:
    return re.sub(r'(name="csrfmiddlewaretoken" value=")[^"]+(")', rf"\g<1>{MARK}\g<2>", html)


def changed(**kwargs) -> None:
    """Something that every kept page may depend on changed: none of them may be served again."""
    redis = fastredis.client()
    if redis is not None:
        redis.incr(GENERATION)
