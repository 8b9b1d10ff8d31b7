"""The rule every decision of the Center keeps: its reasons are given in Georgian and in English, since the
provider reads them in either. The forms ask it with the rest of their fields; the services ask it again,
for whoever calls them without a form (the API, a script)."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

ASKED = {"reasons_ka": _("Give the reasons in Georgian."), "reasons_en": _("Give the reasons in English.")}


def missing_reasons(*, reasons_ka: str | None, reasons_en: str | None) -> dict:
    """Each reasons field left blank, with the message that asks for it."""
    given = {"reasons_ka": reasons_ka, "reasons_en": reasons_en}
    return {field: message for field, message in ASKED.items() if not (given[field] or "").strip()}


def require_reasons(*, reasons_ka: str | None, reasons_en: str | None) -> None:
    errors = missing_reasons(reasons_ka=reasons_ka, reasons_en=reasons_en)
    if errors:
        raise ValidationError(errors)
