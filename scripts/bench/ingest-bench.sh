#!/usr/bin/env bash
# ingest-bench.sh [N] [RADIOGRAPHS]
# The ingest benchmark of issue 5 (ADR 0028): dcmtk storescu sends the same corpus, N (default 1,000) CT files of
# 512x512 (make-ct-batch.sh) plus RADIOGRAPHS (default 4) 2560x2048 CR radiographs of 10 MB, over 1 and over 4
# parallel associations (the corpus split round-robin, one storescu each), in the same run, into:
#   (a) the local six-node cluster (scripts/run-cluster.sh: six peake-node processes, write quorum 2, three copies);
#   (b) one peake-node alone, write quorum 1, one copy (peake.replication.copies = 1);
#   (c) Orthanc from the Debian package (default SQLite index, one copy), started with TCP_NODELAY=1;
# plus the disk's own limit, measured in the same run on the same file system: each file's bytes written to a new
# file, fsynced, renamed, the folder fsynced (what a durable store does per instance), by 1 and by 4 writers.
# Each system is started once, with empty data; an untimed warm-up batch (WARM files, default 300) goes first (JIT
# tiering, caches, connections), then
# the x1 batch and the x4 batch, each the whole corpus with UIDs of its own (an archive stores a resent instance
# once, so a second pass of the same files would measure nothing). A figure is one pass: wall time from the first
# storescu starting to the last one ending (every C-STORE answered, i.e. durable on the write quorum).
# Also reported: for (a), the time until the last third copy exists on disk (blob files counted in the six data
# folders after storescu ends; 0.1 s resolution), and for each system the bytes its processes wrote to disk
# (/proc/PID/io write_bytes, journals and indexes included) per byte ingested.
# On one machine all three copies of (a) share one disk: its ceiling is the disk's fsync rate / 3.
# Targets (issue 5): (a) >= 80% of that ceiling; (b) >= 2x Orthanc. Writes scripts/bench/results/ingest-<date>.txt.
set -euo pipefail
cd "$(dirname "$0")"
here=$PWD
source "$here/lib.sh"
repo=$(cd ../.. && pwd)
n=${1:-1000}
xrays=${2:-4}
scratch=$here/scratch/ingest
warm=${WARM:-300}
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 TCP_NODELAY=1

bash "$repo/scripts/install-deps.sh"
for tool in storescu echoscu dump2dcm python3 curl /usr/sbin/Orthanc; do
  command -v "$tool" >/dev/null || { echo "ingest-bench: $tool not found" >&2; exit 1; }
done
echo "ingest-bench: building" >&2
dotnet build "$repo/src/Peake.Node/Peake.Node.csproj" -c Release -nologo -v quiet -clp:ErrorsOnly >/dev/null
dotnet build "$repo/src/Peake.Cli/Peake.Cli.csproj" -c Release -nologo -v quiet -clp:ErrorsOnly >/dev/null
node_dll=$repo/src/Peake.Node/bin/Release/net10.0/peake-node.dll

# --- corpus ----------------------------------------------------------------------------------------------------
mkdir -p "$scratch"
# Nothing is deleted while the run measures: files deleted in the last minute make ext4 without a journal (as here)
# skip their inodes one by one in every later file creation, which slowed whichever system came next. A folder to
# be replaced is renamed into the trash instead, and the trash is emptied when the run ends.
trash=$scratch/trash
rm -rf "$trash" && mkdir -p "$trash" # retire (lib.sh) moves folders here
bash "$here/make-ct-batch.sh" "$scratch/ct" "$n"
# Radiographs: one CR file of 2560x2048 16-bit from a dump (its UIDs under the CT batch's root, so that the batch
# step below renames them too), then copies with distinct SOP Instance UIDs.
xr_stamp="$(sha256sum "$here/$(basename "$0")" | cut -c1-16) $xrays"
if [ "$(cat "$scratch/xr/.stamp" 2>/dev/null)" != "$xr_stamp" ]; then
  rm -rf "$scratch/xr" && mkdir -p "$scratch/xr"
  work=$(mktemp -d)
  python3 - "$work/xr-pixels.raw" <<'PY'
import random, sys
# Smooth gradients with noise, 12 bits stored: a radiograph's histogram, not a constant that compresses to nothing.
rnd = random.Random(7)
w, h = 2560, 2048
row = bytearray()
for x in range(w):
    v = 600 + (x * 2400) // w
    row += v.to_bytes(2, "little")
out = bytearray()
for y in range(h):
    r = bytearray(row)
    for k in range(0, len(r), 64):
        r[k] = rnd.randrange(256)
    out += r
