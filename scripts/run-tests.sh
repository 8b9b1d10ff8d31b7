#!/usr/bin/env bash
# The whole test run: throwaway PostgreSQL and Redis on loopback, lint, migration and catalogue checks, and
# the pytest suite (unit, integration, a real Celery worker, headless Chromium). Stops the servers after.
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=.venv/bin

source scripts/services.sh
export DJANGO_SETTINGS_MODULE=config.settings.test

if [ "${CHECKS:-1}" = 1 ]; then
echo "== ruff"
"$BIN/ruff" check .
echo "== import layers"
"$BIN/lint-imports"
echo "== migrations"
"$BIN/python" manage.py makemigrations --check --dry-run
echo "== Georgian catalogue"
scripts/check-catalogue.sh
fi
"$BIN/python" manage.py compilemessages --ignore='.venv/*' -v 0
echo "== pytest"
# Two processes by default (pytest-xdist, a file at a time each: the machine has 2 cores); PYTEST_WORKERS=0 runs
# in one process, which is easier to read when a single test is being debugged.
"$BIN/pytest" -n "${PYTEST_WORKERS:-2}" --dist loadfile "$@"
