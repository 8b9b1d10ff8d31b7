"""Enrolment by CSV: read, check every row and show the problems before anything is saved; then invite every
row in one transaction, or none (each person is enrolled once they accept). Each row is checked as the form checks
one invitation (`enrolment_invitation_build`), and the file is invited through the same service
(`enrolment_invite_many`), which writes the history of every invitation. Memory stays flat in the number of rows:
rows are read as a stream and kept as small tuples, and the database is asked in chunks."""

import csv
import io
import re
from dataclasses import dataclass

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import transaction
from django.utils import translation
from django.utils.dateparse import parse_date
from django.utils.translation import gettext as _

from apps.core import csv_upload
from apps.core.csv_upload import safe_cell, unsafe_cell

from . import selectors
from .models import CONSENTED, FundingSource, InvitationStatus, Offering
from .services import (
    already_in,
    enrolment_invitation_build,
    enrolment_invite_many,
    invitation_refusals,
    require_staff,
)

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
CHUNK = 1000
# At most this many rows' problems are shown in the preview, and in the message when the confirmation finds some
# (a message is kept in the session until the next page; uploading the file again previews them all).
SHOWN = 200
SHOWN_AT_CONFIRMATION = 10
PREVIEWS = csv_upload.Previews("import")


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


def _reader(text: str):
    rows = csv_upload.rows(text)
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


class _RowCheck:
    """The rows of one file, checked in order: what a spreadsheet makes of dates and funding names read into
    values, then (`as_invitations`) the checks of one invitation (the form's, the API's), then the rows before it
    (the same address or personal number twice)."""

    def __init__(self, offering: Offering, header: list[str], *, as_invitations: bool):
        self.offering, self.header, self.as_invitations = offering, header, as_invitations
        self.seen_emails, self.seen_numbers, self.funding_names = {}, {}, _funding_names()

    def __call__(self, number: int, cells: list[str]) -> Row:
        values = {column: (cells[i].strip() if i < len(cells) else "") for i, column in enumerate(self.header)}
        values["email"] = unsafe_cell(values.get("email", "")).lower()
        problems = {}  # by column, in the user's language, each message saying its column
        for column, parse, empty in (
            ("date_of_birth", _date, None),
            ("funding_source", self._funding, ""),
        ):
            try:
                values[column] = parse(values.get(column, ""))
            except ValidationError as error:
                problems[column] = error.messages
                values[column] = empty
        if self.as_invitations:
            try:
                enrolment_invitation_build(offering=self.offering, acting_user=None, person=values)
            except ValidationError as error:
                for field, messages in error.message_dict.items():
                    if field not in problems:  # a value we could not read is said once, as the file has it
                        problems[field] = [m if field == NON_FIELD_ERRORS else f"{field}: {m}" for m in messages]
        self._against_rows_before(number, values, problems)
        order = {column: i for i, column in enumerate(COLUMNS)}
        ordered = sorted(problems.items(), key=lambda item: order.get(item[0], len(order)))
        return Row(number, values, [message for _column, messages in ordered for message in messages])

    def _funding(self, value: str) -> str:
        return _funding(value, self.offering.funding_sources, self.funding_names)

    def _against_rows_before(self, number: int, values: dict, problems: dict) -> None:
        email, personal_number = values["email"], values.get("personal_number", "")
        if email in self.seen_emails:
            problems.setdefault("email", []).append(
                _("email: the same address is in row %(row)s") % {"row": self.seen_emails[email]}
            )
        self.seen_emails.setdefault(email, number)
        if personal_number and "personal_number" not in problems:
            if personal_number in self.seen_numbers:
                problems["personal_number"] = [
                    _("personal_number: the same number is in row %(row)s")
                    % {"row": self.seen_numbers[personal_number]}
                ]
            self.seen_numbers.setdefault(personal_number, number)


def _checked_chunks(offering: Offering, text: str, *, as_invitations: bool = True):
    """The file's rows, checked, in chunks: one chunk at a time in memory, whatever the length of the file."""
    header, rows = _reader(text)
    check_row = _RowCheck(offering, header, as_invitations=as_invitations)
    chunk = []
    for number, cells in rows:
        if not any(cell.strip() for cell in cells):
            continue
        chunk.append(check_row(number, cells))
        if len(chunk) == CHUNK:
            _check_against_database(offering, chunk)
            yield chunk
            chunk = []
    if chunk:
        _check_against_database(offering, chunk)
        yield chunk


def check(
    *, offering: Offering, upload=None, text: str | None = None, shown: int = SHOWN
) -> tuple[list[Row], list[str], int]:
    """The rows that have problems (the first `shown` of them), problems of the file as a whole, and the
    number of rows. Memory stays flat in the number of rows: only the problems are kept."""
    text = csv_upload.read(upload) if text is None else text
    problems, count = [], 0
    for chunk in _checked_chunks(offering, text):
        count += len(chunk)
        problems.extend(row for row in chunk if row.problems and len(problems) < shown)
    if not count:
        raise ValidationError(_("The file has a header but no learners."))
    return problems, invitation_refusals(offering=offering, count=count), count


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
    text = csv_upload.read(upload)
    problems, file_problems, count = check(offering=offering, text=text)
    token = ""
    if not problems and not file_problems:
        # The checked file itself waits for the confirmation (at most 5 MB), not a copy of its rows.
        token = PREVIEWS.keep(session=session, scope=offering.pk, payload=(text, count))
    return {"count": count, "problems": problems, "file_problems": file_problems, "token": token}


@transaction.atomic
def commit(*, offering: Offering, acting_user, token: str, session) -> int:
    """Invite every row of the previewed file, chunk by chunk, in one transaction: all of them or none. What
    changed since the preview (someone invited or enrolled meanwhile, places taken) is said row by row, and
    nothing is saved."""
    require_staff(acting_user, offering.version.programme.provider)
    with PREVIEWS.confirmed(session=session, scope=offering.pk, token=token) as (text, count):
        offering = Offering.objects.select_for_update().get(pk=offering.pk)
        # The whole file's places under the lock, before the first chunk: the chunks then always fit.
        if refusals := invitation_refusals(offering=offering, count=count):
            raise ValidationError(refusals)
        invited = 0
        # Each row's checks as an invitation are the service's, as it invites the chunk: the text is the one the
        # preview checked, so what may have changed since is the database's and the offering's, checked here.
        for chunk in _checked_chunks(offering, text, as_invitations=False):
            if rows := [row for row in chunk if row.problems]:
                raise ValidationError(
                    [
                        _("Since the preview, the file no longer passes the checks, so nothing is saved:"),
                        *(
                            _("Row %(row)s: %(problems)s") % {"row": row.number, "problems": "; ".join(row.problems)}
                            for row in rows[:SHOWN_AT_CONFIRMATION]
                        ),
                    ]
                )
            people = [row.values for row in chunk]
            invited += len(enrolment_invite_many(offering=offering, acting_user=acting_user, people=people))
        return invited


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
