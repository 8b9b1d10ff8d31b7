"""Public verification under load, as employers use it: /verify/<code>/ against a bare Django view returning a fixed
string, both served by gunicorn (2 workers) on loopback in the same run, loaded by wrk at the same concurrency.

Two cases, the one that matters first:
- random codes: ISSUED credentials with real snapshots (copies of the demo's, each with its own learner, code and
  enrolment, in 100 programme titles), asked in a random order, each code once as long as the codes last: almost
  every request is a page no cache holds (the bench prints how many asked a code again);
- one code asked over and over: the page kept in Redis.
The issued credentials get their verification records (apps/verification/records.py) from the function the
`verification_records_rebuild` command runs (they were copied in SQL, not issued), and the bench prints what the
records cost in Redis (INFO memory before and after). Then each case at a fixed 100 requests a second (an open-loop
load generator here: a request is sent at its scheduled time whether or not the previous ones have come back, and its
latency counts from that time), p50 and p99. With 1,000,000 more credentials in PostgreSQL (loaded with SQL
generate_series, not the ORM), the lookup's query plan is printed: it must be an index lookup.
Targets: at least 0.5 of the bare view's requests a second; p99 under 50 ms at 100 requests a second.
Run with `make bench ARGS=bench/verification.py` (or scripts/bench.sh bench/verification.py)."""

import asyncio
import os
import random
import re
import subprocess
import sys
import tempfile
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
ISSUED = int(os.environ.get("BENCH_ISSUED", "50000"))  # the random-code case asks each at most once, if it can
FIXED_RATE_CODES = 3000  # kept apart for the fixed-rate run (20 s at 100 a second: 2,000 requests)
TITLES = 100
WARM = 1000
PORT = int(os.environ.get("BENCH_PORT", "8765"))
CONNECTIONS = 20
SECONDS = 15
RATE, RATE_SECONDS = 100, 20
RATIO_TARGET, P99_TARGET_MS = 0.5, 50


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


