#!/usr/bin/env bash
# Installs, idempotently, the system tools the tests and benchmarks use as real peers.
# Safe to run again: it does nothing when everything is present.
set -euo pipefail

need=()
command -v dcmdump >/dev/null 2>&1 || need+=(dcmtk)
# scripts/corpus/gen.py and scripts/bench/make-ct-batch.sh: Python with its CJK codecs (not in python3-minimal).
python3 -c 'import _codecs_jp, _codecs_kr, _codecs_cn' >/dev/null 2>&1 || need+=(python3)
# The real-world corpus of the acceptance tests: pydicom's test files (many vendors, decades, damaged files too).
[ -d /usr/lib/python3/dist-packages/pydicom/data/test_files ] || need+=(python3-pydicom)

if [ ${#need[@]} -eq 0 ]; then
  exit 0
fi

if [ "$(id -u)" -ne 0 ]; then
  SUDO=sudo
else
  SUDO=
fi
echo "install-deps: installing ${need[*]}" >&2
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
