"""Enrolment by CSV at scale: a 10,000-row file (Georgian names, dates of birth, personal numbers) checked and
imported into PostgreSQL through the invitation service (each row checked as one invitation is, each invitation
with its history row), with the invitations queued in Redis. Reports rows per second and the peak Python
memory of the import for 2,000, 5,000 and 10,000 rows. Target: at least 1,000 rows a second.
Run with `make bench` (or scripts/bench.sh bench/enrolment_import.py)."""

import os
import sys
import time
import tracemalloc
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.bench")

import django

django.setup()

from django.core.files.uploadedfile import SimpleUploadedFile  # noqa: E402
from django.db import transaction  # noqa: E402
from django.utils import timezone  # noqa: E402

from apps.accounts.models import User  # noqa: E402
from apps.enrolments import csv_import  # noqa: E402
from apps.enrolments.models import EnrolmentInvitation, Offering  # noqa: E402
from apps.programmes.models import AssessmentComponent, Programme, ProgrammeVersion  # noqa: E402
from apps.providers.models import Provider, ProviderMembership  # noqa: E402

FIRST_KA = ["ნინო", "გიორგი", "მარიამ", "ლუკა", "ანა", "დავით", "ელენე", "ნიკა", "თამარ", "ლევან"]
LAST_KA = ["ბერიძე", "კაპანაძე", "გელაშვილი", "მაისურაძე", "ლომიძე", "აბაშიძე", "ცხადაძე", "ქავთარაძე"]
FIRST_EN = ["Nino", "Giorgi", "Mariam", "Luka", "Ana", "Davit", "Elene", "Nika", "Tamar", "Levan"]
LAST_EN = ["Beridze", "Kapanadze", "Gelashvili", "Maisuradze", "Lomidze", "Abashidze", "Tskhadadze", "Kavtaradze"]


def offering_for(run: int, admin) -> Offering:
    provider = Provider.objects.get(short_name="IMPORT")
    programme = Programme.objects.create(provider=provider, code=f"IMPORT-{run}-{time.time_ns()}")
    version = ProgrammeVersion.objects.create(
        programme=programme,
        number=1,
        status="published",
        title_ka="ტესტი",
        title_en="Test",
        ects_credits=Decimal(4),
        workload_hours=100,
        nqf_level_id=6,
        field_of_study_id="0612",
        participation_mode="online",
    )
    AssessmentComponent.objects.create(
        version=version, order=1, name_ka="გამოცდა", name_en="Exam", weight=100, pass_mark=51
    )
    today = timezone.localdate()
    return Offering.objects.create(
        version=version,
        start_date=today,
        end_date=today,
        enrolment_opens=today,
        enrolment_closes=today,
        capacity=100_000,
        language_id="ka",
        participation_mode="online",
        funding_sources=["self", "state_grant"],
    )


def csv_text(rows: int, run: int) -> bytes:
    lines = [",".join(csv_import.COLUMNS)]
    for n in range(rows):
        lines.append(
            f"learner{run}-{n}@example.ge,{FIRST_KA[n % 10]},{LAST_KA[n % 8]},{FIRST_EN[n % 10]},{LAST_EN[n % 8]},"
            f"{1980 + n % 25}-{1 + n % 12:02d}-{1 + n % 28:02d},{run:02d}{n:09d},{'self' if n % 3 else 'state_grant'}"
        )
    return ("\ufeff" + "\n".join(lines) + "\n").encode("utf-8")


def import_file(rows: int, number: int, admin) -> float:
    """Check and import a file of this many rows; the seconds it took."""
    offering = offering_for(number, admin)
    content = csv_text(rows, number)
    session = {}
    started = time.perf_counter()
    preview = csv_import.preview(offering=offering, upload=SimpleUploadedFile("x.csv", content), session=session)
    assert not preview["problems"] and not preview["file_problems"], preview["problems"][:3]
    with transaction.atomic():
        count = csv_import.commit(offering=offering, acting_user=admin, token=preview["token"], session=session)
    seconds = time.perf_counter() - started
    assert count == rows
    assert EnrolmentInvitation.history.filter(offering_id=offering.pk, history_type="+").count() == rows
    return seconds


def run(rows: int, number: int, admin) -> tuple[float, float]:
    """Rows a second (timed without tracing, which slows Python down), then peak memory (traced, new rows)."""
    rate = rows / import_file(rows, number, admin)
    tracemalloc.start()
    import_file(rows, number + 50, admin)
    _current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return rate, peak / 1024 / 1024


def main() -> None:
    admin, _ = User.objects.get_or_create(email="import-admin@example.ge")
    provider, _ = Provider.objects.get_or_create(
        identification_code="399999999",
        defaults={
            "legal_name_ka": "იმპორტი",
            "legal_name_en": "Import",
            "short_name": "IMPORT",
            "kind": "university",
            "contact_email": "i@example.ge",
        },
    )
    ProviderMembership.objects.get_or_create(provider=provider, user=admin, defaults={"role": "admin"})
    print(f"{'rows':>8} {'rows/s':>10} {'peak MB':>9} {'KB/row':>8}")
    results = []
    for number, rows in enumerate((2_000, 5_000, 10_000), start=1):
        rate, peak = run(rows, number, admin)
        results.append((rows, rate, peak))
        print(f"{rows:8d} {rate:10.0f} {peak:9.1f} {peak * 1024 / rows:8.2f}")
    rate = results[-1][1]
    print(f"target 1,000 rows/s at 10,000 rows: {'met' if rate >= 1000 else 'NOT met'} ({rate:.0f} rows/s)")


if __name__ == "__main__":
    main()
