"""The admin's history pages (django-simple-history) in the reader's language: a status by its label, not its
stored value; times in the local time zone and the project's date format; an empty value as a dash; and the
audit reasons (apps.core.audit), which are stored in English, translated when shown."""

import datetime
import re

from django.db.models import ManyToManyField
from django.utils import formats, timezone
from django.utils.translation import gettext, pgettext_lazy
from simple_history.admin import SimpleHistoryAdmin
from simple_history.models import DeletedObject
from simple_history.template_utils import HistoricalRecordContextHelper, ObjDiffDisplay

EMPTY = "—"

# The reasons the services give to audit(), as a reader of the history sees them.
REASONS = {
    "created": pgettext_lazy("change reason", "created"),
    "edited": pgettext_lazy("change reason", "edited"),
    "submitted": pgettext_lazy("change reason", "submitted"),
    "withdrawn": pgettext_lazy("change reason", "withdrawn"),
    "review started": pgettext_lazy("change reason", "review started"),
    "registered": pgettext_lazy("change reason", "registered"),
    "updated by the provider": pgettext_lazy("change reason", "updated by the provider"),
    "requested by the provider": pgettext_lazy("change reason", "requested by the provider"),
    "removed": pgettext_lazy("change reason", "removed"),
    "published": pgettext_lazy("change reason", "published"),
    "archived": pgettext_lazy("change reason", "archived"),
    "accepted": pgettext_lazy("change reason", "accepted"),
}
# Reasons with a part that varies: (pattern, message with the pattern's named groups).
REASON_PATTERNS = [
    (re.compile(r"decision: (?P<value>\w+)"), pgettext_lazy("change reason", "decision: %(value)s")),
    (re.compile(r"review: (?P<value>\w+)"), pgettext_lazy("change reason", "review: %(value)s")),
    (
        re.compile(r"identity change (?P<number>\d+) approved by the Center"),
        pgettext_lazy("change reason", "identity change %(number)s approved by the Center"),
    ),
    (
        re.compile(r"new version from version (?P<number>\d+)"),
        pgettext_lazy("change reason", "new version from version %(number)s"),
    ),
    (
        re.compile(r"replaced by version (?P<number>\d+)"),
        pgettext_lazy("change reason", "replaced by version %(number)s"),
    ),
]


def reason_display(reason: str | None, value_labels: dict) -> str:
    """A stored audit reason in the active language; `value_labels` names the values a reason may carry
    (the outcomes of a decision, say). A reason nobody foresaw is shown as it was written."""
    if not reason:
        return EMPTY
    if reason in REASONS:
        return str(REASONS[reason])
    if reason in value_labels:
        return str(value_labels[reason])
    for pattern, message in REASON_PATTERNS:
        match = pattern.fullmatch(reason)
        if match:
            parts = match.groupdict()
            if "value" in parts:
                parts["value"] = str(value_labels.get(parts["value"], parts["value"]))
            return str(message) % parts
    return reason


def value_display(field, value) -> str:
    """One field's value as the admin's other pages show it."""
    if value is None or value == "" or value == [] or (isinstance(value, DeletedObject) and value.pk is None):
        return EMPTY  # simple_history reads an empty foreign key as a deleted object with no key
    if isinstance(value, DeletedObject):
        return gettext("Deleted %(type_name)s") % {"type_name": value.model._meta.verbose_name} + f" ({value.pk})"
    if isinstance(value, list):
        return ", ".join(str(item) for item in value)
    if getattr(field, "flatchoices", None):
        return str(dict(field.flatchoices).get(value, value))
    if isinstance(value, bool):
        return gettext("Yes") if value else gettext("No")
    if isinstance(value, datetime.datetime):
        if timezone.is_aware(value):
            value = timezone.localtime(value)
        return formats.date_format(value, "DATETIME_FORMAT")
    if isinstance(value, datetime.date):
        return formats.date_format(value, "DATE_FORMAT")
    return str(formats.localize(value))


class _Shortened(ObjDiffDisplay):
    def shortened_str(self, prefix: str, num_skipped_chars: int, suffix: str) -> str:
        return f"{prefix} … {suffix}"  # simple_history writes "[42 chars]", in English


class LocalizedHistoryContextHelper(HistoricalRecordContextHelper):
    def prepare_delta_change_value(self, change, value):
        field = self.model._meta.get_field(change.field)
        prepared = super().prepare_delta_change_value(change, value)
        if isinstance(field, ManyToManyField):
            prepared = [str(item) for item in prepared]
        return value_display(field, prepared)

    def get_obj_diff_display(self):
        return _Shortened(max_length=self.max_displayed_delta_change_chars)


class LocalizedHistoryAdmin(SimpleHistoryAdmin):
    """SimpleHistoryAdmin whose history pages read in the reader's language (the template is
    templates/simple_history/object_history_list.html). `history_value_labels` names the values that audit
    reasons carry, such as a decision's outcomes."""

    history_value_labels: dict = {}

    def get_historical_record_context_helper(self, request, historical_record):
        return LocalizedHistoryContextHelper(self.model, historical_record)

    def set_history_delta_changes(self, request, historical_records, foreign_keys_are_objs=True):
        super().set_history_delta_changes(request, historical_records, foreign_keys_are_objs)
        for record in historical_records:
            record.reason_display = reason_display(record.history_change_reason, self.history_value_labels)
