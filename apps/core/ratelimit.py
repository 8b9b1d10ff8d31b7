"""Rate limits on public lookups, per client address, in the shared cache (Redis when configured), so that
every web process counts together. A fixed window per address: simple, and enough to stop mining codes.

`rate_limited(scope, setting)` guards a view; the verification pages call `hit` themselves to answer with
their own page."""

import functools
import hashlib
import hmac
import time

from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponse
from django.utils import translation
from django.utils.cache import add_never_cache_headers
from django.utils.translation import ngettext

from . import fastredis


def client_address(request) -> str:
    """The client's address. Behind the proxy the portal trusts (TRUSTED_PROXY_COUNT), the proxy's
    X-Forwarded-For entry; otherwise the socket's peer."""
    hops = settings.TRUSTED_PROXY_COUNT
    forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()]
    if hops and len(forwarded) >= hops:
        return forwarded[-hops]
    return request.META.get("REMOTE_ADDR", "")


def client_hash(request) -> str:
    """A keyed hash of the address: the event log can count clients without holding their addresses."""
    if not hasattr(request, "_client_hash"):  # the rate limit and the event log both need it
        key = settings.SECRET_KEY.encode()
        request._client_hash = hmac.new(key, client_address(request).encode(), hashlib.sha256).hexdigest()
    return request._client_hash


def parse_rate(rate: str) -> tuple[int, int]:
    count, _slash, period = rate.partition("/")
    seconds = {"s": 1, "m": 60, "h": 3600, "d": 86400}[period.strip()[-1]]
    multiplier = int(period.strip()[:-1] or 1)
    return int(count), seconds * multiplier


def hit(request, scope: str, rate: str) -> int:
    """Count one request; returns 0 when allowed, else the seconds to wait."""
    return hit_and_get(request, scope, rate, [])[0]


def hit_and_get(request, scope: str, rate: str, keys: list[str]) -> tuple[int, list]:
    """Count one request and read these Redis keys in the same round trip: (seconds to wait, values)."""
    limit, window = parse_rate(rate)
    now = int(time.time())
    start = now - now % window
    key = f"ratelimit:{scope}:{client_hash(request)[:32]}:{start}"
    redis = fastredis.client()
    if redis is not None:  # one round trip: count, expiry and the reads together
        pipe = redis.pipeline(transaction=False)
        pipe.incr(key)
        pipe.expire(key, window + 1)
        for extra in keys:
            pipe.get(extra)
        count, _expiry, *values = pipe.execute()
        return (0 if count <= limit else max(1, start + window - now)), values
    cache.add(key, 0, timeout=window + 1)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=window + 1)
        count = 1
    return (0 if count <= limit else max(1, start + window - now)), [None] * len(keys)


def _wait_message(wait: int) -> str:
    return ngettext(
        "Too many requests came from your address. Please try again in %(seconds)s second.",
        "Too many requests came from your address. Please try again in %(seconds)s seconds.",
        wait,
    ) % {"seconds": wait}


def too_many_requests(wait: int) -> HttpResponse:
    """429 in both languages at once: these addresses are fetched by wallets and scripts as much as by people."""
    lines = []
    for language in ("ka", "en"):
        with translation.override(language):
            lines.append(_wait_message(wait))
    response = HttpResponse("\n".join(lines) + "\n", status=429, content_type="text/plain; charset=utf-8")
    response["Retry-After"] = str(wait)
    add_never_cache_headers(response)
    return response


def rate_limited(scope: str, setting: str):
    """Count every request to the view against the rate named by `setting` (read per request), per address."""

    def decorator(view):
        @functools.wraps(view)
        def wrapped(request, *args, **kwargs):
            wait = hit(request, scope, getattr(settings, setting))
            if wait:
                return too_many_requests(wait)
            return view(request, *args, **kwargs)

        return wrapped

    return decorator
