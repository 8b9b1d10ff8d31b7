"""Loaded once by the sandbox's fork server: Django set up, and the modules that parse files imported, so that
each child forked from it starts ready in milliseconds."""

import django

django.setup()

from apps.verification import files  # noqa: E402, F401
