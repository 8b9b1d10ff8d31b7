"""A CSV file uploaded to be checked, shown, then saved on confirmation: reading the upload (size limit, UTF-8 with
or without a BOM), its rows (comma or semicolon, any line ending, malformed CSV as a message), cells a spreadsheet
would run as formulas, the checked file waiting for its confirmation, and the page's two steps. What a row means
is the caller's."""

import csv
import io
import re
import secrets
from collections.abc import Callable, Iterator
from contextlib import contextmanager

from django import forms
from django.contrib import messages
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

MAX_BYTES = 5 * 1024 * 1024
PREVIEW_SECONDS = 60 * 60


class CsvUploadForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("CSV file"), help_text=gettext_lazy("UTF-8, comma or semicolon separated, at most 5 MB.")
    )


def read(upload) -> str:
    """The text of an uploaded file, or a ValidationError that says what to do about it."""
    if upload.size > MAX_BYTES:
        raise ValidationError(_("The file is larger than 5 MB. Split it into smaller files."))
    raw = upload.read()
    if not raw.strip():
        raise ValidationError(_("The file is empty."))
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ValidationError(_('The file is not UTF-8 text. Save it as "CSV UTF-8" and upload it again.')) from None


def rows(text: str) -> Iterator[tuple[int, list[str]]]:
    """The records of a CSV text, numbered as a spreadsheet numbers its rows (the header is row 1), with the
    delimiter (comma or semicolon) guessed from the first line. Line endings may be LF, CRLF or a lone CR (old
    spreadsheets on a Mac). Whatever the csv module cannot read becomes a message, never an error page."""
    first_line = re.split(r"\r\n|\r|\n", text, maxsplit=1)[0]
    delimiter = ";" if first_line.count(";") > first_line.count(",") else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    number = 0
    while True:
        number += 1
        try:
            cells = next(reader)
        except StopIteration:
            return
        except csv.Error as error:
            if "field limit" in str(error):
                message = _(
                    "Row %(row)s: a cell is longer than %(limit)s characters. Check the quotes in the file: a quote "
                    "that is never closed makes the rest of the file one cell."
                ) % {"row": number, "limit": f"{csv.field_size_limit():,}"}
            else:
                message = _("Row %(row)s cannot be read as CSV. Save the file as CSV UTF-8 and upload it again.") % {
                    "row": number
                }
            raise ValidationError(message) from None
        yield number, cells


_FORMULA = re.compile(r"^[=+\-@\t\r]")


def safe_cell(value) -> str:
    """A cell that a spreadsheet would run as a formula is written as text (a leading apostrophe)."""
    text = "" if value is None else str(value)
    return f"'{text}" if _FORMULA.match(text) else text


def unsafe_cell(value: str) -> str:
    """Read back a cell that `safe_cell` wrote, so that our own files (the templates) import as they are."""
    return value[1:] if value.startswith("'") and _FORMULA.match(value[1:]) else value


class Previews:
    """Checked files waiting for their confirmation, of one kind ("import", "scores"): each in the cache (it may
    be megabytes) under a random token that only the session that uploaded it holds, for one object (`scope`)."""

    def __init__(self, kind: str):
        self.kind = kind

    def _key(self, token: str) -> str:
        return f"csv-{self.kind}:{token}"

    @property
    def _session_key(self) -> str:
        return f"csv_{self.kind}_token"

    def keep(self, *, session, scope, payload) -> str:
        """Keep what the preview checked until the confirmation; the token to confirm it with."""
        token = secrets.token_urlsafe(16)
        cache.set(self._key(token), (scope, payload), PREVIEW_SECONDS)
        session[self._session_key] = token
        return token

    @contextmanager
    def confirmed(self, *, session, scope, token: str):
        """What the preview named by `token` kept, for the commit to save. Once the commit succeeds (and its
        transaction is committed) the preview is used up; when it fails, nothing changes and it can be tried again."""
        stored = cache.get(self._key(token))
        if not stored or session.get(self._session_key) != token or stored[0] != scope:
            raise ValidationError(_("This preview has expired. Upload the file again."))
        yield stored[1]
        session.pop(self._session_key, None)
        transaction.on_commit(lambda: cache.delete(self._key(token)))


def preview_or_commit(request, *, preview: Callable, commit: Callable):
    """The two steps of a page that takes a CSV file. A POST with `confirm` commits the preview it names (a message
    says why not); a POST with a file previews it (the form says why not). Returns the form, the preview (None when
    there is none) and what the commit returned (None when nothing was committed)."""
    form = CsvUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and "confirm" in request.POST:
        try:
            return form, None, commit(token=request.POST["confirm"], session=request.session)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
    elif request.method == "POST" and form.is_valid():
        try:
            return form, preview(upload=form.cleaned_data["file"], session=request.session), None
        except ValidationError as error:
            form.add_error("file", error.messages)
    return form, None, None
