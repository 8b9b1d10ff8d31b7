"""Certificate issuance at scale, on this machine, in one run:

(r) the reference (bench/reference.py, unchanged from run to run): WeasyPrint lays out a one-page bilingual A4
    page with the certificate's fonts and pyHanko signs it, in two processes, no database, no queue; measured
    before and after (b), since a shared machine's speed moves over ten minutes;
(b) bulk issuance through the portal, as a provider's "Issue all" starts it: the service, Celery on Redis with
    two worker processes that render both pages, sign, check the signature, store the file and issue each
    credential in PostgreSQL, until all are issued.

Targets (issue 15): (b) at 21 certificates a second or more (10,000 in under 8 minutes on 2 cores), at least
0.35 of (r); the worker's memory flat: never more than 5 % above its value after the first 500 (reported at 500,
5,000 and 10,000).
Run with `make bench` (or scripts/bench.sh bench/certificates.py); BENCH_CREDENTIALS sets the count (10,000),
BENCH_REFERENCE_PAGES the reference's (400)."""

import multiprocessing
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.bench")
_files = Path(tempfile.mkdtemp(prefix="microcred-bench-"))
os.environ.setdefault("SIGNING_KEYS_DIR", str(_files / "keys"))
os.environ.setdefault("DJANGO_PRIVATE_MEDIA_ROOT", str(_files / "private"))
os.environ.setdefault("DJANGO_MEDIA_ROOT", str(_files / "media"))

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.utils import timezone  # noqa: E402

from apps.certificates import bulk_issuing  # noqa: E402

COUNT = int(os.environ.get("BENCH_CREDENTIALS", "10000"))
REFERENCE_PAGES = int(os.environ.get("BENCH_REFERENCE_PAGES", "400"))
PROCESSES = 2
MEMORY_MARKS = (500, 5_000, 10_000)
TARGET_RATE, TARGET_RATIO, MEMORY_DRIFT = 21.0, 0.35, 0.05


# --- (r) the reference ---------------------------------------------------------------------------------------


def _reference_worker(args) -> int:
    count, identity_pk = args
    import django

    django.setup()
    from apps.certificates import signing
    from apps.certificates.models import SigningIdentity
    from bench.reference import reference_loop

    return reference_loop(count, signing.signer_for(SigningIdentity.objects.get(pk=identity_pk)))


def reference_rate(identity_pk: int) -> float:
    """Pages a second, laid out and signed, by PROCESSES processes."""
    from django.db import connections

    connections.close_all()
    per_process = [REFERENCE_PAGES // PROCESSES] * PROCESSES
    with multiprocessing.get_context("fork").Pool(PROCESSES) as pool:
        pool.map(_reference_worker, [(2, identity_pk)] * PROCESSES)  # warm-up: imports, fonts, key
        started = time.perf_counter()
        done = sum(pool.map(_reference_worker, [(n, identity_pk) for n in per_process]))
        elapsed = time.perf_counter() - started
    return done / elapsed


# --- (b) through the portal -----------------------------------------------------------------------------------


def offering_with_passed_learners(count: int):
    """A finalised offering of a demo programme with `count` learners who passed (rows made in bulk)."""
    from decimal import Decimal

    from apps.accounts.models import User
    from apps.assessments.models import AssessmentResult
    from apps.enrolments.models import Enrolment, Offering
    from apps.programmes.models import ProgrammeVersion

    version = ProgrammeVersion.objects.get(programme__code="MC-NET-01", status="published")
    admin = version.programme.provider.memberships.get(role="admin").user
    today = timezone.localdate()
    offering = Offering.objects.create(
        version=version,
        start_date=today - timezone.timedelta(days=90),
        end_date=today - timezone.timedelta(days=10),
        enrolment_opens=today - timezone.timedelta(days=120),
        enrolment_closes=today - timezone.timedelta(days=91),
        capacity=count,
        language_id="ka",
        participation_mode=version.participation_mode or "online",
        credential_issuance="approval",
        results_finalised_at=timezone.now(),
    )
    stamp = time.time_ns()
    learners = User.objects.bulk_create(
        User(
            email=f"bench-{stamp}-{n}@example.ge",
            first_name_ka="ნინო",
            last_name_ka="ბერიძე",
            first_name_en="Nino",
            last_name_en="Beridze",
        )
        for n in range(count)
    )
    enrolments = Enrolment.objects.bulk_create(
        Enrolment(
            learner=learner,
            offering=offering,
            status="completed",
            source="invitation",
            funding_source="self",
            completed_at=timezone.now(),
        )
        for learner in learners
    )
    components = list(version.components.all())
    AssessmentResult.objects.bulk_create(
        AssessmentResult(enrolment=e, component=c, score=Decimal(88)) for e in enrolments for c in components
    )
    return offering, admin


def tree_rss_kb(pid: int) -> int:
    """Resident memory of a process and its children (the prefork pool), in KB."""
    pids = [pid]
    try:
        children = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
    except OSError:
        children = []
    pids += [int(c) for c in children]
    total = 0
    for p in pids:
        try:
            for line in Path(f"/proc/{p}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1])
        except OSError:
            pass
    return total


def through_portal() -> tuple[float, list[tuple[int, int]]]:
    from apps.certificates.models import Credential
    from config.celery import app

    offering, admin = offering_with_passed_learners(COUNT)
    worker = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "config",
            "--quiet",
            "worker",
            "--queues",
            "celery,certificates",
            "--concurrency",
            str(PROCESSES),
            "--loglevel",
            "error",
            "--without-mingle",
            "--without-gossip",
        ],
        cwd=ROOT,
        env=os.environ.copy(),
    )
    try:
        deadline = time.monotonic() + 60
        while not app.control.ping(timeout=1):
            if time.monotonic() > deadline:
                raise SystemExit("The worker did not start.")
        # Warm-up, as for (r): one credential through the whole path before the clock starts.
        warm, _admin = offering_with_passed_learners(1)
        bulk_issuing.offering_bulk_issue(offering=warm, acting_user=_admin)
        while Credential.objects.filter(offering=warm, status="issued").count() < 1:
            time.sleep(0.05)

        samples = []
        started = time.perf_counter()
        bulk_issuing.offering_bulk_issue(offering=offering, acting_user=admin)
        issued, progress_at = 0, time.monotonic()
        while issued < COUNT:
            time.sleep(0.5)
            now_issued = Credential.objects.filter(offering=offering, status="issued").count()
            if now_issued > issued:
                progress_at = time.monotonic()
            elif time.monotonic() - progress_at > 120:
                failing = Credential.objects.filter(offering=offering).exclude(render_error="").first()
                raise SystemExit(
                    f"No progress for 2 minutes at {issued} issued; an error: {failing and failing.render_error}"
                )
            issued = now_issued
            samples.append((issued, tree_rss_kb(worker.pid)))
        elapsed = time.perf_counter() - started
    finally:
        worker.terminate()
        worker.wait(timeout=60)
    return COUNT / elapsed, samples


