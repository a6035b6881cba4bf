#!/usr/bin/env bash
# store-bench.sh [N] [PASSES]
# The store benchmark of issue 3: dcmtk storescu sends the same batch of N (default 1,000) CT files
# (make-ct-batch.sh) to dcmtk storescp and to `peake dicom scp`, both writing to disk on this machine, in the
# same run, over 1 and over 4 parallel associations (the batch split round-robin, one storescu each).
# Servers, each started once per configuration and warmed by an untimed pass (see best() below):
#   - storescp: its defaults (16 KB max PDU, data set re-encoded on write), --fork so 4 associations run at once;
#   - storescp +B -pdu 131072: bit-preserving write (the received bytes, as ours does) and its largest PDU;
#   - peake: the default, each instance fsynced (file, then folder) before success is answered (ADR 0014);
#   - peake --no-fsync: UNSAFE, benchmark only; storescp 3.6.7 has no option to sync, so this is like for like;
#   - storescp --ignore: receives and drops every data set, nothing written: the sender's ceiling, for reference.
# Every dcmtk peer runs with TCP_NODELAY=1 (Debian's dcmtk leaves Nagle on otherwise). The folder is emptied and
# `sync` run before each pass so one run's dirty pages are not written back during the next. A figure is the best of PASSES (default 3)
# wall times from the first storescu starting to the last one ending. Writes scripts/bench/results/store-<date>.txt.
# Target (issue 3): at least 1.5x storescp's instances/s.
set -euo pipefail
cd "$(dirname "$0")"
here=$PWD
source "$here/lib.sh"
repo=$(cd ../.. && pwd)
n=${1:-1000}
passes=${2:-3}
batch=$here/scratch/ct-$n
out=$here/scratch/store-out
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 TCP_NODELAY=1

bash "$here/make-ct-batch.sh" "$batch" "$n"
dotnet build "$repo/src/Peake.Cli/Peake.Cli.csproj" -c Release -nologo -v quiet >/dev/null
peake_dll=$repo/src/Peake.Cli/bin/Release/net10.0/peake.dll

files=("$batch"/ct-*.dcm)
bytes=$(cat "${files[@]}" | wc -c) # also warms the page cache

server_pid=""
stop_server() {
  if [ -n "$server_pid" ]; then
    kill -TERM "$server_pid" 2>/dev/null || true
    wait "$server_pid" 2>/dev/null || true
    server_pid=""
  fi
}
trap 'stop_server; rm -rf "$out"' EXIT

# start_server KIND PORT: KIND is storescp, storescp-bp, peake or peake-nofsync; the server writes into $out.
start_server() {
  local kind=$1 port=$2
  case $kind in
    storescp) storescp --fork -aet BENCH -od "$out" "$port" &>"$here/scratch/server.log" & ;;
    storescp-ignore) storescp --fork -aet BENCH --ignore -pdu 131072 -od "$out" "$port" &>"$here/scratch/server.log" & ;;
    storescp-bp) storescp --fork -aet BENCH +B -pdu 131072 -od "$out" "$port" &>"$here/scratch/server.log" & ;;
    peake) dotnet "$peake_dll" dicom scp --bind 127.0.0.1 --port "$port" --dir "$out" --aet BENCH --accept-any-calling-ae &>"$here/scratch/server.log" & ;;
    peake-nofsync) dotnet "$peake_dll" dicom scp --bind 127.0.0.1 --port "$port" --dir "$out" --aet BENCH --accept-any-calling-ae --no-fsync &>"$here/scratch/server.log" & ;;
  esac
  server_pid=$!
  for _ in $(seq 200); do
    if echoscu -aec BENCH 127.0.0.1 "$port" &>/dev/null; then return 0; fi
    sleep 0.1
  done
  echo "$kind did not answer C-ECHO on port $port:" >&2
  cat "$here/scratch/server.log" >&2
  exit 1
}

# send PARALLEL PORT: sets sent_us to the wall time in microseconds of PARALLEL storescu processes sending the batch.
send() {
  timed_split_send "$1" "$here/scratch/storescu.log" files -aec BENCH 127.0.0.1 "$2"
}

