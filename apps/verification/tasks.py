from celery import shared_task

from . import events


@shared_task
def flush_verification_events() -> int:
    return events.flush()