def _copy(table: str, alias: str, replaced: dict[str, str]) -> str:
    """INSERT INTO table (every column but id) SELECT the same columns of `alias`, some `replaced` by SQL."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT column_name FROM information_schema.columns WHERE table_name = %s AND column_name <> 'id' "
            "ORDER BY ordinal_position",
            [table],
        )
        columns = [row[0] for row in cursor.fetchall()]
    chosen = ", ".join(replaced.get(column, f"{alias}.{column}") for column in columns)
    return f"INSERT INTO {table} ({', '.join(columns)}) SELECT {chosen}"


def load_issued(count: int) -> list[str]:
    """`count` issued credentials in three INSERT … SELECT: each a copy of one of the demo's issued credentials
    (its signed record, real snapshot and state), with a learner and an enrolment of its own (copies of the demo
    learner's and enrolment), a new valid code and subject, the learner's first name numbered and the programme's
    title one of TITLES. The page does not read the PDF, which the copies do not have. Returns the codes."""
    from apps.certificates import codes

    with connection.cursor() as cursor:
        cursor.execute("SELECT id FROM certificates_credential WHERE status = 'issued' ORDER BY id")
        sources = [row[0] for row in cursor.fetchall()]
        new_codes: set[str] = set()
        while len(new_codes) < count:
            new_codes.add(codes.new_code())
        numbers = list(range(1, count + 1))
        rows = [numbers, sorted(new_codes), [sources[n % len(sources)] for n in numbers]]
        each = (
            " FROM unnest(%s::int[], %s::text[], %s::bigint[]) AS b(n, code, source_id)"
            " JOIN certificates_credential c ON c.id = b.source_id "
        )
        email = "'bench-learner-' || b.n || '@example.invalid'"
        cursor.execute(
            _copy("accounts_user", "u", {"email": email, "personal_number": "''"})
            + each
            + "JOIN accounts_user u ON u.id = c.learner_id",
            rows,
        )
        cursor.execute(
            _copy("enrolments_enrolment", "e", {"learner_id": "nu.id"})
            + each
            + f"JOIN enrolments_enrolment e ON e.id = c.enrolment_id JOIN accounts_user nu ON nu.email = {email}",
            rows,
        )
        snapshot = "c.snapshot"
        for path, value in [
            ("{learner,first_name_en}", "c.snapshot #>> '{learner,first_name_en}' || ' ' || b.n"),
            ("{learner,first_name_ka}", "c.snapshot #>> '{learner,first_name_ka}' || ' ' || b.n"),
            ("{title,en}", f"c.snapshot #>> '{{title,en}}' || ' ' || b.n %% {TITLES}"),
            ("{title,ka}", f"c.snapshot #>> '{{title,ka}}' || ' ' || b.n %% {TITLES}"),
        ]:
            snapshot = f"jsonb_set({snapshot}, '{path}', to_jsonb({value}))"
        replaced = {
            "code": "b.code",
            "enrolment_id": "ne.id",
            "learner_id": "nu.id",
            "subject_id": "gen_random_uuid()",
            "status_list_id": "NULL",
            "status_list_index": "NULL",
            "superseded_by_id": "NULL",
            "snapshot": snapshot,
        }
        cursor.execute(
            _copy("certificates_credential", "c", replaced)
            + each
            + f"JOIN accounts_user nu ON nu.email = {email} "
            + "JOIN enrolments_enrolment ne ON ne.learner_id = nu.id AND ne.offering_id = c.offering_id",
            rows,
        )
        cursor.execute("ANALYZE")
    return rows[1]


def records_memory(issued: list[str]) -> None:
    """The verification records (apps/verification/records.py) of the issued credentials, written by the function
    `verification_records_rebuild` runs (the bench's credentials were copied in SQL, not issued), and what they cost
    in Redis: used_memory of INFO memory before and after, and the records' own bytes."""
    from django_redis import get_redis_connection

    from apps.verification import records

    redis = get_redis_connection("default")
    before = redis.info("memory")["used_memory"]
    started = time.perf_counter()
    written = records.rebuild()
    seconds = time.perf_counter() - started
    after = redis.info("memory")["used_memory"]
    sample = [redis.get(records.record_key(code)) for code in issued[:1000]]
    own = sum(len(value) for value in sample if value) / max(1, sum(1 for value in sample if value))
    parts = sum(1 for _ in redis.scan_iter(match=f"*{records.PARTS}:*", count=1000))
    per = (after - before) / max(1, written)
    print(
        f"Verification records: {written:,} written in {seconds:.0f} s; {own:.0f} bytes a record (the value), "
        f"{per:.0f} bytes each in Redis (INFO memory: {before / 2**20:.1f} -> {after / 2**20:.1f} MiB, with "
        f"{parts} shared snapshot parts): {per * 1e6 / 2**20:,.0f} MiB per 1,000,000 credentials"
    )


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


# Each wrk thread walks its own share of the shuffled paths (thread i takes i, i + threads, …), so that no code is
# asked twice until they run out.
WRK_SCRIPT = """
local threads, count = {}, 0
function setup(thread)
  thread:set("id", count)
  count = count + 1
  table.insert(threads, thread)
end
function init(args)
  paths = {}
  for line in io.lines(args[1]) do paths[#paths + 1] = line end
  step, i = tonumber(args[2]), id
end
function request()
  local path = paths[i % #paths + 1]
  i = i + step
  return wrk.format("GET", path)
end
"""


def wrk(path: str | None = None, paths: list[str] | None = None) -> tuple[float, int]:
    """Requests a second and requests made: at one path, or at `paths` in their order."""
    command = ["wrk", "-t2", f"-c{CONNECTIONS}", f"-d{SECONDS}s", f"http://127.0.0.1:{PORT}{path or '/'}"]
    with tempfile.TemporaryDirectory() as scratch:
        if paths:
            table = Path(scratch) / "paths.txt"
            table.write_text("".join(f"{p}\n" for p in paths))
            script = Path(scratch) / "random.lua"
            script.write_text(WRK_SCRIPT)
            command += ["-s", str(script), "--", str(table), "2"]
        out = subprocess.run(command, capture_output=True, text=True, check=True).stdout
    non_2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    if non_2xx:
        raise SystemExit(f"{path}: {non_2xx.group(1)} error responses\n{out}")
    made = int(re.search(r"(\d+) requests in", out).group(1))
    return float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1)), made


