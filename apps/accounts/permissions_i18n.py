"""Permission names in the user's language. Django stores "Can add user" in the database, in English, when it
creates a permission; the admin's permission pickers show these labels instead."""

from django import forms
from django.utils.translation import gettext_lazy as _

ACTIONS = {"add": _("add"), "change": _("change"), "delete": _("delete"), "view": _("view")}


def permission_label(permission) -> str:
    model = permission.content_type.model_class()
    if model is None:
        return permission.name
    app = model._meta.app_config.verbose_name
    custom = dict(model._meta.permissions).get(permission.codename)  # a model's own, named in its Meta
    if custom:
        return f"{app} | {model._meta.verbose_name} | {custom}"
    action, _sep, _rest = permission.codename.partition("_")
    if action not in ACTIONS:
        return permission.name
    return f"{app} | {model._meta.verbose_name} | {ACTIONS[action]}"


class PermissionChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return permission_label(obj)


def translated_permissions_field(db_field, request, formfield):
    """Replace the admin's permission field by one with translated labels, keeping its widget."""
    return PermissionChoiceField(
        queryset=formfield.queryset.select_related("content_type"),
        required=formfield.required,
        widget=formfield.widget,
        label=formfield.label,
        help_text=formfield.help_text,
    )
