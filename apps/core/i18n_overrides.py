"""Strings whose Georgian in Django's own catalogue is wrong; the project's catalogue corrects them.

Never called: makemessages extracts these so that locale/ka carries the corrected Georgian.
"""

from django.utils.translation import ngettext


def _overrides():  # pragma: no cover
    # Django's Georgian drops the space between the number and the word ("10სიმბოლოს").
    ngettext(
        "This password is too short. It must contain at least %(min_length)d character.",
        "This password is too short. It must contain at least %(min_length)d characters.",
        2,
    )
