"""The public catalogue with 5,000 published programmes and 50,000 learning outcomes in PostgreSQL.

Reports the median and 95th percentile of a filtered catalogue request, for the page and the API, and the
number of queries each runs (the same whatever the page size). Target: p95 under 100 ms.
Run with `make bench` (or scripts/bench.sh bench/catalogue.py)."""

import os
import statistics
import sys
import time
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.bench")

import django

django.setup()

from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.utils import timezone  # noqa: E402

from apps.accounts.models import User  # noqa: E402
from apps.programmes.models import AssessmentComponent, LearningOutcome, Programme, ProgrammeVersion  # noqa: E402
from apps.providers.models import AuthorizationDecision, Provider  # noqa: E402
from apps.reference.models import FieldOfStudy, Language  # noqa: E402

PROGRAMMES, OUTCOMES_EACH, REQUESTS = 5_000, 10, 200
FIELDS = ["0612", "0613", "0714", "0532", "1015", "0542", "0912", "0311", "0413", "0731"]
MODES = ["online", "onsite", "blended"]


def load() -> None:
    if ProgrammeVersion.objects.filter(status="published").count() >= PROGRAMMES:
        return
    started = time.perf_counter()
    reviewer, _ = User.objects.get_or_create(email="bench-reviewer@example.ge")
    providers = Provider.objects.bulk_create(
        Provider(
            legal_name_ka=f"უნივერსიტეტი {n}",
            legal_name_en=f"University {n}",
            short_name=f"U{n}",
            identification_code=f"{300000000 + n}",
            kind="university",
            contact_email=f"u{n}@example.ge",
        )
        for n in range(20)
    )
    today = timezone.localdate()
    for provider in providers:
        decision = AuthorizationDecision.objects.create(
            provider=provider,
            outcome="authorized",
            reasons_ka="ა",
            reasons_en="a",
            decided_by=reviewer,
            valid_from=today.replace(year=today.year - 1),
            valid_until=today.replace(year=today.year + 4),
        )
        decision.levels.set([6, 7])
        decision.fields_of_study.set(FieldOfStudy.objects.filter(level="broad"))
    programmes = Programme.objects.bulk_create(
        Programme(provider=providers[n % 20], code=f"BENCH-{n:05d}") for n in range(PROGRAMMES)
    )
    now = timezone.now()
    versions = ProgrammeVersion.objects.bulk_create(
        ProgrammeVersion(
            programme=programme,
            number=1,
            status="published",
            title_ka=f"მიკროკრედიტი {n} ქსელები და მონაცემები",
            title_en=f"Micro-credential {n} in networks and data",
            summary_ka="მოკლე აღწერა " * 10,
            summary_en="A short summary " * 10,
            ects_credits=Decimal(2 + n % 10),
            workload_hours=(2 + n % 10) * 25,
            nqf_level_id=6 + n % 2,
            field_of_study_id=FIELDS[n % len(FIELDS)],
            participation_mode=MODES[n % 3],
            supervision="supervised_id",
            published_at=now,
        )
        for n, programme in enumerate(programmes)
    )
    ka, en = Language.objects.get(pk="ka"), Language.objects.get(pk="en")
    through = ProgrammeVersion.languages.through
    through.objects.bulk_create(
        [through(programmeversion_id=v.pk, language_id=ka.pk) for v in versions]
        + [through(programmeversion_id=v.pk, language_id=en.pk) for v in versions[::2]]
    )
    LearningOutcome.objects.bulk_create(
        (
            LearningOutcome(version=v, order=o, text_ka=f"სწავლის შედეგი {o}", text_en=f"Learning outcome {o}")
            for v in versions
            for o in range(1, OUTCOMES_EACH + 1)
        ),
        batch_size=5_000,
    )
    AssessmentComponent.objects.bulk_create(
        (
            AssessmentComponent(version=v, order=c, name_ka="გამოცდა", name_en="Exam", weight=50, pass_mark=51)
            for v in versions
            for c in (1, 2)
        ),
        batch_size=5_000,
    )
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    print(
        f"loaded {PROGRAMMES} programmes, {PROGRAMMES * OUTCOMES_EACH} outcomes "
        f"in {time.perf_counter() - started:.1f} s"
    )


def measure(client: Client, url: str) -> dict:
    for _ in range(10):
        client.get(url)  # warm up
    timings = []
    for _ in range(REQUESTS):
        started = time.perf_counter()
        response = client.get(url)
        timings.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200, response.status_code
    with CaptureQueriesContext(connection) as queries:
        client.get(url)
    timings.sort()
    return {
        "median_ms": statistics.median(timings),
        "p95_ms": timings[int(len(timings) * 0.95) - 1],
        "queries": len(queries.captured_queries),
    }


def main() -> None:
    load()
    client = Client(headers={"Accept-Language": "ka"})
    filters = "broad_field=06&level=6&ects_min=3&ects_max=9&mode=online&language=ka&q=ქსელები&sort=-ects"
    cases = {
        "catalogue page (filtered, 20 a page)": f"/registry/programmes/?{filters}",
        "catalogue page (filtered, 100 a page)": f"/registry/programmes/?{filters}&per_page=100",
        "catalogue API (filtered, 20 a page)": f"/api/v1/programmes/?{filters}",
        "catalogue API (filtered, 100 a page)": f"/api/v1/programmes/?{filters}&page_size=100",
    }
    print(f"{'request':42} {'median':>9} {'p95':>9} {'queries':>8}")
    worst = 0.0
    for name, url in cases.items():
        result = measure(client, url)
        worst = max(worst, result["p95_ms"])
        print(f"{name:42} {result['median_ms']:7.1f}ms {result['p95_ms']:7.1f}ms {result['queries']:8d}")
    print(f"target p95 < 100 ms: {'met' if worst < 100 else 'NOT met'} (worst p95 {worst:.1f} ms)")


if __name__ == "__main__":
    main()
