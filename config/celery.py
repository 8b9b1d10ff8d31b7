"""The Celery application. Tasks live in each app's tasks.py; settings are the CELERY_* Django settings."""

import logging
import os
import threading
from concurrent.futures import ThreadPoolExecutor

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.dev")

app = Celery("microcred")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()

logger = logging.getLogger(__name__)

_executor: ThreadPoolExecutor | None = None
_executor_lock = threading.Lock()


def _without_broker() -> bool:
    """The embedded default: no REDIS_URL, so tasks run eagerly in this process."""
    from django.conf import settings

    return bool(app.conf.task_always_eager) and not settings.REDIS_URL


def _background() -> ThreadPoolExecutor:
    global _executor
    with _executor_lock:
        if _executor is None:
            # One thread: the work is done in order, as by one worker, and SQLite sees one writer besides requests.
            _executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="background-tasks")
        return _executor


def _run(task, args) -> None:
    from django.db import connections

    try:
        task.apply(args=args, throw=True)
    except Exception:
        logger.exception("Background task %s%r failed", task.name, args)
    finally:
        connections.close_all()  # this thread's own connections


def delay_in_background(task, *args) -> None:
    """Queue a long task (a certificate to render and sign) without holding up the request that asked for it.

    With a broker this is `task.delay`. Without one (the embedded default) an eager task would run inside
    the request, which then waits for all of them; here it runs instead in a thread of this process. Call it
    after the transaction commits (transaction.on_commit), so that the thread sees what the request wrote."""
    if not _without_broker():
        task.delay(*args)
        return
    _background().submit(_run, task, args)


def wait_for_background(timeout: float = 60) -> None:
    """Block until the tasks queued in this process so far are done (for commands that exit, and tests)."""
    if _executor is not None:
        _executor.submit(lambda: None).result(timeout=timeout)
