"""The Georgian catalogues of Django and the libraries whose strings a user of the portal can meet, and the
messages they leave untranslated (which the project's own catalogue then translates)."""

import importlib.util
from collections.abc import Iterator
from pathlib import Path

# Packages (or sub-packages) whose screens and messages reach users: forms and validation, the admin,
# authentication, sign-up and two-factor pages, the API and its filters.
USER_FACING = [
    "django.conf",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "allauth",
    "rest_framework",
    "django_filters",
]
DOMAINS = ("django", "djangojs")


def user_facing_catalogues(domain: str = "django") -> list[tuple[str, Path, bool]]:
    """(package, catalogue, is_georgian) for each package with messages in this domain: its Georgian
    catalogue, or, where it has none, another language's, whose messages are then all missing in Georgian."""
    found = []
    for package in USER_FACING:
        spec = importlib.util.find_spec(package)
        locale = Path(spec.submodule_search_locations[0]) / "locale"
        candidates = [
            locale / language / "LC_MESSAGES" / f"{domain}.{ext}"
            for language in ("ka", "en", "ru")
            for ext in ("po", "mo")
        ]
        path = next((p for p in candidates if p.exists()), None)
        if path:
            found.append((package, path, path.parts[-3] == "ka"))
    return found


def entries(path: Path):
    import polib

    return polib.pofile(str(path)) if path.suffix == ".po" else polib.mofile(str(path))


def georgian_gaps(domain: str = "django") -> Iterator[tuple[str, object]]:
    """(package, entry) for every message that the package's own Georgian catalogue leaves untranslated."""
    seen = set()
    for package, path, is_georgian in user_facing_catalogues(domain):
        for entry in entries(path):
            translated = is_georgian and entry.translated() and "fuzzy" not in entry.flags
            key = (entry.msgctxt, entry.msgid, entry.msgid_plural)
            if entry.obsolete or not entry.msgid or translated or key in seen:
                continue
            seen.add(key)
            yield package, entry
