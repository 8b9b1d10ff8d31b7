"""The embedded default, as `make run` starts it: SQLite, no Redis, no worker (certificate work in a thread of the web
process). The rest of the suite runs on PostgreSQL and Redis; this runs the portal's own commands against a fresh
SQLite database in a child process and asks its public pages what a first visitor asks, so that a path that only
works on PostgreSQL (a driver's row types, say) is caught before a person running `make run` finds it."""

import os
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

VISIT = r"""
import sys
import django

django.setup()
from django.test import Client

client = Client(HTTP_HOST="127.0.0.1")
for path in sys.argv[1:]:
    response = client.get(path, HTTP_ACCEPT_LANGUAGE="en")
    body = response.content.decode()
    verdict = ""
    if "/verify/" in path:
        found = __import__("re").search(r"<h1[^>]*>(.*?)</h1>", body, __import__("re").S)
        verdict = __import__("re").sub(r"<[^>]+>|\s+", " ", found.group(1)).strip() if found else ""
    print(path, response.status_code, verdict)
"""


def run(args, env, timeout=300):
    return subprocess.run(args, cwd=ROOT, env=env, capture_output=True, text=True, timeout=timeout, check=True)


def test_make_runs_portal_on_sqlite_answers_the_verification_of_every_demo_certificate(tmp_path):
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in ("DATABASE_URL", "REDIS_URL") and not key.startswith("PYTEST")
    }
    env.update(
        DJANGO_SETTINGS_MODULE="config.settings.dev",
        DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}",
        SIGNING_KEYS_DIR=str(tmp_path / "keys"),
        DJANGO_MEDIA_ROOT=str(tmp_path / "media"),
        DJANGO_PRIVATE_MEDIA_ROOT=str(tmp_path / "private"),
    )
    manage = [sys.executable, "manage.py"]
    run([*manage, "migrate", "--noinput", "-v", "0"], env)
    run([*manage, "signing_setup"], env)
    seeded = run([*manage, "seed_demo"], env).stdout
    states = dict(re.findall(r"([0-9A-Z]{5}-[0-9A-Z]{5}-[0-9A-Z]{5})\s+([a-z]+)\s", seeded))
    assert {"issued", "revoked", "superseded", "expired"} <= set(states.values()), seeded

    paths = ["/", "/registry/programmes/", *(f"/verify/{code}/" for code in states), "/verify/00000-00000-00000/"]
    answers = run([sys.executable, "-c", VISIT, *paths], env).stdout.splitlines()
    by_path = {line.split(" ", 1)[0]: line.split(" ", 2)[1:] for line in answers}
    assert by_path["/"][0] == "200" and by_path["/registry/programmes/"][0] == "200"
    shown = {"issued": "Valid", "revoked": "Revoked", "superseded": "Replaced", "expired": "Expired"}
    for code, state in states.items():
        status, verdict = by_path[f"/verify/{code}/"]
        assert status == "200", (code, state, answers)
        assert shown[state] in verdict, (code, state, verdict)
    assert by_path["/verify/00000-00000-00000/"][0] == "404"
