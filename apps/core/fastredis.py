"""One Redis client for hot paths (rate limits, the verification's authorization answers and event queue), where
the Django cache API would cost a round trip per call. None when Redis is not configured."""

from django.conf import settings

_client = None


def client():
    global _client
    if not settings.REDIS_URL:
        return None
    if _client is None:
        import redis

        _client = redis.Redis.from_url(settings.REDIS_URL)
    return _client
