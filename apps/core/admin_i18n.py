"""Where Django writes words that no catalogue can reach, or treats Georgian as if it had capital letters,
put it right for a Georgian reader (and a screen reader)."""

from django import forms
from django.contrib.admin.templatetags import admin_list
from django.template import defaultfilters
from django.templatetags.static import static
from django.utils import text
from django.utils.html import format_html
from django.utils.translation import gettext as _

_ICONS = {True: "yes", False: "no", None: "unknown"}


def boolean_icon(field_val):
    # Django writes alt="True" / "False" / "None", which a screen reader reads out in English on a Georgian page.
    labels = {True: _("Yes"), False: _("No"), None: _("Unknown")}
    return format_html('<img src="{}" alt="{}">', static(f"admin/img/icon-{_ICONS[field_val]}.svg"), labels[field_val])


def _capfirst(x):
    """Capitalize the first letter of a string."""
    if not x:
        return x
    if not isinstance(x, str):
        x = str(x)
    # Title case, not upper case: Georgian has no capital letters in running text, and str.upper() turns a
    # Mkhedruli letter into its Mtavruli form ("სახელი" -> "Სახელი"), while its title case is itself.
    return x[0].title() + x[1:]


def _capfirst_filter(value):
    return value and value[0].title() + value[1:]


def install() -> None:
    admin_list._boolean_icon = boolean_icon
    # Every form marks its required fields (the stylesheet shows a star), so a person sees what is optional.
    forms.BaseForm.required_css_class = "required"
    # capfirst is imported by name all over Django (form labels, the admin, the template filter), so the
    # function bodies are replaced rather than the names.
    text.capfirst.__wrapped__.__code__ = _capfirst.__code__
    defaultfilters.capfirst.__wrapped__.__code__ = _capfirst_filter.__code__