open(sys.argv[1], "wb").write(out)
PY
  cat >"$work/xr.dump" <<'EOF'
(0002,0010) UI =LittleEndianExplicit
(0008,0016) UI =ComputedRadiographyImageStorage
(0008,0018) UI [2.25.314159265358979323846264338327950288.8.1000000]
(0008,0020) DA [20240315]
(0008,0060) CS [CR]
(0010,0010) PN [Doe^John^Q]
(0010,0020) LO [PEAKE-BENCH-0001]
(0010,0030) DA [19600101]
(0010,0040) CS [M]
(0020,000d) UI [2.25.314159265358979323846264338327950288.4]
(0020,000e) UI [2.25.314159265358979323846264338327950288.5]
(0020,0013) IS [1]
(0028,0002) US 1
(0028,0004) CS [MONOCHROME2]
(0028,0010) US 2048
(0028,0011) US 2560
(0028,0100) US 16
(0028,0101) US 12
(0028,0102) US 11
(0028,0103) US 0
(7fe0,0010) OW =xr-pixels.raw
EOF
  (cd "$work" && dump2dcm -q +l 20000000 xr.dump xr.dcm)
  python3 - "$work/xr.dcm" "$scratch/xr" "$xrays" <<'PY'
import os, sys
src, out, n = sys.argv[1], sys.argv[2], int(sys.argv[3])
data = open(src, "rb").read()
old = b"2.25.314159265358979323846264338327950288.8.1000000"
assert data.count(old) == 2
for i in range(n):
    new = b"2.25.314159265358979323846264338327950288.8.%07d" % (1000001 + i)
    open(os.path.join(out, "xr-%03d.dcm" % (i + 1)), "wb").write(data.replace(old, new))
PY
  rm -rf "$work"
  echo "$xr_stamp" >"$scratch/xr/.stamp"
fi

