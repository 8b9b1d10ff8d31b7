"""The tasks of a bulk issuance ("Issue all"): creating its credentials a chunk at a time, and resuming a creation
that a dead worker left. Apart from tasks.py because creating a credential queues its preparation (a task there):
this module stands above both, and the worker imports it through CELERY_IMPORTS (config/settings/base.py)."""

import logging

from celery import shared_task
from celery.signals import worker_ready
from django.conf import settings
from django.db import transaction
from django.db.models import Max, Q
from django.utils import timezone

from config.celery import delay_in_background

from . import batch_creation

logger = logging.getLogger(__name__)


@shared_task(acks_late=True, ignore_result=True)  # the progress is the batch's credentials
def create_batch_credentials(batch_id: int, after: int = 0) -> int:
    """Create the next chunk of a bulk issuance's pending credentials (the learners after enrolment `after`), each
    queued for preparation as the chunk commits, then queue the next chunk behind them: the work goes chunk, its
    certificates, next chunk, so the progress bar moves from the first chunk on, even where one thread does all of
    it (the embedded default). Safe to run twice: learners who have a credential by then are skipped."""
    created, next_after = batch_creation.batch_create_chunk(batch_id=batch_id, after=after)
    if next_after is not None:
        transaction.on_commit(lambda: delay_in_background(create_batch_credentials, batch_id, next_after))
    return created


def requeue_unfinished_batches(*, older_than_seconds: int | None = None) -> int:
    """Queue again the creation of bulk issuances whose credentials are not all created and where none was created
    for a while (or at all): a dead worker took the task with it."""
    batches = batch_creation.batches_being_created()
    if older_than_seconds is not None:
        cutoff = timezone.now() - timezone.timedelta(seconds=older_than_seconds)
        batches = (
            batches.filter(created_at__lt=cutoff)
            .annotate(last_created=Max("credentials__issued_at"))
            .filter(Q(last_created__isnull=True) | Q(last_created__lt=cutoff))
        )
    ids = list(batches.values_list("pk", flat=True))
    for pk in ids:
        create_batch_credentials.delay(pk)
    return len(ids)


@shared_task
def requeue_stuck_batches() -> int:
    return requeue_unfinished_batches(older_than_seconds=settings.CREDENTIAL_REQUEUE_AFTER_SECONDS)


@worker_ready.connect
def _resume_batches_after_restart(sender=None, **kwargs):
    """As for credentials (below): a worker that starts goes on with the bulk issuances a dead worker left."""
    try:
        count = requeue_unfinished_batches()
    except Exception:  # the database may not be there yet; the periodic sweep will do it
        logger.exception("Could not resume bulk issuances at worker start")
        return
    if count:
        logger.warning("Resumed %s bulk issuances at worker start", count)
