"""Bilingual fields: the portal keeps Georgian and English side by side as `<name>_ka` and `<name>_en`."""

from django.utils.translation import get_language


def current_language() -> str:
    return "en" if (get_language() or "ka").startswith("en") else "ka"


def localized(obj, field: str) -> str:
    """The value of `<field>_<language>` in the active language, falling back to the other language."""
    first, second = ("ka", "en") if current_language() == "ka" else ("en", "ka")
    return getattr(obj, f"{field}_{first}") or getattr(obj, f"{field}_{second}")


class BilingualNameMixin:
    """`name` in the active language, for models with name_ka and name_en."""

    @property
    def name(self) -> str:
        return localized(self, "name")

    def __str__(self):
        return self.name
