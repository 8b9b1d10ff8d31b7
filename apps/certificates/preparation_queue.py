"""Putting a pending credential's preparation on the worker queue: once the transaction that created it commits,
and again when staff retry one whose preparation failed. (A worker that starts, and the periodic sweep, queue
again what a dead worker left: apps.certificates.tasks.)"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from config.celery import delay_in_background

from .models import Credential, CredentialStatus
from .permissions import require_revoker
from .tasks import prepare_credential


def enqueue(credential_id: int) -> None:
    """After the commit, so that the work sees the credential; never inside the request, which returns at once
    (without a broker, config.celery runs it in a background thread of this process)."""
    transaction.on_commit(lambda: delay_in_background(prepare_credential, credential_id))


@transaction.atomic
def credential_retry(*, credential: Credential, acting_user) -> Credential:
    """Queue a pending credential whose preparation failed once more (after an operator fixed the cause)."""
    if acting_user is not None:
        require_revoker(acting_user, credential)
    credential = Credential.objects.select_for_update().get(pk=credential.pk)
    if credential.status != CredentialStatus.PENDING:
        raise ValidationError(_("Only a certificate that is still being prepared can be retried."))
    credential.queued_at = timezone.now()
    credential.save(update_fields=["queued_at"])
    enqueue(credential.pk)
    return credential