def memory_at(samples: list[tuple[int, int]], mark: int) -> int | None:
    """The worker's resident memory (KB) at the first sample with at least `mark` certificates issued."""
    return next((kb for issued, kb in samples if issued >= mark and kb), None)


def verdict(ok: bool) -> str:
    return "PASS" if ok else "FAIL"


def main():
    from apps.certificates import keys

    call_command("seed_demo", stdout=open(os.devnull, "w"))  # noqa: SIM115
    identity, _created = keys.ensure_platform_identity()
    print(f"{COUNT:,} certificates, {PROCESSES} processes each way, on {os.cpu_count()} cores")
    before = reference_rate(identity.pk)
    print(f"(r) reference, one-page A4 laid out + signed: {before:6.2f} pages/s (before)")
    rate, samples = through_portal()
    after = reference_rate(identity.pk)
    reference = (before + after) / 2
    print(f"(r) reference, one-page A4 laid out + signed: {after:6.2f} pages/s (after); mean {reference:.2f}")
    minutes = COUNT / rate / 60
    print(
        f"(b) bulk issuance through the portal:        {rate:6.2f} certificates/s, {COUNT:,} in {minutes:.1f} min "
        f"(target {TARGET_RATE:.0f}/s) {verdict(rate >= TARGET_RATE)}"
    )
    ratio = rate / reference
    print(f"ratio (b)/(r): {ratio:.2f} (target at least {TARGET_RATIO}) {verdict(ratio >= TARGET_RATIO)}")
    first = memory_at(samples, MEMORY_MARKS[0])
    if first:
        print("worker memory (all its processes), resident:")
        for mark in MEMORY_MARKS:
            kb = memory_at(samples, mark)
            if kb is None:
                continue
            drift = kb / first - 1
            print(f"  at {mark:6,} issued: {kb / 1024:6.1f} MB ({drift:+.1%} of the value at {MEMORY_MARKS[0]})")
        peak = max(kb for _n, kb in samples if kb)
        # Growth is what matters: a worker process replaced (CELERY_WORKER_MAX_TASKS_PER_CHILD) starts lower again.
        flat = all(kb / first - 1 <= MEMORY_DRIFT for issued, kb in samples if kb and issued >= MEMORY_MARKS[0])
        print(
            f"  peak: {peak / 1024:.1f} MB; never more than {MEMORY_DRIFT:.0%} above the value at {MEMORY_MARKS[0]}: "
            f"{verdict(flat)}"
        )


if __name__ == "__main__":
    main()
