#!/usr/bin/env bash
# Installs the Debian packages that deps/debian-packages.txt lists for the given targets, only those missing.
# Usage: scripts/debian-deps.sh run [test]
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
wanted=("$@")
missing=()
while read -r pkg targets; do
  case "$pkg" in ''|'#'*) continue ;; esac
  for t in $targets; do
    for w in "${wanted[@]}"; do
      if [ "$t" = "$w" ]; then
        dpkg -s "$pkg" >/dev/null 2>&1 || missing+=("$pkg")
        continue 3
      fi
    done
  done
done < "$here/deps/debian-packages.txt"

[ ${#missing[@]} -eq 0 ] && exit 0
echo "Installing Debian packages: ${missing[*]}"
sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo"
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
$sudo apt-get install -y -qq "${missing[@]}"
