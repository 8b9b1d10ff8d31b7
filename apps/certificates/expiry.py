"""Expiry reminders: each learner whose credential expires within the reminder window is told once. (Whether a
credential has expired is worked out whenever it is read: Credential.effective_status.)"""

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from apps.core.mail import send_to_user

from .models import Credential


def send_expiry_reminders() -> int:
    """E-mail each learner whose credential expires within the reminder window, once."""
    now = timezone.now()
    due = (
        Credential.objects.valid(at=now)
        .filter(
            expiry_reminder_sent_at__isnull=True,
            expires_at__lte=now + timezone.timedelta(days=settings.CREDENTIAL_EXPIRY_REMINDER_DAYS),
        )
        .select_related("learner")
    )
    sent = 0
    for credential in due.iterator(chunk_size=200):
        with transaction.atomic():
            updated = Credential.objects.filter(pk=credential.pk, expiry_reminder_sent_at__isnull=True).update(
                expiry_reminder_sent_at=now
            )
            if updated:
                send_to_user(
                    user=credential.learner, template="certificates/email/expiring", context={"credential": credential}
                )
                sent += 1
    return sent
