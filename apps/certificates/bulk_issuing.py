"""Starting a bulk issuance ("Issue all"): the request counts the learners, refuses at once what cannot be issued,
and queues one task that creates their credentials a chunk at a time (batch_creation), so that it returns at once
however many learners there are and the progress starts at 0."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from apps.enrolments.models import Offering
from config.celery import delay_in_background

from .batch_creation import batches_being_created
from .batch_tasks import create_batch_credentials
from .issuing import issue_problem
from .models import IssuanceBatch
from .permissions import require_issuer
from .selectors import passed_without_credential


def batch_queue_creation(batch_id: int, after: int = 0) -> None:
    """After the commit, so that the task sees the batch; never inside the request (see delay_in_background)."""
    transaction.on_commit(lambda: delay_in_background(create_batch_credentials, batch_id, after))


@transaction.atomic
def offering_bulk_issue(*, offering: Offering, acting_user) -> IssuanceBatch:
    """Start issuing every passed learner of the offering who has no credential yet; the batch follows the work.
    Its credentials are created by a task, so this costs the same few queries for ten learners or ten thousand.
    While an earlier batch of the offering is still creating its credentials, that batch is the answer (a second
    click lands on its progress), and its task is queued again in case it died: running it twice is harmless."""
    require_issuer(acting_user, offering.version.programme.provider_id)
    offering = Offering.objects.select_for_update().select_related("version__programme__provider").get(pk=offering.pk)
    running = batches_being_created().filter(offering=offering).order_by("-created_at").first()
    if running is not None:
        batch_queue_creation(running.pk)
        return running
    awaiting = passed_without_credential(offering)
    first = awaiting.first()
    if first is None:
        raise ValidationError(_("Every learner who passed already has a certificate."))
    problem = issue_problem(first)
    if problem:
        raise ValidationError(problem)
    batch = IssuanceBatch.objects.create(offering=offering, total=awaiting.count(), created_by=acting_user)
    batch_queue_creation(batch.pk)
    return batch
