"""The verification event log, written off the request's path: with Redis configured, a lookup appends its
event to a Redis list (one round trip, no database write) and a periodic task moves the events into the
table in batches; without Redis, the event is written at once."""

import json

from django.conf import settings
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from . import fastredis
from .models import VerificationEvent

QUEUE = "microcred:verification-events"
BATCH = 1000


def _redis():
    return fastredis.client()


def record(*, channel: str, result: str, code: str, client: str) -> None:
    event = {
        "at": timezone.now().isoformat(),
        "channel": channel,
        "result": result,
        "code": code[:17],
        "client": client,
    }
    if settings.REDIS_URL:
        _redis().rpush(QUEUE, json.dumps(event))
    else:
        VerificationEvent.objects.create(**{**event, "at": parse_datetime(event["at"])})


def flush() -> int:
    """Move the queued events into the table; returns how many."""
    if not settings.REDIS_URL:
        return 0
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
