"""The Georgian catalogues of Django and the libraries whose strings a user of the portal can meet."""

import importlib.util
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


def user_facing_catalogues() -> list[tuple[str, Path, bool]]:
    """(package, catalogue, is_georgian) for each package: its Georgian catalogue, or, where it has none, a
    catalogue of another language whose message ids are then all missing in Georgian."""
    found = []
    for package in USER_FACING:
        spec = importlib.util.find_spec(package)
        locale = Path(spec.submodule_search_locations[0]) / "locale"
        candidates = [
            locale / lang / "LC_MESSAGES" / f"django.{ext}" for lang in ("ka", "en", "ru") for ext in ("po", "mo")
        ]
        path = next(p for p in candidates if p.exists())
        found.append((package, path, path.parts[-3] == "ka"))
    return found
