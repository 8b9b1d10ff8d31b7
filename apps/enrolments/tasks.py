from celery import shared_task


@shared_task(bind=True, autoretry_for=(ConnectionError, TimeoutError), retry_backoff=True, max_retries=5)
def invite_learners(self, enrolment_ids: list[int]) -> int:
    """Tell learners whom staff enrolled, and for whom an account was made, how to set a password: one task
    for a whole import, with the messages sent over one connection."""
    from apps.core.mail import render_for_user, send_many

    from .models import Enrolment
    from .services import invitation_context

    messages = []
    enrolments = Enrolment.objects.filter(pk__in=enrolment_ids).select_related(
        "learner", "offering__version__programme__provider"
    )
    for enrolment in enrolments.iterator(chunk_size=500):
        context = invitation_context(enrolment.learner, enrolment.offering)
        subject, body = render_for_user(user=enrolment.learner, template="enrolments/email/invitation", context=context)
        messages.append((subject, body, enrolment.learner.email))
        if len(messages) == 200:
            send_many(messages)
            messages = []
    if messages:
        send_many(messages)
    return len(enrolment_ids)
