"""The verification event log, written off the request's path: with Redis configured, each web process gathers
its events and appends them to a Redis list in batches (every BUFFER events or FLUSH_SECONDS, and when the
process exits), and a periodic task moves them into the table; without Redis, an event is written at once.
A process that is killed outright loses at most its last few seconds of events: acceptable for statistics,
and the price of keeping a round trip off every lookup."""

import atexit
import json
import threading
import time

from django.conf import settings
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from apps.core import fastredis

from .models import VerificationEvent

QUEUE = "microcred:verification-events"
BATCH = 1000


def _redis():
    return fastredis.client()


BUFFER = 50
FLUSH_SECONDS = 2.0
_pending: list[str] = []
_lock = threading.Lock()
_last_push = time.monotonic()


def _push() -> None:
    global _last_push
    with _lock:
        batch, _pending[:] = list(_pending), []
        _last_push = time.monotonic()
    if batch:
        _redis().rpush(QUEUE, *batch)


atexit.register(_push)


def record(*, channel: str, result: str, code: str, client: str) -> None:
    event = {
        "at": timezone.now().isoformat(),
        "channel": channel,
        "result": result,
        "code": code[:17],
        "client": client,
    }
    if settings.REDIS_URL:
        with _lock:
            _pending.append(json.dumps(event))
            due = len(_pending) >= BUFFER or time.monotonic() - _last_push >= FLUSH_SECONDS
        if due:
            _push()
    else:
        VerificationEvent.objects.create(**{**event, "at": parse_datetime(event["at"])})


def flush() -> int:
    """Move the queued events into the table; returns how many."""
    if not settings.REDIS_URL:
        return 0
    _push()  # this process's own, first
    moved = 0
    while True:
        pipe = _redis().pipeline()
        pipe.lrange(QUEUE, 0, BATCH - 1)
        pipe.ltrim(QUEUE, BATCH, -1)
        raw, _trimmed = pipe.execute()
        if not raw:
            return moved
        rows = [json.loads(item) for item in raw]
        VerificationEvent.objects.bulk_create(
            VerificationEvent(**{**row, "at": parse_datetime(row["at"])}) for row in rows
        )
        moved += len(rows)