async def _get(path: str) -> int:
    reader, writer = await asyncio.open_connection("127.0.0.1", PORT)
    writer.write(f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n".encode())
    await writer.drain()
    response = await reader.read()
    writer.close()
    return int(response.split(b" ", 2)[1])


async def _fixed_rate(paths: list[str]) -> tuple[list[float], float]:
    loop = asyncio.get_running_loop()
    latencies: list[float] = []
    statuses: list[int] = []

    async def one(path: str, due: float):
        await asyncio.sleep(max(0.0, due - loop.time()))
        statuses.append(await _get(path))
        latencies.append((loop.time() - due) * 1000)  # from when it was due: a late send counts against it

    start = loop.time() + 0.1
    await asyncio.gather(*(one(path, start + n / RATE) for n, path in enumerate(paths)))
    elapsed = loop.time() - start
    if any(status != 200 for status in statuses):
        raise SystemExit(f"error responses at the fixed rate: {sorted(set(statuses))}")
    return sorted(latencies), len(paths) / elapsed


def fixed_rate(paths: list[str]) -> tuple[float, float, float]:
    """p50 and p99 (ms) and the achieved rate, RATE requests a second for RATE_SECONDS, new connection each."""
    latencies, rate = asyncio.run(_fixed_rate(paths[: RATE * RATE_SECONDS]))
    return latencies[len(latencies) // 2], latencies[int(len(latencies) * 0.99)], rate


def verdict(ok: bool) -> str:
    return "PASS" if ok else "FAIL"


def main():
    from apps.certificates.models import Credential

    call_command("seed_demo", stdout=open(os.devnull, "w"))  # noqa: SIM115
    credential = Credential.objects.filter(status="issued", expires_at__isnull=True).first()
    started = time.perf_counter()
    load_filler(credential)
    filler_seconds = time.perf_counter() - started
    started = time.perf_counter()
    issued = load_issued(ISSUED)
    total = Credential.objects.count()
    print(
        f"{total:,} credentials in PostgreSQL ({FILLER:,} superseded filler rows loaded with generate_series in "
        f"{filler_seconds:.0f} s; {len(issued):,} issued ones with real snapshots, copied in "
        f"{time.perf_counter() - started:.0f} s)"
    )
    records_memory(issued)
    print("Query plan of the lookup by code:")
    plan = query_plan(issued[0])
    print("  " + plan.replace("\n", "\n  "))
    if "Index Scan" not in plan:
        raise SystemExit("The lookup is not an index scan.")
    connection.close()

    random.seed(15)
    paths = [f"/verify/{code}/" for code in issued]
    random.shuffle(paths)
    # Warm-up: other codes, enough for each worker to have met every programme title (a server that has run a while)
    warm, fixed, walked = paths[:WARM], paths[WARM : WARM + FIXED_RATE_CODES], paths[WARM + FIXED_RATE_CODES :]
    page = f"/verify/{credential.code}/"
    server = serve()
    try:
        for path in ["/bench/bare/"] * 20 + [page] * 20 + warm:  # warm both workers up
            urllib.request.urlopen(f"http://127.0.0.1:{PORT}{path}").read()
        bare, _ = wrk("/bench/bare/")
        many, made = wrk(paths=walked)
        one, _ = wrk(page)
        again = max(0, made - len(walked))
        print(f"wrk, {CONNECTIONS} connections, {SECONDS} s, gunicorn with 2 workers:")
        print(f"  bare Django view:               {bare:8.1f} requests/s")
        print(
            f"  /verify/<code>/, random codes:  {many:8.1f} requests/s  ratio {many / bare:.2f} "
            f"(target at least {RATIO_TARGET}) {verdict(many / bare >= RATIO_TARGET)}; {made:,} requests, "
            f"{again / made:.0%} asked a code again"
        )
        print(
            f"  /verify/<code>/, one code:      {one:8.1f} requests/s  ratio {one / bare:.2f} "
            f"(target at least {RATIO_TARGET}) {verdict(one / bare >= RATIO_TARGET)}"
        )
        print(f"At a fixed {RATE} requests/s for {RATE_SECONDS} s (open loop, a new connection each):")
        for label, load in (("random codes", fixed), ("one code", [page] * RATE * RATE_SECONDS)):
            p50, p99, rate = fixed_rate(load)
            print(
                f"  /verify/<code>/, {label + ':':14} p50 {p50:5.1f} ms, p99 {p99:5.1f} ms (target under "
                f"{P99_TARGET_MS} ms) {verdict(p99 < P99_TARGET_MS)}  (achieved {rate:.1f}/s)"
            )
    finally:
        server.terminate()
        server.wait(timeout=30)


if __name__ == "__main__":
    main()
