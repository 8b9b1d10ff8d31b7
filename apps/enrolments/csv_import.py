"""Enrolment by CSV: read, check every row and show the problems before anything is saved; then invite every
row in one transaction, or none (each person is enrolled once they accept). Memory stays flat in the number of
rows: rows are read as a stream and kept as small tuples, and the database is asked in chunks."""

import csv
import io
import re
import secrets
from dataclasses import dataclass

from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils.dateparse import parse_date
from django.utils.translation import gettext as _

from apps.accounts.validators import validate_georgian_script, validate_latin_script

from . import selectors
from .models import CONSENTED, FundingSource, InvitationStatus, Offering
from .services import already_in, enrolment_invite_many, places_taken, require_staff

MAX_BYTES = 5 * 1024 * 1024
COLUMNS = [
    "email",
    "first_name_ka",
    "last_name_ka",
    "first_name_en",
    "last_name_en",
    "date_of_birth",
    "personal_number",
    "funding_source",
]
REQUIRED = {"email", "funding_source"}
PREVIEW_SECONDS = 60 * 60
CHUNK = 1000


@dataclass
class Row:
    number: int
    values: dict
    problems: list


def template() -> str:
    sample = ["nino.beridze@example.ge", "ნინო", "ბერიძე", "Nino", "Beridze", "2001-05-17", "01001012345", "self"]
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(COLUMNS)
    writer.writerow(sample)
    return "\ufeff" + buffer.getvalue()


def _decode(upload) -> str:
    if upload.size > MAX_BYTES:
        raise ValidationError(_("The file is larger than 5 MB. Split it into smaller files."))
    raw = upload.read()
    if not raw.strip():
        raise ValidationError(_("The file is empty."))
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ValidationError(_('The file is not UTF-8 text. Save it as "CSV UTF-8" and upload it again.')) from None


def csv_rows(text: str):
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


def _reader(text: str):
    rows = csv_rows(text)
    header = [column.strip().lower() for column in next(rows, (1, []))[1]]
    missing = REQUIRED - set(header)
    unknown = set(header) - set(COLUMNS)
    if missing or unknown:
        parts = []
        if missing:
            parts.append(_("missing columns: %(columns)s") % {"columns": ", ".join(sorted(missing))})
        if unknown:
            parts.append(_("unknown columns: %(columns)s") % {"columns": ", ".join(sorted(unknown))})
        raise ValidationError(
            _("The header row is not right (%(problems)s). Use the template.") % {"problems": "; ".join(parts)}
        )
    return header, rows


def _date(value: str):
    if not value:
        return None
    if re.fullmatch(r"\d{2}\.\d{2}\.\d{4}", value):
        day, month, year = value.split(".")
        value = f"{year}-{month}-{day}"
    try:
        parsed = parse_date(value)
    except ValueError:
        parsed = None
    if parsed is None:
        raise ValidationError(_("date of birth: write it as 2001-05-17 or 17.05.2001"))
    return parsed


def _funding_names() -> dict[str, str]:
    """Funding sources by code and by their names in both languages, as people type them."""
    from django.utils import translation

    names = {}
    for language in ("ka", "en"):
        with translation.override(language):
            names.update({str(label).lower(): code for code, label in FundingSource.choices})
    return names | {code: code for code in FundingSource.values}


def _funding(value: str, accepted: list[str], names: dict[str, str]) -> str:
    code = names.get(value.strip().lower())
    if code is None or code not in accepted:
        raise ValidationError(_("funding_source: use one of %(codes)s") % {"codes": ", ".join(accepted)})
    return code


def _check_row(number, header, cells, offering, seen_emails, seen_numbers, funding_names) -> Row:
    values = {column: (cells[i].strip() if i < len(cells) else "") for i, column in enumerate(header)}
    problems = []
    email = unsafe_cell(values.get("email", "")).lower()
    values["email"] = email
    try:
        validate_email(email)
    except ValidationError:
        problems.append(_("email: not a valid e-mail address"))
    if email in seen_emails:
        problems.append(_("email: the same address is in row %(row)s") % {"row": seen_emails[email]})
    seen_emails.setdefault(email, number)
    number_value = values.get("personal_number", "")
    if number_value:
        if not re.fullmatch(r"\d{11}", number_value):
            problems.append(_("personal_number: exactly 11 digits"))
        elif number_value in seen_numbers:
            problems.append(
                _("personal_number: the same number is in row %(row)s") % {"row": seen_numbers[number_value]}
            )
        seen_numbers.setdefault(number_value, number)
    for field, validator in (
        ("first_name_ka", validate_georgian_script),
        ("last_name_ka", validate_georgian_script),
        ("first_name_en", validate_latin_script),
        ("last_name_en", validate_latin_script),
    ):
        try:
            validator(values.get(field, ""))
        except ValidationError as error:
            problems.append(f"{field}: {error.messages[0]}")
    try:
        values["date_of_birth"] = _date(values.get("date_of_birth", ""))
    except ValidationError as error:
        problems.append(error.messages[0])
    try:
        values["funding_source"] = _funding(values.get("funding_source", ""), offering.funding_sources, funding_names)
    except ValidationError as error:
        problems.append(error.messages[0])
    return Row(number, values, problems)


