"""Public verification under load: /verify/<code>/ against a bare Django view returning a fixed string, both
served by gunicorn (2 workers) on loopback in the same run, loaded by wrk at the same concurrency; then a fixed
100 requests a second with hey for the latency percentiles. With 1,000,000 credentials in PostgreSQL (loaded
with SQL generate_series, not the ORM), the lookup's query plan is printed: it must be an index lookup.
Targets: the page at 0.5 or more of the bare view's requests a second; p99 under 50 ms at 100 requests a second.
Run with `make bench` (or scripts/bench.sh bench/verification.py)."""

import os
import re
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.bench")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402

FILLER = int(os.environ.get("BENCH_CREDENTIALS_IN_DB", "1000000"))
PORT = int(os.environ.get("BENCH_PORT", "8765"))
CONNECTIONS = 20
SECONDS = 15


def load_filler(credential) -> None:
    """FILLER more credentials in one INSERT … SELECT generate_series: superseded rows of one demo enrolment
    (so the one-live-credential constraint holds), with distinct codes and an empty snapshot."""
    with connection.cursor() as cursor:
        cursor.execute(
            """
            INSERT INTO certificates_credential
              (code, status, enrolment_id, learner_id, version_id, offering_id, provider_id, subject_id, snapshot,
               issued_at, pdf, pdf_sha256, render_error, render_attempts, revocation_reason, correction_reason,
               show_pdf, show_grade, created_at)
            SELECT upper(substr(h, 1, 5) || '-' || substr(h, 6, 5) || '-' || substr(h, 11, 5)), 'superseded',
                   %s, %s, %s, %s, %s, gen_random_uuid(), '{}'::jsonb, now() - (n || ' minutes')::interval, '',
                   h, '', 1, '', '', false, false, now()
            FROM (SELECT n, md5('filler' || n) AS h FROM generate_series(1, %s) AS n) AS filler
            """,
            [
                credential.enrolment_id,
                credential.learner_id,
                credential.version_id,
                credential.offering_id,
                credential.provider_id,
                FILLER,
            ],
        )
        cursor.execute("ANALYZE certificates_credential")


def query_plan(code: str) -> str:
    from apps.verification.checks import lookup

    return lookup(code).explain(analyze=True)


def serve():
    env = {**os.environ, "VERIFY_RATE_LIMIT": "100000000/m"}
    server = subprocess.Popen(
        [
            str(ROOT / ".venv/bin/gunicorn"),
            "config.wsgi:application",
            "--bind",
            f"127.0.0.1:{PORT}",
            "--workers",
            "2",
            "--log-level",
            "warning",
            "--env",
            "DJANGO_SETTINGS_MODULE=config.settings.bench",
        ],
        cwd=ROOT,
        env=env,
    )
    deadline = time.monotonic() + 30
    while True:
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{PORT}/bench/bare/", timeout=2)
            return server
        except OSError:
            if time.monotonic() > deadline:
                server.kill()
                raise SystemExit("gunicorn did not start") from None
            time.sleep(0.3)


def wrk(path: str) -> float:
    out = subprocess.run(
        ["wrk", "-t2", f"-c{CONNECTIONS}", f"-d{SECONDS}s", f"http://127.0.0.1:{PORT}{path}"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    non_2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    if non_2xx:
        raise SystemExit(f"{path}: {non_2xx.group(1)} error responses\n{out}")
    return float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))


def hey_p99(path: str) -> tuple[float, float, float]:
    """p50, p99 (ms) and the achieved rate at a fixed 100 requests a second (10 workers x 10 a second)."""
    out = subprocess.run(
        ["hey", "-z", "20s", "-c", "10", "-q", "10", f"http://127.0.0.1:{PORT}{path}"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    p50 = float(re.search(r"50%+ in ([\d.]+) secs", out).group(1)) * 1000
    p99 = float(re.search(r"99%+ in ([\d.]+) secs", out).group(1)) * 1000
    rate = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    return p50, p99, rate


def main():
    from apps.certificates.models import Credential

    call_command("seed_demo", stdout=open(os.devnull, "w"))  # noqa: SIM115
    credential = Credential.objects.filter(status="issued", expires_at__isnull=True).first()
    started = time.perf_counter()
    load_filler(credential)
    total = Credential.objects.count()
    print(
        f"{total:,} credentials in PostgreSQL ({FILLER:,} loaded with generate_series in "
        f"{time.perf_counter() - started:.0f} s)"
    )
    print("Query plan of the lookup by code:")
    plan = query_plan(credential.code)
    print("  " + plan.replace("\n", "\n  "))
    if "Index Scan" not in plan:
        raise SystemExit("The lookup is not an index scan.")
    connection.close()

    server = serve()
    try:
        page = f"/verify/{credential.code}/"
        for path in ("/bench/bare/", page):  # warm both workers up
            for _ in range(20):
                urllib.request.urlopen(f"http://127.0.0.1:{PORT}{path}").read()
        bare = wrk("/bench/bare/")
        verify = wrk(page)
        print(f"wrk, {CONNECTIONS} connections, {SECONDS} s, gunicorn with 2 workers:")
        print(f"  bare Django view: {bare:8.1f} requests/s")
        print(f"  /verify/<code>/:  {verify:8.1f} requests/s  ratio {verify / bare:.2f} (target at least 0.5)")
        p50, p99, rate = hey_p99(page)
        print(
            f"hey at a fixed 100 requests/s (achieved {rate:.1f}): /verify/<code>/ p50 {p50:.1f} ms, "
            f"p99 {p99:.1f} ms (target under 50 ms)"
        )
    finally:
        server.terminate()
        server.wait(timeout=30)


if __name__ == "__main__":
    main()
