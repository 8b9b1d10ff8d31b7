#!/usr/bin/env bash
# Benchmarks under bench/, each against a throwaway PostgreSQL (and Redis) on loopback.
# Usage: scripts/bench.sh [bench/catalogue.py ...]; with no argument, every bench/*.py.
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=.venv/bin
source scripts/services.sh
export DJANGO_SETTINGS_MODULE=config.settings.bench
"$BIN/python" manage.py migrate --noinput -v 0
for bench in "${@:-bench/*.py}"; do
  for file in $bench; do
    echo "== $file"
    "$BIN/python" "$file"
  done
done