def _checked_chunks(offering: Offering, text: str):
    """The file's rows, checked, in chunks: one chunk at a time in memory, whatever the length of the file."""
    header, rows = _reader(text)
    seen_emails, seen_numbers, funding_names = {}, {}, _funding_names()
    chunk = []
    for number, cells in rows:
        if not any(cell.strip() for cell in cells):
            continue
        chunk.append(_check_row(number, header, cells, offering, seen_emails, seen_numbers, funding_names))
        if len(chunk) == CHUNK:
            _check_against_database(offering, chunk)
            yield chunk
            chunk = []
    if chunk:
        _check_against_database(offering, chunk)
        yield chunk


def check(
    *, offering: Offering, upload=None, text: str | None = None, shown: int = 200
) -> tuple[list[Row], list[str], int]:
    """The rows that have problems (the first `shown` of them), problems of the file as a whole, and the
    number of rows. Memory stays flat in the number of rows: only the problems are kept."""
    text = _decode(upload) if text is None else text
    problems, count = [], 0
    for chunk in _checked_chunks(offering, text):
        count += len(chunk)
        problems.extend(row for row in chunk if row.problems and len(problems) < shown)
    if not count:
        raise ValidationError(_("The file has a header but no learners."))
    file_problems = []
    if offering.results_finalised_at is not None:
        file_problems.append(_("The results of this offering are final: nobody can be enrolled in it any more."))
    free = max(offering.capacity - places_taken(offering), 0)
    if count > free:
        file_problems.append(
            _("The offering has %(free)s free places; the file has %(rows)s learners.") % {"free": free, "rows": count}
        )
    return problems, file_problems, count


def _chunks(values, size=CHUNK):
    values = list(values)
    for start in range(0, len(values), size):
        yield values[start : start + size]


def _check_against_database(offering, rows) -> None:
    """Addresses already enrolled in, or invited to, this offering: things the provider's own list shows. Nothing
    is looked up beyond the offering, so no answer depends on whether someone has an account elsewhere."""
    enrolled, invited = set(), set()
    for chunk in _chunks([row.values["email"] for row in rows]):
        in_offering, open_invitation = already_in(offering, chunk)
        enrolled |= in_offering
        invited |= open_invitation
    for row in rows:
        if row.values["email"] in enrolled:
            row.problems.append(_("email: this learner is already enrolled in the offering"))
        elif row.values["email"] in invited:
            row.problems.append(_("email: this address is already invited to the offering"))


def preview(*, offering: Offering, upload, session) -> dict:
    text = _decode(upload)
    problems, file_problems, count = check(offering=offering, text=text)
    token = ""
    if not problems and not file_problems:
        token = secrets.token_urlsafe(16)
        # The checked file itself waits for the confirmation (at most 5 MB), not a copy of its rows.
        cache.set(f"csv-import:{token}", (offering.pk, text), PREVIEW_SECONDS)
        session["csv_import_token"] = token
    return {"count": count, "problems": problems, "file_problems": file_problems, "token": token}


@transaction.atomic
def commit(*, offering: Offering, acting_user, token: str, session) -> int:
    """Invite every row of the previewed file, chunk by chunk, in one transaction: all of them or none."""
    require_staff(acting_user, offering.version.programme.provider)
    stored = cache.get(f"csv-import:{token}")
    if not stored or session.get("csv_import_token") != token or stored[0] != offering.pk:
        raise ValidationError(_("This preview has expired. Upload the file again."))
    offering = Offering.objects.select_for_update().get(pk=offering.pk)
    count = 0
    for chunk in _checked_chunks(offering, stored[1]):
        if any(row.problems for row in chunk):
            # Something changed since the preview (someone enrolled meanwhile): nothing is saved.
            raise ValidationError(_("The file no longer passes the checks. Upload it again to see why."))
        invited = enrolment_invite_many(offering=offering, acting_user=acting_user, people=[r.values for r in chunk])
        count += len(invited)
    cache.delete(f"csv-import:{token}")
    session.pop("csv_import_token", None)
    return count


_FORMULA = re.compile(r"^[=+\-@\t\r]")


def safe_cell(value) -> str:
    """A cell that a spreadsheet would run as a formula is written as text (a leading apostrophe)."""
    text = "" if value is None else str(value)
    return f"'{text}" if _FORMULA.match(text) else text


def unsafe_cell(value: str) -> str:
    """Read back a cell that `safe_cell` wrote, so that our own files (the templates) import as they are."""
    return value[1:] if value.startswith("'") and _FORMULA.match(value[1:]) else value


def export(offering: Offering) -> str:
    """The offering's enrolments and the invitations not accepted. A learner's date of birth and personal number
    are written only where the learner enrolled with this provider themselves or accepted its invitation; an
    invitation is written as the provider typed it."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow([*COLUMNS, "status"])
    for e in offering.enrolments.select_related("learner").order_by("learner__last_name_en", "pk"):
        u = e.learner
        consented = e.source in CONSENTED
        row = (
            u.email,
            u.first_name_ka,
            u.last_name_ka,
            u.first_name_en,
            u.last_name_en,
            u.date_of_birth.isoformat() if consented and u.date_of_birth else "",
            u.personal_number if consented else "",
            e.funding_source,
            e.status,
        )
        writer.writerow([safe_cell(v) for v in row])
    for i in selectors.invitations_awaiting(offering):
        row = (
            i.email,
            i.first_name_ka,
            i.last_name_ka,
            i.first_name_en,
            i.last_name_en,
            i.date_of_birth.isoformat() if i.date_of_birth else "",
            i.personal_number,
            i.funding_source,
            "invited" if i.status == InvitationStatus.OPEN else i.status,
        )
        writer.writerow([safe_cell(v) for v in row])
    return "\ufeff" + buffer.getvalue()
