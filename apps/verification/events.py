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


def queued(*, channel: str, result: str, code: str, client: str) -> str:
    """An event as it waits in the list: JSON, its time in ISO 8601."""
    event = {"at": timezone.now().isoformat(), "channel": channel, "result": result, "code": code[:17]}
    return json.dumps({**event, "client": client})


def record(*, channel: str, result: str, code: str, client: str) -> None:
    if not settings.REDIS_URL:
        VerificationEvent.objects.create(
            at=timezone.now(), channel=channel, result=result, code=code[:17], client=client
        )
        return
    get_redis_connection("default").rpush(queue_key(), queued(channel=channel, result=result, code=code, client=client))


def queue_key() -> str:
    return cache.make_key(QUEUE)


RESULT_GOES_HERE = "\x00"  # never a verdict


def queued_around_result(*, channel: str, code: str, client: str) -> tuple[str, str]:
    """The queued event with its result still to come, split where the result goes: for a Redis script that
    knows the result only once it has read the kept page (kept_pages.count_and_look_up)."""
    text = queued(channel=channel, result=RESULT_GOES_HERE, code=code, client=client)
    before, after = text.split(json.dumps(RESULT_GOES_HERE)[1:-1])
    return before, after


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
