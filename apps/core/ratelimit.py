"""Rate limits on public lookups, per client address. django-ratelimit counts them in Django's cache (Redis when
configured), so that every web process counts together: a fixed window per address and group, enough to stop
mining codes. One count, three doors: `rate_limited` guards a view and answers the bilingual 429 itself,
`seconds_to_wait` is for views that answer with their own page, and `RateThrottle` is the same count for DRF views
(so a page and the API of one group count together). A hot path that talks to Redis in one pipeline counts in the
same place through `window_of`: django-ratelimit's own key for the address's current window."""

import dataclasses
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
from django_ratelimit import ALL

# django-ratelimit (pinned in requirements.txt) names its count with these; `window_of` uses them so that a count
# made in a Redis pipeline is the very one get_usage makes (tests/verification: the page and the API count together).
from django_ratelimit.core import EXPIRATION_FUDGE, _get_window, _make_cache_key, _split_rate, get_usage
from rest_framework.throttling import BaseThrottle


def client_address(request) -> str:
    """The client's address. Behind the proxy the portal trusts (TRUSTED_PROXY_COUNT), the proxy's
    X-Forwarded-For entry; otherwise the socket's peer."""
    hops = settings.TRUSTED_PROXY_COUNT
    forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()]
    if hops and len(forwarded) >= hops:
        return forwarded[-hops]
    return request.META.get("REMOTE_ADDR", "")


def client_hash(request) -> str:
    """A keyed hash of the address: the rate limits and the event log tell clients apart without holding their
    addresses."""
    if not hasattr(request, "_client_hash"):  # the rate limit and the event log both need it
        key = settings.SECRET_KEY.encode()
        request._client_hash = hmac.new(key, client_address(request).encode(), hashlib.sha256).hexdigest()
    return request._client_hash


def _client(group, request) -> str:
    return client_hash(request)


def seconds_to_wait(request, group: str, rate: str) -> int:
    """Count one request from this address against `rate` ("60/m") in `group`: 0 when it is allowed, else the
    seconds until the address's window ends."""
    usage = get_usage(request, group=group, key=_client, rate=rate, increment=True)
    if usage is None or not usage["should_limit"]:
        return 0
    return max(1, usage["time_left"])  # -1 when the count could not be read: the limit holds, briefly


@dataclasses.dataclass(frozen=True)
class Window:
    """One address's count in one group for the current window, as django-ratelimit keeps it, for a caller that
    counts in its own Redis pipeline: `SET key 0 EX expires_in NX`, then `INCR key`."""

    key: str  # the cache's full key, prefix and version included
    limit: int
    expires_in: int
    ends_at: int

    def seconds_to_wait(self, count: int) -> int:
        """What `seconds_to_wait` answers once the count is `count`."""
        if count <= self.limit:
            return 0
        return max(1, self.ends_at - int(time.time()))


def window_of(request, group: str, rate: str) -> Window:
    """The window `seconds_to_wait(request, group, rate)` counts in."""
    value = _client(group, request)
    limit, period = _split_rate(rate)
    ends_at = _get_window(value, period)
    key = cache.make_key(_make_cache_key(group, ends_at, rate, value, ALL))
    return Window(key=key, limit=limit, expires_in=period + EXPIRATION_FUDGE, ends_at=ends_at)


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


def rate_limited(group: str, setting: str):
    """Count every request to the view against the rate named by `setting` (read per request), per address."""

    def decorator(view):
        @functools.wraps(view)
        def wrapped(request, *args, **kwargs):
            wait = seconds_to_wait(request, group, getattr(settings, setting))
            if wait:
                return too_many_requests(wait)
            return view(request, *args, **kwargs)

        return wrapped

    return decorator


class RateThrottle(BaseThrottle):
    """DRF's throttle on the same count: the view names its `throttle_scope` (the group) and
    `throttle_rate_setting` (read per request). Past the limit DRF answers 429 with `Retry-After`."""

    def allow_request(self, request, view) -> bool:
        self.seconds = seconds_to_wait(request, view.throttle_scope, getattr(settings, view.throttle_rate_setting))
        return not self.seconds

    def wait(self) -> int:
        return self.seconds
