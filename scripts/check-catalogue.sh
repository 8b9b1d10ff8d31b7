#!/usr/bin/env bash
# Fails unless every Georgian catalogue of the project is complete: no untranslated and no fuzzy entries.
set -euo pipefail
cd "$(dirname "$0")/.."
status=0
for po in locale/ka/LC_MESSAGES/*.po; do
  stats=$(msgfmt --check --statistics -o /dev/null "$po" 2>&1)
  case "$stats" in
    *untranslated*|*fuzzy*|*error*) echo "Incomplete Georgian catalogue $po: $stats"; status=1 ;;
    *) echo "$po: $stats" ;;
  esac
done
exit $status
