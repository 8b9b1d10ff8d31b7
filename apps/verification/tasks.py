from celery import shared_task


@shared_task
def flush_verification_events() -> int:
    from .events import flush

    return flush()
