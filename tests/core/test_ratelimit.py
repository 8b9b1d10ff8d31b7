"""The rate limits on public lookups (apps.core.ratelimit): fixed windows per client address and group, counted by
django-ratelimit in the real Redis that every web process shares."""

import pytest
import redis
from django.conf import settings as django_settings
from django.http import HttpResponse
from django.test import RequestFactory

from apps.core import ratelimit

pytestmark = pytest.mark.django_db


@pytest.fixture
def shared_redis(db):
    if not django_settings.REDIS_URL:
        pytest.fail("The rate limits are tested on Redis: run the suite with `make test`.")
    return redis.Redis.from_url(django_settings.REDIS_URL)


def request_from(address: str, forwarded: str = ""):
    extra = {"HTTP_X_FORWARDED_FOR": forwarded} if forwarded else {}
    return RequestFactory().get("/", REMOTE_ADDR=address, **extra)


def test_the_address_is_the_trusted_proxys_entry_or_the_socket(settings):
    settings.TRUSTED_PROXY_COUNT = 0
    assert ratelimit.client_address(request_from("10.0.0.1", "203.0.113.9")) == "10.0.0.1"
    settings.TRUSTED_PROXY_COUNT = 1
    assert ratelimit.client_address(request_from("10.0.0.1", "198.51.100.1, 203.0.113.9")) == "203.0.113.9"
    assert ratelimit.client_address(request_from("10.0.0.1")) == "10.0.0.1"  # no header: the socket


def test_requests_are_counted_in_redis_per_address_and_group(shared_redis):
    for _ in range(2):
        assert ratelimit.seconds_to_wait(request_from("203.0.113.1"), "test-group", "2/h") == 0
    assert 0 < ratelimit.seconds_to_wait(request_from("203.0.113.1"), "test-group", "2/h") <= 3600
    assert ratelimit.seconds_to_wait(request_from("203.0.113.2"), "test-group", "2/h") == 0  # another address
    assert ratelimit.seconds_to_wait(request_from("203.0.113.1"), "other-group", "2/h") == 0  # another group
    counts = list(shared_redis.scan_iter(match="*rl:*"))
    assert len(counts) == 3 and all(0 < shared_redis.ttl(key) <= 3600 + 5 for key in counts)
    assert not any(b"203.0.113" in key for key in counts)  # the address is not in the keys


def test_behind_the_trusted_proxy_each_client_has_its_own_count(shared_redis, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    proxy = "10.0.0.1"
    assert ratelimit.seconds_to_wait(request_from(proxy, "198.51.100.7"), "test-group", "1/h") == 0
    assert ratelimit.seconds_to_wait(request_from(proxy, "198.51.100.7"), "test-group", "1/h") > 0
    assert ratelimit.seconds_to_wait(request_from(proxy, "198.51.100.8"), "test-group", "1/h") == 0


def test_a_limited_view_answers_429_in_both_languages_with_retry_after(shared_redis, settings):
    settings.SOME_TEST_RATE = "1/h"

    @ratelimit.rate_limited("test-view", "SOME_TEST_RATE")
    def view(request):
        return HttpResponse("ok")

    assert view(request_from("203.0.113.5")).status_code == 200
    response = view(request_from("203.0.113.5"))
    assert response.status_code == 429 and 0 < int(response["Retry-After"]) <= 3600
    text = response.content.decode()
    assert "ზედმეტად ბევრი მოთხოვნა" in text and "Too many requests came from your address" in text
    assert response["Content-Type"].startswith("text/plain")
    settings.SOME_TEST_RATE = "5/h"  # read per request: a raised limit lets the address in again at once
    assert view(request_from("203.0.113.5")).status_code == 200
