"""Where the Django admin writes English that no catalogue can reach, give it words that translate."""

from django.contrib.admin.templatetags import admin_list
from django.templatetags.static import static
from django.utils.html import format_html
from django.utils.translation import gettext as _

_ICONS = {True: "yes", False: "no", None: "unknown"}


def boolean_icon(field_val):
    # Django writes alt="True" / "False" / "None", which a screen reader reads out in English on a Georgian page.
    labels = {True: _("Yes"), False: _("No"), None: _("Unknown")}
    return format_html('<img src="{}" alt="{}">', static(f"admin/img/icon-{_ICONS[field_val]}.svg"), labels[field_val])


def install() -> None:
    admin_list._boolean_icon = boolean_icon
