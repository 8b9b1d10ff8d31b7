from django import template

from apps.accounts.selectors import unread_notification_count

register = template.Library()


@register.simple_tag
def unread_notifications(user) -> int:
    """How many of the signed-in person's notifications are unread: one query, none for a visitor."""
    if user is None or not user.is_authenticated:
        return 0
    return unread_notification_count(user)
