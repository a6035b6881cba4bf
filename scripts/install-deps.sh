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
# Orthanc as a third-party PACS peer of the interop tests; the tests start their own process on loopback, so the
# Debian service (system-wide, port 4242/8042) must neither start now nor be needed later.
[ -x /usr/sbin/Orthanc ] || need+=(orthanc)
# PostgreSQL server binaries for the journal on real clusters; tests and `make run DB=postgres` start a private
# instance with scripts/postgres.sh, so the Debian service (system-wide, port 5432) stays stopped like orthanc.
compgen -G '/usr/lib/postgresql/*/bin/pg_ctl' >/dev/null || need+=(postgresql)
# DICOMweb interop: the npm dicomweb-client package run by node (its lock file is in tests/Peake.DicomWeb.Tests), and
# curl for the HTTP tests and the benchmarks' status calls.
command -v node >/dev/null 2>&1 || need+=(nodejs)
command -v npm >/dev/null 2>&1 || need+=(npm)
command -v curl >/dev/null 2>&1 || need+=(curl)

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

# Keep maintainer scripts from starting services (invoke-rc.d honours policy-rc.d: exit 101 = action forbidden).
# Only a policy we put there is removed again; a container's own policy-rc.d is left as it was.
policy=/usr/sbin/policy-rc.d
ours=
if [ ! -e "$policy" ]; then
  printf '#!/bin/sh\nexit 101\n' | $SUDO tee "$policy" >/dev/null
  $SUDO chmod 755 "$policy"
  ours=1
fi
cleanup() { if [ -n "$ours" ]; then $SUDO rm -f "$policy"; fi; }
trap cleanup EXIT

$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null

# Where systemd does run, the package enables and starts orthanc.service anyway: stop and disable it, the tests
# need the ports free and a system index they don't share. Without systemd, stop a daemon the init script started
# despite the policy (its pid file says so).
if [[ " ${need[*]} " == *" orthanc "* ]]; then
  if [ -d /run/systemd/system ]; then
    $SUDO systemctl disable --now orthanc.service >/dev/null 2>&1 || true
  elif [ -e /run/orthanc.pid ]; then
    $SUDO /etc/init.d/orthanc stop >/dev/null 2>&1 || true
  fi
fi

# The package creates a "main" cluster and would start it; the policy above blocks that without systemd. Stop any
# that runs anyway (systemd, or a policy-rc.d that was not ours): the private instances need no system one.
if [[ " ${need[*]} " == *" postgresql "* ]]; then
  if [ -d /run/systemd/system ]; then
    $SUDO systemctl disable --now postgresql.service >/dev/null 2>&1 || true
  fi
  if command -v pg_lsclusters >/dev/null 2>&1; then
    pg_lsclusters --no-header 2>/dev/null | awk '$4 == "online" { print $1, $2 }' | while read -r version cluster; do
      $SUDO pg_ctlcluster "$version" "$cluster" stop >/dev/null 2>&1 || true
    done
  fi
fi
