"""E-mail to people in their own language, sent by a worker once the transaction that caused it commits."""

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.template.loader import render_to_string
from django.utils import translation

from .tasks import send_email


def render_for_user(*, user, template: str, context: dict) -> tuple[str, str]:
    """Render `<template>_subject.txt` and `<template>_message.txt` in the user's preferred language."""
    with translation.override(getattr(user, "preferred_language", None) or settings.LANGUAGE_CODE):
        full_context = {"user": user, "base_url": settings.PUBLIC_BASE_URL, **context}
        subject = " ".join(render_to_string(f"{template}_subject.txt", full_context).split())
        body = render_to_string(f"{template}_message.txt", full_context)
    return subject, body


def send_to_user(*, user, template: str, context: dict) -> None:
    subject, body = render_for_user(user=user, template=template, context=context)
    send_email.delay_on_commit(subject=subject, body=body, to=[user.email])


def send_many(messages: list[tuple[str, str, str]]) -> None:
    """Send (subject, body, address) messages over one connection: for a worker that mails many people."""
    with get_connection() as connection:
        connection.send_messages([EmailMessage(subject, body, to=[address]) for subject, body, address in messages])


def send_to_address(*, email: str, language: str, template: str, context: dict) -> None:
    """The same for an address that has no account yet (an invitation, say)."""
    with translation.override(language):
        full_context = {"base_url": settings.PUBLIC_BASE_URL, **context}
        subject = " ".join(render_to_string(f"{template}_subject.txt", full_context).split())
        body = render_to_string(f"{template}_message.txt", full_context)
    send_email.delay_on_commit(subject=subject, body=body, to=[email])
