from django import template

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
