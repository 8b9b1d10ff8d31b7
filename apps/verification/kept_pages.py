"""The verification page for readers who are not signed in, kept in the cache per code and language. A kept page
carries two tokens: the credential's own, replaced by every change to the credential once it commits, and a
global one, replaced by every change to an authorization, a programme version or a signing identity. A page is
served only while both tokens are the current ones, the day is the same and the credential has not expired since:
so a revocation shows on the very next request, and a kept page costs no database read. The page carries no CSRF
token (its language switch is made of links) and nothing that differs between readers. With Redis, the lookup also
counts the request for the rate limit, in the same pipeline: a kept page costs one round trip to read; when there is
none, the same round trip returns the credential's verification record (records.py)."""

import dataclasses
import datetime
import secrets

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.dispatch import receiver
from django.utils import timezone
from django_redis import get_redis_connection

from apps.certificates.models import Credential, SigningIdentity
from apps.core import ratelimit
from apps.programmes.models import ProgrammeVersion
from apps.providers.models import AuthorizationDecision

from . import events, records
from .checks import Verification

TIMEOUT = 6 * 60 * 60
# The number moves on when what a page holds changes shape, so that pages kept before are never served.
PAGES = "verify-page:3"
EVERYTHING = "verify-token:all"


def _page_key(code: str, language: str) -> str:
    return f"{PAGES}:{language}:{code}"


def _token_key(code: str) -> str:
    return f"verify-token:{code}"


def may_keep(request, language: str | None) -> bool:
    """Only a page that looks the same to every reader who is not signed in (no session, no pending messages), in
    the portal's own languages (what LocaleMiddleware activates), nothing else."""
    return (
        language in dict(settings.LANGUAGES) and not request.user.is_authenticated and "messages" not in request.COOKIES
    )


@dataclasses.dataclass
class Lookup:
    """What the cache holds for a code and language, read in one round trip before the database is."""

    code: str
    language: str
    page: dict | None
    tokens: tuple[str | None, str | None]
    served: str | None = None  # with Redis: the kept page's HTML, already counted and logged by the lookup
    # With Redis, when no kept page was served: the credential's verification record (records.py) and the marker
    # it was written under, or, when there was none, the marker the lookup set for the page made next to write it.
    marker: str | None = None
    record: bytes | None = None
    # With Redis: whether the code's token existed (it was asked within TIMEOUT). A page made from a record is kept
    # only then: made from a record it costs little more than a kept page, and keeping a page (some 20 kB) for
    # every code asked once would cost far more memory than the records.
    asked_before: bool = True

    def current_page(self) -> tuple[str, str] | None:
        """(verdict, html) of the kept page if it is still exact."""
        page = self.page
        if page is None or None in self.tokens or page["tokens"] != self.tokens:
            return None
        expired_now = page["expires_at"] is not None and page["expires_at"] <= timezone.now()
        if page["day"] != timezone.localdate() or page["expired"] != expired_now:
            return None
        return page["verdict"], page["html"]


# With Redis, one round trip: count the request in its rate-limit window; read the kept page, the two current tokens
# (starting either that does not exist yet with the value the caller drew, as _completed does) and the page's seal
# ("<verdict>\n<the two tokens it was made under>", which expires when the page may stop being exact: the day's end
# or the credential's expiry); and, when the count is within the limit and the seal matches
# the current tokens, queue the event with the page's verdict. The page is then served as it is. Otherwise it also
# reads the credential's verification record (records.py), setting a marker when there is none.
_COUNT_AND_SERVE = """
local count = redis.call('INCR', KEYS[1])
if count == 1 then redis.call('EXPIRE', KEYS[1], ARGV[1]) end
local found = redis.call('MGET', KEYS[2], KEYS[3], KEYS[4], KEYS[5])
local first = found[3] and 0 or 1
for i = 2, 3 do
  if not found[i] then
    redis.call('SET', KEYS[i + 1], ARGV[4 + i - 1], 'NX', 'EX', ARGV[7])
    found[i] = redis.call('GET', KEYS[i + 1])
  end
end
if count <= tonumber(ARGV[2]) and found[1] and found[2] and found[3] and found[4] then
  local newline = string.find(found[4], '\\n', 1, true)
  if newline and string.sub(found[4], newline + 1) == found[2] .. found[3] then
    redis.call('RPUSH', KEYS[6], ARGV[3] .. string.sub(found[4], 1, newline - 1) .. ARGV[4])
    return {count, 1, found[1], found[2], found[3]}
  end
end
local record = redis.call('GET', KEYS[7])
if not record then
  redis.call('SET', KEYS[7], ARGV[8], 'NX', 'EX', ARGV[9])
  record = redis.call('GET', KEYS[7])
end
return {count, 0, found[1], found[2], found[3], record, first}
"""
_script = None


