"""The e-mails of staff invitations, sent by the worker."""

from celery import shared_task
from django.conf import settings
from django.contrib.auth import get_user_model
from django.db.models.functions import Lower
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from apps.core.mail import render_for_user, send_many

from .models import EnrolmentInvitation, InvitationStatus


def invitation_url(invitation: EnrolmentInvitation) -> str:
    """The link in an invitation's e-mail, where the person answers it."""
    return settings.PUBLIC_BASE_URL + reverse("learner:invitation", args=[invitation.token])


@shared_task(bind=True, autoretry_for=(ConnectionError, TimeoutError), retry_backoff=True, max_retries=5)
def send_enrolment_invitations(self, invitation_ids: list[int]) -> int:
    """Send the invitations staff made: to a person with an account in their own language, to anyone else in the
    invitation's; one task for a whole import, with the messages sent over one connection. Only open invitations
    are sent, so a retried task after an answer sends nothing more for it."""
    invitations = EnrolmentInvitation.objects.filter(pk__in=invitation_ids, status=InvitationStatus.OPEN)
    invitations = invitations.select_related("offering__version__programme__provider", "invited_by")
    messages, sent = [], 0
    for chunk in _chunks(list(invitations), 500):
        accounts = {
            user.address: user
            for user in get_user_model()
            .objects.annotate(address=Lower("email"))
            .filter(address__in=[i.email for i in chunk])
        }
        for invitation in chunk:
            account = accounts.get(invitation.email)
            context = {
                "invitation": invitation,
                "offering": invitation.offering,
                "url": invitation_url(invitation),
                "has_account": account is not None,
            }
            template = "enrolments/email/invitation"
            if account is not None:
                subject, body = render_for_user(user=account, template=template, context=context)
            else:
                subject, body = _render_for_address(language=invitation.language, template=template, context=context)
            messages.append((subject, body, invitation.email))
            if len(messages) == 200:
                send_many(messages)
                sent, messages = sent + len(messages), []
    if messages:
        send_many(messages)
        sent += len(messages)
    return sent


def _chunks(values: list, size: int):
    for start in range(0, len(values), size):
        yield values[start : start + size]


def _render_for_address(*, language: str, template: str, context: dict) -> tuple[str, str]:
    with translation.override(language):
        full_context = {"base_url": settings.PUBLIC_BASE_URL, **context}
        subject = " ".join(render_to_string(f"{template}_subject.txt", full_context).split())
        body = render_to_string(f"{template}_message.txt", full_context)
    return subject, body
