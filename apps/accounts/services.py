import json

from allauth.account.models import EmailAddress
from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation

from apps.core.mail import send_to_user

from . import personal_data
from .models import Notification, User


def user_update_profile(*, user: User, data: dict) -> User:
    fields = ["first_name_ka", "last_name_ka", "first_name_en", "last_name_en", "preferred_language"]
    for field in fields:
        if field in data:
            setattr(user, field, data[field])
    with transaction.atomic():
        user.full_clean(exclude=["password"])
        user.save(update_fields=fields)
    return user


@transaction.atomic
def user_set_date_of_birth(*, user: User, date_of_birth) -> User:
    """The learner's own date of birth, which their certificates print: asked once, when it is missing and before a
    certificate can need it (at enrolling), and checked as a real, plausible date."""
    user.date_of_birth = date_of_birth
    user.full_clean(exclude=["password"])
    user.save(update_fields=["date_of_birth"])
    return user


def user_set_language(*, user: User, language: str) -> None:
    if language != user.preferred_language:
        user.preferred_language = language
        user.full_clean(exclude=["password"])
        user.save(update_fields=["preferred_language"])


def user_export_personal_data(*, user: User) -> str:
    """Everything the portal keeps about this person, as a JSON document they can take away."""
    document = {
        "format": "microcred-georgia/personal-data/1",
        "exported_at": timezone.now(),
        **personal_data.collect(user),
    }
    return json.dumps(document, cls=DjangoJSONEncoder, ensure_ascii=False, indent=2)


def users_delete_unverified(*, older_than_days: int) -> int:
    """Delete the sign-ups whose e-mail address was never confirmed, as the privacy notice promises.

    Staff accounts and anyone with a verified address are never touched. Returns how many were deleted."""
    cutoff = timezone.now() - timezone.timedelta(days=older_than_days)
    verified = EmailAddress.objects.filter(verified=True).values("user_id")
    stale = User.objects.filter(date_joined__lt=cutoff, is_staff=False, is_superuser=False).exclude(pk__in=verified)
    with transaction.atomic():
        deleted, _ = stale.delete()
    return deleted


# --- Notifications ---------------------------------------------------------------------------------------------


@transaction.atomic
def notify(*, recipients, kind: str, template: str, context: dict, link: str = "") -> list[Notification]:
    """Tell each recipient: a notification in their portal and an e-mail in their own language, sent once the
    transaction commits. The e-mail is `<template>_subject.txt` and `<template>_message.txt`; the notification's
    message is the subject, written in both languages now so that it reads the same whenever it is opened.
    `link` is a path in the portal (the e-mail gets it as `link`, to print after `base_url`)."""
    context = {**context, "link": link}
    notifications = []
    for user in recipients:
        messages = {}
        for language, _name in settings.LANGUAGES:
            with translation.override(language):
                subject = render_to_string(f"{template}_subject.txt", {"user": user, **context})
            messages[language] = " ".join(subject.split())[:500]
        notification = Notification(
            recipient=user, kind=kind, message_ka=messages["ka"], message_en=messages["en"], link=link
        )
        notification.full_clean()
        notifications.append(notification)
        send_to_user(user=user, template=template, context=context)
    return Notification.objects.bulk_create(notifications)


def notification_mark_read(*, notification: Notification, user: User) -> None:
    """Only the recipient reads their notification: anyone else's is left as it is."""
    Notification.objects.filter(pk=notification.pk, recipient=user, read_at__isnull=True).update(read_at=timezone.now())


def notifications_mark_all_read(*, user: User) -> int:
    return Notification.objects.filter(recipient=user, read_at__isnull=True).update(read_at=timezone.now())