# batch NAME DIGIT COUNT: the first COUNT files of the corpus with every UID under the corpus root moved to a root
# of the same length ending in DIGIT (new study, series and SOP instances; byte lengths unchanged).
batch() {
  local name=$1 digit=$2 count=$3
  retire "$scratch/batch-$name" && mkdir -p "$scratch/batch-$name"
  python3 - "$scratch/batch-$name" "$digit" "$count" "$scratch"/ct/ct-*.dcm "$scratch"/xr/xr-*.dcm <<'PY'
import os, sys
out, digit, count, files = sys.argv[1], sys.argv[2].encode(), int(sys.argv[3]), sys.argv[4:]
old = b"2.25.314159265358979323846264338327950288."
new = old[:-2] + digit + b"."
# The radiographs spread through the batch, so both halves of a split send some.
xr = [f for f in files if "/xr-" in f]
ct = [f for f in files if "/xr-" not in f]
order = list(ct)
for i, f in enumerate(xr):
    order.insert((i + 1) * len(ct) // (len(xr) + 1) + i, f)
for i, f in enumerate(order[:count]):
    data = open(f, "rb").read()
    open(os.path.join(out, "%05d.dcm" % i), "wb").write(data.replace(old, new))
PY
}
total=$((n + xrays))
batch warm 1 "$warm"
batch x1 2 "$total"
batch x4 3 "$total"
files_x1=("$scratch"/batch-x1/*.dcm)
bytes=$(cat "${files_x1[@]}" | wc -c) # also warms the page cache
warm_count=$(ls "$scratch"/batch-warm | wc -l)

# --- helpers ---------------------------------------------------------------------------------------------------
# written_bytes PID...: the sum of write_bytes of /proc/PID/io (bytes these processes caused to be written to disk).
written_bytes() {
  local sum=0 pid w
  for pid in "$@"; do
    w=$(awk '/^write_bytes:/ { print $2 }' "/proc/$pid/io" 2>/dev/null || echo 0)
    sum=$((sum + ${w:-0}))
  done
  echo "$sum"
}

# send PARALLEL CALLING CALLED PORT DIR: sets sent_us, the wall time of PARALLEL storescu sending DIR's files.
send() {
  local parallel=$1 calling=$2 called=$3 port=$4 dir=$5
  local batch_files=("$dir"/*.dcm)
  : >"$scratch/storescu.log"
  timed_split_send "$parallel" "$scratch/storescu.log" batch_files -R -aet "$calling" -aec "$called" 127.0.0.1 "$port"
}

# blob_count DIR...: visible blob files (named by their SHA-256) under the folders, temporaries and quarantine aside.
blob_count() {
  find "$@" -type f -regextype posix-extended -regex '.*/[0-9a-f]{64}' -not -path '*/tmp/*' -not -path '*/quarantine/*' 2>/dev/null | wc -l
}

declare -A seconds written third
cleanup_pids=()
run_pid=""
cleanup() {
  stop_cluster
  stop_orthanc
  for pid in "${cleanup_pids[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  for pid in "${cleanup_pids[@]}"; do wait "$pid" 2>/dev/null || true; done
  rm -rf "$trash"
}
trap cleanup EXIT

# measure KIND CALLING CALLED PORT [BLOB_DIRS COPIES]: the warm-up, then the x1 and x4 batches, with the write
# bytes of $system_pids around each; with COPIES, also the time until BLOB_DIRS hold COPIES files per instance.
measure() {
  local kind=$1 calling=$2 called=$3 port=$4 blob_dirs=${5:-} copies=${6:-0} before after expected t3 p
  send 4 "$calling" "$called" "$port" "$scratch/batch-warm"
  local stored=$warm_count
  for p in 1 4; do
    sync
    before=$(written_bytes "${system_pids[@]}")
    send "$p" "$calling" "$called" "$port" "$scratch/batch-x$p"
    seconds[$kind.$p]=$(awk -v us="$sent_us" 'BEGIN { printf "%.3f", us / 1e6 }')
    stored=$((stored + total))
    if [ "$copies" -gt 0 ]; then
      # Every instance's copies visible on disk: the time after the first storescu started until the last one is.
      expected=$((stored * copies))
      local deadline=$((SECONDS + 300))
      while [ "$(blob_count $blob_dirs)" -lt "$expected" ]; do
        [ $SECONDS -lt $deadline ] || { echo "$kind x$p: $(blob_count $blob_dirs) of $expected copies after 300 s" >&2; exit 1; }
        sleep 0.1
      done
      t3=$(date +%s%N)
      third[$kind.$p]=$(awk -v a="$t3" -v b="$send_end_ns" -v us="$sent_us" 'BEGIN { printf "%.3f", (a - b) / 1e9 + us / 1e6 }')
    fi
    sync
    after=$(written_bytes "${system_pids[@]}")
    written[$kind.$p]=$((after - before))
    echo "ingest-bench: $kind x$p: ${seconds[$kind.$p]} s" >&2
  done
}

# --- disk ceiling ------------------------------------------------------------------------------------------------
ceiling() {
  retire "$scratch/fsync-$1"
  python3 - "$scratch/fsync-$1" "$1" "${files_x1[@]}" <<'PY'
import os, sys, threading, time
out, parallel, files = sys.argv[1], int(sys.argv[2]), sys.argv[3:]
os.makedirs(out)
data = [open(f, "rb").read() for f in files]
dfd = os.open(out, os.O_RDONLY)
os.fsync(dfd)
def work(k):
    for i in range(k, len(data), parallel):
        tmp = os.path.join(out, ".%d.tmp" % i)
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
        mv = memoryview(data[i])
        while mv:
            mv = mv[os.write(fd, mv):]
        os.fsync(fd)
        os.close(fd)
        os.rename(tmp, os.path.join(out, "%d" % i))
        os.fsync(dfd)
start = time.monotonic()
threads = [threading.Thread(target=work, args=(k,)) for k in range(parallel)]
for t in threads: t.start()
for t in threads: t.join()
print("%.3f" % (time.monotonic() - start))
PY
}
sync
seconds[disk.1]=$(ceiling 1)
seconds[disk.4]=$(ceiling 4)
echo "ingest-bench: disk write+fsync: ${seconds[disk.1]} s x1, ${seconds[disk.4]} s x4" >&2

# --- (a) six-node cluster ----------------------------------------------------------------------------------------
run_dir=$scratch/cluster
retire "$run_dir"
start_cluster "$run_dir" "$scratch/cluster.log"
mapfile -t system_pids <"$run_dir/pids"
# The east node on 127.0.0.1, as its hospital would; its called AE is the default PEAKE_EAST.
measure cluster POTOMAC_PACS PEAKE_EAST "$cluster_dicom_port" "$(echo "$run_dir"/*/blobs)" 3
stop_cluster

# --- (b) one node, one copy --------------------------------------------------------------------------------------
one=$scratch/one
retire "$one" && mkdir -p "$one"
(umask 077 && od -An -N32 -tx1 /dev/urandom | tr -d ' \n' >"$one/token")
rp=$(free_port) hp=$(free_port) dp=$(free_port)
dotnet "$node_dll" --site east --host 127.0.0.1 --remoting-port "$rp" --http-port "$hp" --dicom-port "$dp" \
  --data "$one/data" --db-connection "Data Source=$one/journal.db" --config-dir "$repo/cluster-config" \
  --token-file "$one/token" --write-quorum 1 --hocon 'peake.replication.copies = 1' >"$scratch/one.log" 2>&1 &
one_pid=$!
cleanup_pids+=("$one_pid")
for _ in $(seq 600); do
  echoscu -aet POTOMAC_PACS -aec PEAKE_EAST 127.0.0.1 "$dp" &>/dev/null && break
  kill -0 "$one_pid" 2>/dev/null || { echo "ingest-bench: the single node exited:" >&2; tail -n 30 "$scratch/one.log" >&2; exit 1; }
  sleep 0.5
done
system_pids=("$one_pid")
measure one POTOMAC_PACS PEAKE_EAST "$dp" "$one/data" 1
kill -TERM "$one_pid" && wait "$one_pid" 2>/dev/null || true

# --- (c) Orthanc -------------------------------------------------------------------------------------------------
orthanc=$scratch/orthanc
retire "$orthanc"
start_orthanc "$orthanc" "$scratch/orthanc.log" ingest-bench
system_pids=("$orthanc_pid")
measure orthanc POTOMAC_PACS ORTHANC "$orthanc_dicom_port"
held=$(orthanc_instances)
[ "$held" -eq $((warm_count + 2 * total)) ] || { echo "ingest-bench: Orthanc holds $held instances" >&2; exit 1; }
stop_orthanc

# --- report ------------------------------------------------------------------------------------------------------
mkdir -p "$here/results"
result=$here/results/ingest-$(date -u +%Y-%m-%d).txt
{
  echo "Ingest benchmark (issue 5), $(date -u '+%Y-%m-%d %H:%M UTC'), commit $(git -C "$repo" rev-parse --short HEAD)"
  echo "corpus: $n CT 512x512 + $xrays CR 2560x2048, explicit VR LE, $total files, $bytes bytes; sender: $(storescu --version | head -n 1 | tr -d '$'), TCP_NODELAY=1, -R"
  echo "machine: $(nproc) cores, $(sed -n 's/^model name\s*: //p' /proc/cpuinfo | head -n 1); $(df -T "$scratch" | awk 'NR == 2 { print $2 }') disk; .NET $(dotnet --version); Orthanc $(dpkg-query -W -f '${Version}' orthanc 2>/dev/null)"
  echo "each figure: one pass with fresh UIDs on a warmed system ($warm_count files first), wall time from the first storescu start to the last storescu end"
  echo "disk = write + fsync + rename + folder fsync per file of the same bytes (python), the store's own pattern without DICOM"
  echo "cluster = six peake-node processes (make run), write quorum 2, 3 copies; one = one peake-node, quorum 1, 1 copy; orthanc = Debian package, SQLite index"
  echo "third copy = time from the first storescu start until every instance's third copy is on disk; written = bytes the system's processes wrote (/proc/PID/io) per byte ingested"
  for p in 1 4; do
    echo
    echo "$p association(s):"
    awk -v n="$total" -v b="$bytes" -v p="$p" \
      -v d="${seconds[disk.$p]}" -v c="${seconds[cluster.$p]}" -v o="${seconds[one.$p]}" -v r="${seconds[orthanc.$p]}" \
      -v c3="${third[cluster.$p]}" -v cw="${written[cluster.$p]}" -v ow="${written[one.$p]}" -v rw="${written[orthanc.$p]}" 'BEGIN {
      printf "  %-28s %9s %12s %9s %11s %12s %9s\n", "system", "seconds", "instances/s", "MB/s", "x orthanc", "third copy", "written";
      row("disk write+fsync (ceiling)", d, "", ""); row("cluster (quorum 2, 3 copies)", c, c3, cw); row("one node (1 copy)", o, "", ow); row("orthanc", r, "", rw);
      ceil = b / d / 3;
      printf "  cluster ceiling (disk / 3): %.1f MB/s; cluster %.1f MB/s = %.0f%% of it (target >= 80%%): %s\n", ceil / 1e6, b / c / 1e6, 100 * (b / c) / ceil, ((b / c) >= 0.8 * ceil ? "met" : "NOT met");
      printf "  one node / orthanc: %.2fx (target >= 2x): %s; orthanc = %.0f%% of the disk rate\n", r / o, (r / o >= 2 ? "met" : "NOT met"), 100 * d / r;
    }
    function row(name, s, t, w) {
      printf "  %-28s %9.3f %12.1f %9.1f %10.2fx %12s %9s\n", name, s, n / s, b / s / 1e6, r / s, (t == "" ? "-" : sprintf("%.3f s", t)), (w == "" ? "-" : sprintf("%.2f", w / b));
    }'
  done
} | tee "$result"
echo "written to ${result#"$here"/}" >&2