def count_and_look_up(
    request, code: str, language: str, *, group: str, rate: str, channel: str, client: str
) -> tuple[int, Lookup]:
    """Count the request against `rate` in `group` (the count `ratelimit.seconds_to_wait` makes) and read the kept
    page with its tokens; with Redis, in one round trip that also logs the check when the kept page is served
    (`Lookup.served`). Returns the seconds to wait (0: go on) and the lookup."""
    global _script
    if not settings.REDIS_URL:
        return ratelimit.seconds_to_wait(request, group, rate), look_up(code, language)
    window = ratelimit.window_of(request, group, rate)
    page_key, token_keys = _page_key(code, language), [EVERYTHING, _token_key(code)]
    redis = get_redis_connection("default")
    if _script is None:
        _script = redis.register_script(_COUNT_AND_SERVE)
    before, after = events.queued_around_result(channel=channel, code=code, client=client)
    keys = [window.key, *(cache.make_key(key) for key in (page_key, *token_keys, _seal_key(code, language)))]
    started = [cache.client.encode(secrets.token_hex(8)) for _ in token_keys]
    args = [window.expires_in, window.limit, before, after, *started, TIMEOUT, records.new_marker()]
    args += [records.MARKER_SECONDS]
    count, served, *raw = _script(keys=[*keys, events.queue_key(), records.record_key(code)], args=args, client=redis)
    if served:
        lookup = Lookup(code, language, None, (None, None), served=cache.client.decode(raw[0])["html"])
        return window.seconds_to_wait(count), lookup
    *raw, record, first = raw
    values = {key: cache.client.decode(value) for key, value in zip([page_key, *token_keys], raw, strict=True) if value}
    lookup = _completed(code, language, values)
    lookup.marker, lookup.record = records.split(record)
    lookup.asked_before = not first
    return window.seconds_to_wait(count), lookup


def _seal_key(code: str, language: str) -> str:
    return f"verify-seal:3:{language}:{code}"


def look_up(code: str, language: str) -> Lookup:
    """The kept page and the current tokens, in one round trip."""
    page_key, token_keys = _page_key(code, language), [EVERYTHING, _token_key(code)]
    return _completed(code, language, cache.get_many([page_key, *token_keys]))


def _completed(code: str, language: str, values: dict) -> Lookup:
    """Tokens that do not exist yet (the first page, or they expired) are started here, before the database is
    read, so that the page made next can be kept."""
    page_key, token_keys = _page_key(code, language), [EVERYTHING, _token_key(code)]
    if any(key not in values for key in token_keys):
        for key in token_keys:
            cache.add(key, secrets.token_hex(8), TIMEOUT)
        values |= cache.get_many(token_keys)  # whichever token won
    return Lookup(code, language, values.get(page_key), (values.get(EVERYTHING), values.get(_token_key(code))))


def keep(
    lookup: Lookup, verification: Verification, html: str, *, event: dict | None = None, from_record: bool = False
) -> None:
    """Keep a page made from the database under the tokens read BEFORE the database was: a change that commits in
    between replaces a token, and the page kept here is never served. `event`: the check to log (events.record's
    arguments), with Redis in the same round trip as the page. A page made from the database (not `from_record`)
    also writes the credential's verification record, under the marker the lookup read before the database."""
    if None in lookup.tokens:  # evicted as soon as started: keep nothing rather than a page no token vouches for
        if event:
            events.record(**event)
        return
    credential = verification.credential
    page = {
        "tokens": lookup.tokens,
        "day": timezone.localdate(),
        "expires_at": credential.expires_at.astimezone(datetime.UTC) if credential.expires_at else None,
        "expired": credential.is_expired(),
        "verdict": verification.verdict,
        "html": html,
    }
    if not settings.REDIS_URL:
        cache.set(_page_key(lookup.code, lookup.language), page, TIMEOUT)
        if event:
            events.record(**event)
        return
    # The seal lives as long as the page is exact (see Lookup.current_page): to the day's end, or to the
    # credential's expiry if that comes first.
    now = timezone.now()
    until = min(
        timezone.make_aware(datetime.datetime.combine(page["day"] + datetime.timedelta(days=1), datetime.time())),
        now + datetime.timedelta(seconds=TIMEOUT),
    )
    if credential.expires_at and not page["expired"]:
        until = min(until, credential.expires_at)
    seal = verification.verdict.encode() + b"\n" + b"".join(cache.client.encode(t) for t in lookup.tokens)
    pipeline = get_redis_connection("default").pipeline(transaction=False)
    pipeline.set(cache.make_key(_page_key(lookup.code, lookup.language)), cache.client.encode(page), ex=TIMEOUT)
    pipeline.set(cache.make_key(_seal_key(lookup.code, lookup.language)), seal, pxat=int(until.timestamp() * 1000))
    if event:
        pipeline.rpush(events.queue_key(), events.queued(**event))
    if not from_record and lookup.marker is not None:  # written only if the marker is still the key's value
        records.write(pipeline, [(lookup.code, lookup.marker, credential)])
    pipeline.execute()


def retire_pages_of(code: str) -> None:
    """Once the change commits, no page kept for this code is served again."""
    transaction.on_commit(lambda: cache.set(_token_key(code), secrets.token_hex(8), TIMEOUT))


def retire_all_pages() -> None:
    """Something every kept page may depend on changed: once it commits, none of them is served again."""
    transaction.on_commit(lambda: cache.set(EVERYTHING, secrets.token_hex(8), TIMEOUT))


@receiver(post_save, sender=Credential, dispatch_uid="kept-pages-credential")
def _credential_changed(sender, instance, **kwargs):
    retire_pages_of(instance.code)


@receiver(post_save, sender=ProgrammeVersion, dispatch_uid="kept-pages-version")
@receiver(post_save, sender=SigningIdentity, dispatch_uid="kept-pages-identity")
@receiver(post_save, sender=AuthorizationDecision, dispatch_uid="kept-pages-decision")
@receiver(post_delete, sender=AuthorizationDecision, dispatch_uid="kept-pages-decision-deleted")
@receiver(m2m_changed, sender=AuthorizationDecision.levels.through, dispatch_uid="kept-pages-decision-levels")
@receiver(m2m_changed, sender=AuthorizationDecision.fields_of_study.through, dispatch_uid="kept-pages-decision-fields")
def _everything_changed(sender, **kwargs):
    retire_all_pages()
