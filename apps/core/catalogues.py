"""The Georgian catalogues of Django and the libraries whose strings a user of the portal can meet, and the
messages they leave untranslated (which the project's own catalogue then translates)."""

import importlib.util
from collections.abc import Iterator
from pathlib import Path

import polib

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
    "simple_history",  # the admin's history pages
]
DOMAINS = ("django", "djangojs")


def _catalogue(locale: Path, languages: tuple[str, ...], domain: str) -> Path | None:
    candidates = [locale / lang / "LC_MESSAGES" / f"{domain}.{ext}" for lang in languages for ext in ("po", "mo")]
    return next((p for p in candidates if p.exists()), None)


def user_facing_catalogues(domain: str = "django") -> list[tuple[str, Path, Path | None]]:
    """(package, source catalogue, Georgian catalogue or None) for each package with messages in this domain
    (a package without an English catalogue has one such row for each of its translations).

    The message ids come from the English catalogue, which each release regenerates: a package's Georgian
    catalogue may lag behind and lack new messages altogether."""
    found = []
    for package in USER_FACING:
        spec = importlib.util.find_spec(package)
        locale = Path(spec.submodule_search_locations[0]) / "locale"
        georgian = _catalogue(locale, ("ka",), domain)
        english = _catalogue(locale, ("en", "en_US"), domain)
        # Without an English catalogue, the message ids are those of every translation together: each may lag
        # behind the code (django-simple-history's German lacks its "View history: %s").
        for source in [english] if english else sorted(locale.glob(f"*/LC_MESSAGES/{domain}.po")):
            found.append((package, source, georgian))
    return found


def entries(path: Path):
    return polib.pofile(str(path)) if path.suffix == ".po" else polib.mofile(str(path))


def georgian_gaps(domain: str = "django") -> Iterator[tuple[str, object]]:
    """(package, entry) for every message that the package's own Georgian catalogue leaves untranslated."""
    seen = set()
    for package, source, georgian in user_facing_catalogues(domain):
        translated = {
            (e.msgctxt, e.msgid)
            for e in (entries(georgian) if georgian else [])
            if e.translated() and "fuzzy" not in e.flags
        }
        for entry in entries(source):
            key = (entry.msgctxt, entry.msgid)
            if entry.obsolete or not entry.msgid or key in translated or key in seen:
                continue
            seen.add(key)
            yield package, entry
