#!/usr/bin/env bash
# Runs every test project in a known order (fast unit tests first, then interop against dcmtk)
# and ends with one line "N passed, N failed": the totals over all projects.
set -uo pipefail
cd "$(dirname "$0")/.."

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
# Debian's dcmtk leaves Nagle on unless told otherwise.
export TCP_NODELAY=1

projects=(
  tests/Peake.Dicom.Tests
  tests/Peake.Dicom.Network.Tests
  tests/Peake.Cluster.Tests
  tests/Peake.Storage.Tests
  tests/Peake.Transfer.Tests
  tests/Peake.Replication.Tests
  tests/Peake.Retrieval.Tests
  tests/Peake.Ingest.Tests
  tests/Peake.Query.Tests
  tests/Peake.DicomWeb.Tests
  tests/Peake.Node.Tests
  tests/Peake.Cli.Tests
  tests/Peake.Dicom.Interop.Tests
)

log_dir=$(mktemp -d)
trap 'rm -rf "$log_dir"' EXIT
passed=0 failed=0 status=0

if ! dotnet build PeakeCluster.sln -c Release -nologo -v quiet; then
  echo "build failed"
  echo "0 passed, 1 failed"
  exit 1
fi

for p in "${projects[@]}"; do
  name=$(basename "$p")
  log="$log_dir/$name.log"
  echo "== $name"
  dotnet test "$p" -c Release --no-build -nologo 2>&1 | tee "$log"
  rc=${PIPESTATUS[0]}
  # vstest prints: "Passed!  - Failed:     0, Passed:    12, Skipped:     0, Total:    12, ..."
  line=$(grep -E '(Passed|Failed)! +- Failed: ' "$log" | tail -n 1)
  if [ -n "$line" ]; then
    f=$(sed -E 's/.*Failed: +([0-9]+),.*/\1/' <<<"$line")
    s=$(sed -E 's/.*Passed: +([0-9]+),.*/\1/' <<<"$line")
    passed=$((passed + s)); failed=$((failed + f))
  elif [ "$rc" -ne 0 ]; then
    failed=$((failed + 1))
  fi
  [ "$rc" -ne 0 ] && status=1
done

echo "$passed passed, $failed failed"
exit $status