# best KIND PARALLEL: sets best_seconds to the best wall time of $passes passes, each checked to have stored all N
# instances. One server process per KIND and PARALLEL, warmed by one untimed pass (an archive runs for months: .NET's
# JIT and tiered compilation, dcmtk's page faults and both sides' caches are not what is measured); the folder is
# emptied and `sync` run before every pass. Runs in this shell (not a $(...) subshell) so the EXIT trap can stop a
# server a failure leaves running.
best() {
  local kind=$1 parallel=$2 best="" stored port
  rm -rf "$out" && mkdir -p "$out"
  port=$(free_port)
  start_server "$kind" "$port"
  send "$parallel" "$port"
  for ((pass = 0; pass < passes; pass++)); do
    find "$out" -maxdepth 1 -type f -delete && : >"$here/scratch/storescu.log"
    sync
    send "$parallel" "$port"
    stored=$(find "$out" -maxdepth 1 -type f ! -name '.*' | wc -l)
    if [ "$kind" = storescp-ignore ]; then stored=$n; fi
    if [ "$stored" -ne "$n" ]; then
      echo "$kind x$parallel stored $stored of $n instances" >&2
      exit 1
    fi
    if [ -z "$best" ] || [ "$sent_us" -lt "$best" ]; then best=$sent_us; fi
  done
  stop_server
  best_seconds=$(awk -v us="$best" 'BEGIN { printf "%.3f", us / 1e6 }')
}

declare -A seconds
for parallel in 1 4; do
  for kind in storescp-ignore storescp storescp-bp peake peake-nofsync; do
    best "$kind" "$parallel"
    seconds[$kind.$parallel]=$best_seconds
    echo "$kind x$parallel: ${seconds[$kind.$parallel]} s" >&2
  done
done

mkdir -p "$here/results"
result=$here/results/store-$(date -u +%Y-%m-%d).txt
{
  echo "Store benchmark, $(date -u '+%Y-%m-%d %H:%M UTC')"
  echo "batch: $n CT files, 512x512 16-bit, explicit VR LE, $((bytes / n)) bytes each, $bytes bytes in all; sender: $(storescu --version | head -n 1 | tr -d '$'), TCP_NODELAY=1"
  echo "machine: $(nproc) cores, $(sed -n 's/^model name\s*: //p' /proc/cpuinfo | head -n 1); $(df -T "$here/scratch" | awk 'NR == 2 { print $2 }') disk; .NET $(dotnet --version)"
  echo "each figure: best of $passes passes after one untimed warm-up pass on the same server process, wall time from the first storescu start to the last storescu end; servers write to disk"
  echo "storescp = defaults (--fork, 16 KB PDU, re-encodes); storescp +B = bit-preserving, -pdu 131072; peake = fsync of file and folder per instance; peake --no-fsync = unsafe, benchmark only"
  echo "storescp --ignore stores nothing: the most storescu can send on this machine, a ceiling for every server"
  echo "fair comparison: peake --no-fsync vs storescp (storescp 3.6.7 cannot fsync); peake (fsync) is what a hospital runs"
  for parallel in 1 4; do
    echo
    echo "$parallel association(s):"
    awk -v n="$n" -v b="$bytes" -v p="$parallel" \
      -v s1="${seconds[storescp.$parallel]}" -v s2="${seconds[storescp-bp.$parallel]}" \
      -v s3="${seconds[peake.$parallel]}" -v s4="${seconds[peake-nofsync.$parallel]}" -v s0="${seconds[storescp-ignore.$parallel]}" 'BEGIN {
      printf "  %-26s %9s %12s %9s %12s %14s\n", "server", "seconds", "instances/s", "MB/s", "x storescp", "x storescp +B";
      row("storescp", s1); row("storescp +B", s2); row("peake (fsync)", s3); row("peake --no-fsync", s4);
      row("storescp --ignore (ceiling)", s0);
      printf "  target (>= 1.5x storescp instances/s): peake (fsync) %s (%.2fx), peake --no-fsync %s (%.2fx)\n", (s1 / s3 >= 1.5 ? "met" : "NOT met"), s1 / s3, (s1 / s4 >= 1.5 ? "met" : "NOT met"), s1 / s4;
    }
    function row(name, s) { printf "  %-26s %9.3f %12.1f %9.1f %11.2fx %13.2fx\n", name, s, n / s, b / s / 1e6, s1 / s, s2 / s }'
  done
} | tee "$result"
echo "written to ${result#"$here"/}" >&2
