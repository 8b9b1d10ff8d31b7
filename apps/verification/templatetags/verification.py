from django import template
from django.utils.formats import date_format

from apps.core.i18n import current_language

register = template.Library()


@register.filter
def lang(pair):
    """The text of a {"ka": …, "en": …} pair in the reader's language, or the other one if it is empty."""
    if not isinstance(pair, dict):
        return pair or ""
    first, second = ("en", "ka") if current_language() == "en" else ("ka", "en")
    return pair.get(first) or pair.get(second) or ""


@register.filter
def full_name(learner, language=None):
    """The learner's name in the reader's script (Georgian or Latin), from a snapshot."""
    language = language or current_language()
    first, last = learner.get(f"first_name_{language}"), learner.get(f"last_name_{language}")
    if not (first or last):
        first, last = learner.get("first_name_en"), learner.get("last_name_en")
    return " ".join(part for part in (first, last) if part)


@register.filter(expects_localtime=True)
def day(moment):
    """The day of a moment in the reader's language, as `|date:"DATE_FORMAT"` writes it. Text passes through as it
    is: the markers of a page made from parts (apps/verification/page_parts.py)."""
    if not moment or isinstance(moment, str):
        return moment or ""
    return date_format(moment, "DATE_FORMAT")
