"""The certificate work a worker does. Every task takes ids, is safe to run twice, and is acknowledged late
(CELERY_TASK_ACKS_LATE), so that a worker killed in the middle leaves the message to be run again."""

import logging

from celery import shared_task
from celery.signals import worker_process_init, worker_ready
from django.conf import settings
from django.utils import timezone

from . import expiry, preparation
from .models import Credential, CredentialStatus

logger = logging.getLogger(__name__)


# The outcome is on the credential (issued, or its error): nothing reads the task's result, so none is stored.
@shared_task(bind=True, acks_late=True, max_retries=8, ignore_result=True)
def prepare_credential(self, credential_id: int) -> bool:
    """Render, sign and issue one pending credential. On failure the error is recorded where provider admins
    and the Center see it, and the task tries again later with a growing delay."""
    try:
        return preparation.credential_prepare(credential_id=credential_id)
    except Exception as error:
        logger.exception("Preparing credential %s failed", credential_id)
        preparation.credential_record_failure(credential_id=credential_id, error=error)
        if self.request.is_eager or self.request.retries >= self.max_retries:
            return False  # left pending with its error shown, for a person to retry
        raise self.retry(exc=error, countdown=min(600, 5 * 2**self.request.retries)) from error


def requeue_pending(*, older_than_seconds: int | None = None) -> int:
    """Queue again the pending credentials whose work a dead worker may have taken with it."""
    pending = Credential.objects.filter(status=CredentialStatus.PENDING)
    if older_than_seconds is not None:
        pending = pending.filter(queued_at__lt=timezone.now() - timezone.timedelta(seconds=older_than_seconds))
    ids = list(pending.values_list("pk", flat=True))
    Credential.objects.filter(pk__in=ids).update(queued_at=timezone.now())
    for pk in ids:
        prepare_credential.delay(pk)
    return len(ids)


@shared_task
def requeue_stuck_credentials() -> int:
    return requeue_pending(older_than_seconds=settings.CREDENTIAL_REQUEUE_AFTER_SECONDS)


@shared_task
def send_expiry_reminders() -> int:
    return expiry.send_expiry_reminders()


@worker_ready.connect
def _requeue_after_restart(sender=None, **kwargs):
    """A worker that starts picks up whatever a dead worker left half done (its messages would otherwise wait
    for the broker's visibility timeout). Running a task twice is harmless."""
    try:
        count = requeue_pending()
    except Exception:  # the database may not be there yet; the periodic sweep will do it
        logger.exception("Could not requeue pending credentials at worker start")
        return
    if count:
        logger.warning("Requeued %s pending credentials at worker start", count)


@worker_process_init.connect
def _warm_up_rendering(**kwargs):
    """Load WeasyPrint, the fonts and the template once in each pool process, before the first job."""
    from . import rendering  # WeasyPrint: loaded by the worker processes only, not by every web process

    try:
        rendering.warm_up()
    except Exception:
        logger.exception("Could not warm up certificate rendering")
