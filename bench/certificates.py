"""Certificate issuance at scale, on this machine, in one run:

(a) a bare loop that renders and signs the certificate template directly in two processes (no database,
    no queue): the most this machine can do;
(b) bulk issuance of the same number of credentials through the portal: the service, Celery with two worker
    processes, Redis and PostgreSQL, until every credential is issued.

Target: (b) at least 0.85 of (a), with the worker's memory flat over the run. Reports both rates, the ratio,
and the worker's resident memory (all its processes) sampled over the run.
Run with `make bench` (or scripts/bench.sh bench/certificates.py); BENCH_CREDENTIALS sets the count (1,000)."""

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

from apps.certificates import issuing  # noqa: E402

COUNT = int(os.environ.get("BENCH_CREDENTIALS", "1000"))
PROCESSES = 2


# --- (a) the bare loop ----------------------------------------------------------------------------------------


def _bare_worker(args) -> int:
    count, identity_pk = args
    import django

    django.setup()
    from apps.certificates import codes, rendering, samples, signing
    from apps.certificates.models import SigningIdentity

    identity = SigningIdentity.objects.get(pk=identity_pk)
    snapshot = samples.sample_snapshot()
    for _ in range(count):
        code = codes.new_code()
        pdf = rendering.render_pdf(snapshot=snapshot, code=code, verify_url=f"https://example.ge/verify/{code}/")
        signing.sign_pdf(pdf, identity=identity, code=code, reason="bench")
    return count


def bare_loop(identity_pk: int) -> float:
    from django.db import connections

    connections.close_all()
    per_process = [COUNT // PROCESSES + (1 if i < COUNT % PROCESSES else 0) for i in range(PROCESSES)]
    with multiprocessing.get_context("fork").Pool(PROCESSES) as pool:
        pool.map(_bare_worker, [(1, identity_pk)] * PROCESSES)  # warm-up: imports, fonts, key
        started = time.perf_counter()
        done = sum(pool.map(_bare_worker, [(n, identity_pk) for n in per_process]))
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
            "certificates",
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
        # Warm-up, as for (a): one credential through the whole path before the clock starts.
        warm, _admin = offering_with_passed_learners(1)
        issuing.offering_bulk_issue(offering=warm, acting_user=_admin)
        while Credential.objects.filter(offering=warm, status="issued").count() < 1:
            time.sleep(0.05)

        samples = []
        started = time.perf_counter()
        issuing.offering_bulk_issue(offering=offering, acting_user=admin)
        issued = 0
        while issued < COUNT:
            time.sleep(0.5)
            issued = Credential.objects.filter(offering=offering, status="issued").count()
            samples.append((issued, tree_rss_kb(worker.pid)))
        elapsed = time.perf_counter() - started
    finally:
        worker.terminate()
        worker.wait(timeout=60)
    return COUNT / elapsed, samples


def main():
    from apps.certificates import keys

    call_command("seed_demo", stdout=open(os.devnull, "w"))  # noqa: SIM115
    identity, _created = keys.ensure_platform_identity()
    print(f"{COUNT} certificates, {PROCESSES} processes each way, on {os.cpu_count()} cores")
    rate_a = bare_loop(identity.pk)
    print(f"(a) bare render + sign loop:       {rate_a:7.2f} certificates/s")
    rate_b, samples = through_portal()
    print(f"(b) bulk issuance through portal:  {rate_b:7.2f} certificates/s")
    print(f"ratio (b)/(a): {rate_b / rate_a:.2f} (target at least 0.85)")
    memory = [(n, kb) for n, kb in samples if kb]
    if memory:
        marks = [memory[int(len(memory) * f)] for f in (0.1, 0.5) if memory] + [memory[-1]]
        print("worker memory (all processes), resident:")
        for issued, kb in marks:
            print(f"  after {issued:5d} issued: {kb / 1024:6.1f} MB")
        print(f"  peak: {max(kb for _n, kb in memory) / 1024:.1f} MB")


if __name__ == "__main__":
    main()
