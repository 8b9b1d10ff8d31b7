"""The verification event log, written off the request's path: with Redis, each event is pushed onto one list in
the shared cache, and the periodic task `flush_verification_events` moves the list into the table; without Redis
(the embedded default, one process), an event is written at once. A table write on every lookup would halve the
verification page's rate (bench/verification.py)."""

import datetime
import json

from django.conf import settings
from django.core.cache import cache
from django.utils import timezone
from django_redis import get_redis_connection

from .models import VerificationEvent

QUEUE = "verification-events"  # a Redis list, oldest first
MOVING = "verification-events:moving"  # held while a task moves them
BATCH = 1000


def record(*, channel: str, result: str, code: str, client: str) -> None:
    event = {"at": timezone.now(), "channel": channel, "result": result, "code": code[:17], "client": client}
    if not settings.REDIS_URL:
        VerificationEvent.objects.create(**event)
        return
    event["at"] = event["at"].isoformat()
    get_redis_connection("default").rpush(cache.make_key(QUEUE), json.dumps(event))


def flush() -> int:
    """Move the queued events into the table, oldest first; returns how many. An event leaves the list only once
    its batch is in the table: a failed write leaves it for the next run."""
    if not settings.REDIS_URL or not cache.add(MOVING, True, timeout=10 * 60):
        return 0  # without Redis there is nothing to move; with it, another run is moving them
    try:
        return _move()
    finally:
        cache.delete(MOVING)


def _move() -> int:
    redis, queue, moved = get_redis_connection("default"), cache.make_key(QUEUE), 0
    while batch := redis.lrange(queue, 0, BATCH - 1):
        events = [json.loads(raw) for raw in batch]
        for event in events:
            event["at"] = datetime.datetime.fromisoformat(event["at"])
        VerificationEvent.objects.bulk_create(VerificationEvent(**event) for event in events)
        redis.ltrim(queue, len(batch), -1)  # new events were only appended behind them
        moved += len(batch)
    return moved
