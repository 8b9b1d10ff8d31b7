"""Enrolment by CSV: read, check every row and show the problems before anything is saved; then enrol every
row in one transaction, or none. Memory stays flat in the number of rows: rows are read as a stream and kept
as small tuples, and the database is asked in chunks."""

import csv
import io
import re
import secrets
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils import timezone
from django.utils.dateparse import parse_date
from django.utils.translation import gettext as _

from apps.accounts.validators import validate_georgian_script, validate_latin_script

from .models import PLACE_HOLDING, Enrolment, EnrolmentStatus, FundingSource, Offering
from .services import require_staff

User = get_user_model()
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


def _reader(text: str):
    first_line = text.split("\n", 1)[0]
    delimiter = ";" if first_line.count(";") > first_line.count(",") else ","
    reader = csv.reader(io.StringIO(text), delimiter=delimiter)
    header = [column.strip().lower() for column in next(reader, [])]
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
    return header, reader


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
    email = values.get("email", "").lower()
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
    header, reader = _reader(text)
    seen_emails, seen_numbers, funding_names = {}, {}, _funding_names()
    chunk = []
    for number, cells in enumerate(reader, start=2):
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
    free = offering.capacity - offering.enrolments.filter(status__in=PLACE_HOLDING).count()
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
    """Learners already enrolled; personal numbers that belong to another account."""
    emails = [row.values["email"] for row in rows]
    numbers = [row.values.get("personal_number") for row in rows if row.values.get("personal_number")]
    enrolled = set()
    for chunk in _chunks(emails):
        enrolled |= set(offering.enrolments.filter(learner__email__in=chunk).values_list("learner__email", flat=True))
    owners = {}
    for chunk in _chunks(numbers):
        owners.update(dict(User.objects.filter(personal_number__in=chunk).values_list("personal_number", "email")))
    for row in rows:
        if row.values["email"] in enrolled:
            row.problems.append(_("email: this learner is already enrolled in the offering"))
        owner = owners.get(row.values.get("personal_number"))
        if owner and owner != row.values["email"]:
            row.problems.append(_("personal_number: belongs to the account of another e-mail address"))


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
    """Enrol every row of the previewed file, chunk by chunk, in one transaction: all of them or none."""
    from .tasks import invite_learners

    require_staff(acting_user, offering.version.programme.provider)
    stored = cache.get(f"csv-import:{token}")
    if not stored or session.get("csv_import_token") != token or stored[0] != offering.pk:
        raise ValidationError(_("This preview has expired. Upload the file again."))
    offering = Offering.objects.select_for_update().get(pk=offering.pk)
    count, invite = 0, []
    for chunk in _checked_chunks(offering, stored[1]):
        if any(row.problems for row in chunk):
            # Something changed since the preview (someone enrolled meanwhile): nothing is saved.
            raise ValidationError(_("The file no longer passes the checks. Upload it again to see why."))
        imported = import_rows(offering=offering, acting_user=acting_user, rows=[row.values for row in chunk])
        count += imported["count"]
        invite.extend(imported["invite"])
    if invite:
        invite_learners.delay_on_commit(invite)
    cache.delete(f"csv-import:{token}")
    session.pop("csv_import_token", None)
    return count


def import_rows(*, offering: Offering, acting_user, rows: list[dict]) -> dict:
    """Enrol checked rows: known people by e-mail or personal number, new accounts for the others. Inside the
    caller's transaction, with the offering locked."""
    free = offering.capacity - offering.enrolments.filter(status__in=PLACE_HOLDING).count()
    if len(rows) > free:
        raise ValidationError(
            _("The offering has %(free)s free places; the file has %(rows)s learners.")
            % {"free": free, "rows": len(rows)}
        )
    by_email, by_number = {}, {}
    for chunk in _chunks([r["email"] for r in rows]):
        by_email.update({u.email: u.pk for u in User.objects.filter(email__in=chunk).only("pk", "email")})
    for chunk in _chunks([r["personal_number"] for r in rows if r.get("personal_number")]):
        by_number.update(dict(User.objects.filter(personal_number__in=chunk).values_list("personal_number", "pk")))
    new_users = []
    # One unusable-password marker for the whole import: making a random one per person costs more than the rest.
    unusable = make_password(None)
    for row in rows:
        if row["email"] not in by_email and not by_number.get(row.get("personal_number") or ""):
            user = User(
                email=row["email"],
                first_name_ka=row.get("first_name_ka") or "",
                last_name_ka=row.get("last_name_ka") or "",
                first_name_en=row.get("first_name_en") or "",
                last_name_en=row.get("last_name_en") or "",
                date_of_birth=row.get("date_of_birth"),
                personal_number=row.get("personal_number") or "",
                password=unusable,
            )
            new_users.append(user)
    User.objects.bulk_create(new_users, batch_size=CHUNK)
    for chunk in _chunks([u.email for u in new_users]):
        by_email.update({u.email: u.pk for u in User.objects.filter(email__in=chunk).only("pk", "email")})
    new_ids = {by_email[u.email] for u in new_users}
    now = timezone.now()
    enrolments = [
        Enrolment(
            offering=offering,
            learner_id=by_email.get(row["email"]) or by_number[row["personal_number"]],
            status=EnrolmentStatus.ENROLLED,
            funding_source=row["funding_source"],
            applied_at=now,
            enrolled_at=now,
            enrolled_by=acting_user,
        )
        for row in rows
    ]
    created = Enrolment.objects.bulk_create(enrolments, batch_size=CHUNK)
    return {"count": len(created), "invite": [e.pk for e in created if e.learner_id in new_ids]}


_FORMULA = re.compile(r"^[=+\-@\t\r]")


def _safe(value) -> str:
    """A cell that a spreadsheet would run as a formula is written as text (a leading apostrophe)."""
    text = "" if value is None else str(value)
    return f"'{text}" if _FORMULA.match(text) else text


def export(offering: Offering) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow([*COLUMNS, "status"])
    for e in offering.enrolments.select_related("learner").order_by("learner__last_name_en"):
        u = e.learner
        writer.writerow(
            [
                _safe(v)
                for v in (
                    u.email,
                    u.first_name_ka,
                    u.last_name_ka,
                    u.first_name_en,
                    u.last_name_en,
                    u.date_of_birth.isoformat() if u.date_of_birth else "",
                    u.personal_number,
                    e.funding_source,
                    e.status,
                )
            ]
        )
    return "\ufeff" + buffer.getvalue()
