"""Creating a bulk issuance's credentials, a chunk at a time: the work of the task that "Issue all" queues
(apps.certificates.batch_tasks.create_batch_credentials, which queues the next chunk behind each chunk's certificates).
bulk_issuing starts a batch; this module never queues anything itself, so the task can use it without a cycle."""

import logging

from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.db.models import Count, F, QuerySet

from apps.assessments.services import components_of, evaluation
from apps.enrolments.models import Enrolment

from .issuing import create
from .models import IssuanceBatch
from .selectors import passed_without_credential

logger = logging.getLogger(__name__)

# Credentials a bulk issuance creates per transaction: each chunk shows on the progress bar and goes to the workers
# as it commits, and a task that dies loses at most one chunk's work, which the next run does again.
BATCH_CHUNK = 200
# SQLite (the embedded default) has one writer at a time, and every request writes (ATOMIC_REQUESTS, IMMEDIATE):
# there a page waits for the chunk being written, so chunks are smaller.
SQLITE_BATCH_CHUNK = 50


def batches_being_created() -> QuerySet[IssuanceBatch]:
    """Bulk issuances whose credentials are not all created yet: their task is queued, at work, or died."""
    return IssuanceBatch.objects.annotate(created=Count("credentials")).filter(created__lt=F("total"))


def batch_create_chunk(*, batch_id: int, after: int = 0) -> tuple[int, int | None]:
    """Create the next chunk of a bulk issuance's pending credentials (the task's work): the learners after
    enrolment `after`, in order, in one transaction; each credential is queued for preparation as the chunk commits.
    Returns how many it created and the enrolment to go on after, or None when the batch is complete.

    Safe to run twice, or in two workers at once: it skips every learner who has a live credential by then (one
    issued on its own meanwhile, or by an earlier run), and a run that finds another one at work on the batch (its
    row locked) leaves the work to it. When no learner is left, the batch's total becomes the number of credentials
    it holds, so that one skipped or refused never keeps it from finishing."""
    batch = IssuanceBatch.objects.select_related("offering__version", "created_by").get(pk=batch_id)
    if batch.credentials.count() >= batch.total:
        return 0, None  # done already: a message delivered again
    offering = batch.offering
    chunk = SQLITE_BATCH_CHUNK if connection.vendor == "sqlite" else BATCH_CHUNK
    created = 0
    with transaction.atomic():
        if not IssuanceBatch.objects.select_for_update(skip_locked=True).filter(pk=batch_id).values_list("pk"):
            return 0, None  # another run holds the batch and goes on with it
        remaining = passed_without_credential(offering).filter(pk__gt=after).order_by("pk")
        ids = list(remaining.values_list("pk", flat=True)[:chunk])
        if not ids:
            IssuanceBatch.objects.filter(pk=batch_id).update(total=batch.credentials.count())
            return 0, None
        # The same lock as issuing one learner takes, then the same question again: no second live credential.
        list(Enrolment.objects.select_for_update().filter(pk__in=ids).order_by("pk").values_list("pk"))
        components = components_of(offering)
        for enrolment in remaining.filter(pk__in=ids).prefetch_related("results"):
            try:
                create(
                    enrolment=enrolment,
                    result=evaluation(enrolment, components),
                    acting_user=batch.created_by,
                    batch=batch,
                    scope_checked=True,  # asked once, when the person started the batch
                )
            except ValidationError as error:
                logger.warning("Batch %s: no credential for enrolment %s: %s", batch_id, enrolment.pk, error)
            else:
                created += 1
    return created, ids[-1]
