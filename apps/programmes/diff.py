"""What changed between two versions of a programme, for reviewers."""

from dataclasses import dataclass

from django.utils.translation import gettext as _

from .services import CONTENT_FIELDS


@dataclass(frozen=True)
class Change:
    label: str
    before: str
    after: str


def _text(value) -> str:
    if value is None:
        return ""
    return str(value)


def version_changes(before, after) -> list[Change]:
    """The fields, languages, learning outcomes and assessment components that differ, in reading order."""
    changes = []
    meta = after._meta
    for field in CONTENT_FIELDS:
        old, new = getattr(before, field), getattr(after, field)
        if old != new:
            label = str(meta.get_field(field).verbose_name)
            display = f"get_{field}_display"
            if hasattr(after, display):
                old, new = getattr(before, display)(), getattr(after, display)()
            changes.append(Change(label, _text(old), _text(new)))
    old_languages = ", ".join(sorted(str(x) for x in before.languages.all()))
    new_languages = ", ".join(sorted(str(x) for x in after.languages.all()))
    if old_languages != new_languages:
        changes.append(Change(str(meta.get_field("languages").verbose_name), old_languages, new_languages))

    def outcome_texts(version):
        return [f"{o.text_ka}\n{o.text_en}" for o in version.outcomes.order_by("order")]

    def component_texts(version):
        return [
            f"{c.name_ka} / {c.name_en}: {c.weight}%, {c.pass_mark}; "
            + ", ".join(str(o.order) for o in c.outcomes.order_by("order"))
            for c in version.components.order_by("order").prefetch_related("outcomes")
        ]

    for name, texts in (("outcome", outcome_texts), ("component", component_texts)):
        old_rows, new_rows = texts(before), texts(after)
        for number in range(max(len(old_rows), len(new_rows))):
            old = old_rows[number] if number < len(old_rows) else ""
            new = new_rows[number] if number < len(new_rows) else ""
            if old != new:
                label = (
                    _("Learning outcome %(number)s") if name == "outcome" else _("Assessment component %(number)s")
                ) % {"number": number + 1}
                changes.append(Change(label, old, new))
    return changes
