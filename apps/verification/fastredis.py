"""One Redis client for the verification's hot path (rate limits, the authorization answers, the event queue),
where the Django cache API would cost a round trip per call. None when Redis is not configured."""

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
