"""The public catalogue in PostgreSQL, at 5,000 and then 20,000 published programmes (ten learning outcomes each,
and one draft for every tenth programme, which the catalogue must not show).

At each size it measures first the request every visitor makes, the unfiltered first page (page and API), then a
filtered one (text, field, level, ECTS range, form, language, sorted), 20 and 100 a page; it prints the median, the
95th percentile and the number of queries of each (the same whatever the page size), and PASS or FAIL against the
target, p95 under 100 ms. At 20,000 it prints PostgreSQL's plan of the unfiltered first page.
Run with `make bench ARGS=bench/catalogue.py` (or scripts/bench.sh bench/catalogue.py)."""

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
from django.utils import timezone, translation  # noqa: E402

from apps.accounts.models import User  # noqa: E402
from apps.programmes.models import AssessmentComponent, LearningOutcome, Programme, ProgrammeVersion  # noqa: E402
from apps.programmes.selectors import catalogue  # noqa: E402
from apps.providers.models import AuthorizationDecision, Provider  # noqa: E402
from apps.reference.models import FieldOfStudy, Language  # noqa: E402
from apps.registry.filters import sort_order  # noqa: E402

SIZES, OUTCOMES_EACH, REQUESTS, TARGET_MS = (5_000, 20_000), 10, 100, 100
PROVIDERS = 20
FIELDS = ["0612", "0613", "0714", "0532", "1015", "0542", "0912", "0311", "0413", "0731"]
MODES = ["online", "onsite", "blended"]
FILTERS = "broad_field=06&level=6&ects_min=3&ects_max=9&mode=online&language=ka&q=ქსელები&sort=-ects"
CASES = {
    "catalogue page (first page, no filter)": "/registry/programmes/",
    "catalogue API (first page, no filter)": "/api/v1/programmes/",
    "catalogue page (filtered, 20 a page)": f"/registry/programmes/?{FILTERS}",
    "catalogue page (filtered, 100 a page)": f"/registry/programmes/?{FILTERS}&per_page=100",
    "catalogue API (filtered, 20 a page)": f"/api/v1/programmes/?{FILTERS}",
    "catalogue API (filtered, 100 a page)": f"/api/v1/programmes/?{FILTERS}&page_size=100",
}


def bench_providers() -> list[Provider]:
    existing = list(Provider.objects.filter(short_name__startswith="BENCH-U").order_by("pk"))
    if existing:
        return existing
    reviewer, _ = User.objects.get_or_create(email="bench-reviewer@example.ge")
    providers = Provider.objects.bulk_create(
        Provider(
            legal_name_ka=f"უნივერსიტეტი {n}",
            legal_name_en=f"University {n}",
            short_name=f"BENCH-U{n}",
            identification_code=f"{300000000 + n}",
            kind="university",
            contact_email=f"u{n}@example.ge",
        )
        for n in range(PROVIDERS)
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
    return providers


def version(programme: Programme, n: int, **fields) -> ProgrammeVersion:
    return ProgrammeVersion(
        programme=programme,
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
        **fields,
    )


def load(total: int) -> None:
    """Tops the catalogue up to `total` published programmes."""
    have = ProgrammeVersion.objects.filter(status="published").count()
    if have >= total:
        return
    started = time.perf_counter()
    providers = bench_providers()
    numbers = range(have, total)
    programmes = Programme.objects.bulk_create(
        (Programme(provider=providers[n % PROVIDERS], code=f"BENCH-{n:05d}") for n in numbers), batch_size=5_000
    )
    now = timezone.now()
    versions = ProgrammeVersion.objects.bulk_create(
        (
            version(programme, n, number=1, status="published", published_at=now)
            for n, programme in zip(numbers, programmes, strict=True)
        ),
        batch_size=5_000,
    )
    ProgrammeVersion.objects.bulk_create(
        (
            version(programme, n, number=2, status="draft")
            for n, programme in zip(numbers, programmes, strict=True)
            if n % 10 == 0
        ),
        batch_size=5_000,
    )
    ka, en = Language.objects.get(pk="ka"), Language.objects.get(pk="en")
    through = ProgrammeVersion.languages.through
    through.objects.bulk_create(
        [through(programmeversion_id=v.pk, language_id=ka.pk) for v in versions]
        + [through(programmeversion_id=v.pk, language_id=en.pk) for v in versions[::2]],
        batch_size=10_000,
    )
    LearningOutcome.objects.bulk_create(
        (
            LearningOutcome(version=v, order=o, text_ka=f"სწავლის შედეგი {o}", text_en=f"Learning outcome {o}")
            for v in versions
            for o in range(1, OUTCOMES_EACH + 1)
        ),
        batch_size=10_000,
    )
    AssessmentComponent.objects.bulk_create(
        (
            AssessmentComponent(version=v, order=c, name_ka="გამოცდა", name_en="Exam", weight=50, pass_mark=51)
            for v in versions
            for c in (1, 2)
        ),
        batch_size=10_000,
    )
    # A catalogue is read far more than it is written: autovacuum keeps its tables vacuumed and analysed, which
    # this does at once rather than whenever autovacuum would get to it during the measurement.
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")
    print(
        f"loaded {len(numbers)} programmes, {len(numbers) * OUTCOMES_EACH} outcomes "
        f"in {time.perf_counter() - started:.1f} s ({total} published in all)"
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


def first_page_plan() -> str:
    """PostgreSQL's plan of the unfiltered first page as a Georgian reader gets it (the view's query)."""
    with translation.override("ka"):
        return catalogue().order_by(*sort_order("title"))[:20].explain(analyze=True)


def main() -> None:
    client = Client(headers={"Accept-Language": "ka"})
    failed = []
    for size in SIZES:
        load(size)
        print(f"\n{size:,} published programmes, {REQUESTS} requests each; target p95 < {TARGET_MS} ms")
        print(f"{'request':42} {'median':>9} {'p95':>9} {'queries':>8}")
        for name, url in CASES.items():
            result = measure(client, url)
            verdict = "PASS" if result["p95_ms"] < TARGET_MS else "FAIL"
            if verdict == "FAIL":
                failed.append(f"{name} at {size:,}")
            print(f"{name:42} {result['median_ms']:7.1f}ms {result['p95_ms']:7.1f}ms {result['queries']:8d}  {verdict}")
    print(f"\nplan of the unfiltered first page at {SIZES[-1]:,} published programmes:")
    print(first_page_plan())
    print(f"\ntarget p95 < {TARGET_MS} ms: " + (f"FAIL ({'; '.join(failed)})" if failed else "PASS (every request)"))


if __name__ == "__main__":
    main()
