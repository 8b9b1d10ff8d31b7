"""The generic rate limiter (apps.core.ratelimit): fixed windows per client address, counted in the real Redis
that every web process shares, and the one the verification pages use."""

import pytest
from django.conf import settings as django_settings
from django.http import HttpResponse
from django.test import RequestFactory

from apps.core import fastredis, ratelimit

pytestmark = pytest.mark.django_db


@pytest.fixture
def redis(db):
    if not django_settings.REDIS_URL:
        pytest.fail("The rate limits are tested on Redis: run the suite with `make test`.")
    return fastredis.client()


def request_from(address: str, forwarded: str = ""):
    extra = {"HTTP_X_FORWARDED_FOR": forwarded} if forwarded else {}
    return RequestFactory().get("/", REMOTE_ADDR=address, **extra)


def test_rates_read_as_count_per_period():
    assert ratelimit.parse_rate("30/m") == (30, 60)
    assert ratelimit.parse_rate("5/10s") == (5, 10)
    assert ratelimit.parse_rate("120/h") == (120, 3600)
    assert ratelimit.parse_rate("1000/d") == (1000, 86400)


def test_the_address_is_the_trusted_proxys_entry_or_the_socket(settings):
    settings.TRUSTED_PROXY_COUNT = 0
    assert ratelimit.client_address(request_from("10.0.0.1", "203.0.113.9")) == "10.0.0.1"
    settings.TRUSTED_PROXY_COUNT = 1
    assert ratelimit.client_address(request_from("10.0.0.1", "198.51.100.1, 203.0.113.9")) == "203.0.113.9"
    assert ratelimit.client_address(request_from("10.0.0.1")) == "10.0.0.1"  # no header: the socket


def test_hits_are_counted_in_redis_per_address_and_scope(redis):
    for _ in range(2):
        assert ratelimit.hit(request_from("203.0.113.1"), "test-scope", "2/h") == 0
    wait = ratelimit.hit(request_from("203.0.113.1"), "test-scope", "2/h")
    assert 0 < wait <= 3600
    assert ratelimit.hit(request_from("203.0.113.2"), "test-scope", "2/h") == 0  # another address
    assert ratelimit.hit(request_from("203.0.113.1"), "other-scope", "2/h") == 0  # another scope
    keys = redis.keys("ratelimit:test-scope:*")
    assert len(keys) == 2 and all(0 < redis.ttl(key) <= 3601 for key in keys)
    assert not any(b"203.0.113" in key for key in keys)  # the address is kept only as a keyed hash


def test_a_limited_view_answers_429_in_both_languages_with_retry_after(redis, settings):
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


def test_the_verification_pages_count_with_the_core_limiter():
    from apps.verification import api, views

    assert views.hit is ratelimit.hit and api.hit is ratelimit.hit and views.client_hash is ratelimit.client_hash
