#!/usr/bin/env bash
# query-bench.sh [N] | query-bench.sh SIZE... N
# The query and retrieve benchmark of issue 6 (ADR 0036). One metadata corpus (QueryCorpus: patients with distinct
# names, 1-5 studies each, series, 16x16 instances; N instances, default 100,000) is loaded, in the same run, into
#   (a) the local six-node cluster (scripts/run-cluster.sh, as `make run`), a sixth of the patients sent by a hospital
#       of each site to its own site's node, six storescu at once;
#   (b) Orthanc from the Debian package (default SQLite index), TCP_NODELAY=1, by the same six storescu.
# In stages: the first SIZE instances (default N/10) are loaded and measured, then the next sizes, up to N, each
# measured again: the same queries at growing sizes show whether latency stays flat as the archive grows. With
# DEADLINE (a time `date -d` reads, e.g. "07:40 UTC"), a stage that would, at the cluster's load rate so far, leave
# too little time before it for Orthanc's half is skipped with the ones after it, and the results say so.
# Measured at each size, from POTOMAC_PACS to the east node (127.0.0.1) and to Orthanc, QUERIES (default 300)
# rounds after WARM (default 30) untimed ones, each round one process of each, back to back so that load from
# elsewhere falls on all alike: echoscu (the floor: dcmtk start-up, association, one round trip), findscu at STUDY
# level by PatientID, findscu by PatientName wildcard (the first three letters of a patient's surname and '*', e.g.
# SMI*), plus echoscu and findscu against a closed port (each tool's own start-up) and, for the cluster, the
# PatientID query as QIDO-RS. Each key is a patient of the first stage, so PatientID answers are the same at every
# size; every query must get as many answers from the cluster as from Orthanc. Figures: median and p95 of each, and
# "above the floor" = the percentile minus the median C-ECHO.
# Then a 300-instance CT series of 512x512 (make-ct-batch.sh) is stored from POTOMAC_PACS and retrieved PASSES times
# (default 3) with getscu (C-GET) and with movescu to a dcmtk storescp (C-MOVE; POTOMAC_PACS's host and port point at
# it: for the cluster in a copy of cluster-config, for Orthanc in DicomModalities), both writing bit-preserving with
# 128 KiB PDUs: MB/s = the series' file bytes / the retrieving process's wall time, median of the passes.
# Targets (issue 6): p95 above the floor <= half of Orthanc's; retrieval >= 1.5x Orthanc's MB/s; flat from 100,000 to
# 1,000,000 instances. Writes scripts/bench/results/query-<date>.txt. Every process it starts is stopped on exit.
set -euo pipefail
cd "$(dirname "$0")"
here=$PWD
source "$here/lib.sh"
repo=$(cd ../.. && pwd)
if [ $# -le 1 ]; then sizes=($((${1:-100000} / 10)) "${1:-100000}"); else sizes=("$@"); fi
queries=${QUERIES:-300}
warm=${WARM:-30}
passes=${PASSES:-3}
probes=${PROBES:-100}
series_size=300
scratch=$here/scratch/query
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 TCP_NODELAY=1 LC_ALL=C
previous=0
for size in "${sizes[@]}"; do
  if ! [[ $size =~ ^[1-9][0-9]*$ ]] || [ "$size" -le "$previous" ]; then
    echo "usage: $0 [N]   or   $0 SIZE... N   (increasing instance counts; one N means N/10 and N)" >&2
    exit 2
  fi
  previous=$size
done
n=${sizes[-1]}
deadline=""
if [ -n "${DEADLINE:-}" ]; then deadline=$(date -d "$DEADLINE" +%s); fi

bash "$repo/scripts/install-deps.sh"
for tool in storescu echoscu findscu getscu movescu storescp python3 curl /usr/sbin/Orthanc; do
  command -v "$tool" >/dev/null || { echo "query-bench: $tool not found" >&2; exit 1; }
done
echo "query-bench: building" >&2
for project in src/Peake.Node/Peake.Node.csproj src/Peake.Cli/Peake.Cli.csproj scripts/bench/QueryCorpus/QueryCorpus.csproj; do
  dotnet build "$repo/$project" -c Release -nologo -v quiet -clp:ErrorsOnly >/dev/null
done

# --- cleanup -----------------------------------------------------------------------------------------------------
mkdir -p "$scratch"
trash=$scratch/trash # nothing is deleted while measuring (ADR 0028); retired folders go here, emptied at the end
rm -rf "$trash" && mkdir -p "$trash"
storescp_pid=""
cleanup() {
  stop_cluster
  stop_orthanc
  if [ -n "$storescp_pid" ]; then kill -TERM "$storescp_pid" 2>/dev/null || true; wait "$storescp_pid" 2>/dev/null || true; fi
  rm -rf "$trash"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# The senders, one storescu per site at once: part i of each stage goes from the first hospital of the i-th site of
# sites.conf to that site's node (run-cluster.sh puts site i on 127.0.0.(i+1)).
mapfile -t sites < <(sed -nE 's/^[[:space:]]*\{ name = "([a-z0-9-]+)", latitude.*/\1/p' "$repo/cluster-config/sites.conf")
mapfile -t senders < <(awk '/\{ name = "[^"]+", latitude/ { want = 1 }
  want && /ae-title = / { match($0, /ae-title = "[^"]+"/); print substr($0, RSTART + 12, RLENGTH - 13); want = 0 }' "$repo/cluster-config/sites.conf")
calling=POTOMAC_PACS # the hospital that queries and retrieves (east)
parallel=${#sites[@]}
[ "${senders[0]}" = "$calling" ] || { echo "query-bench: $calling is not the first hospital of sites.conf" >&2; exit 1; }

# --- corpus ------------------------------------------------------------------------------------------------------
sizes_csv=$(IFS=,; echo "${sizes[*]}")
corpus=$scratch/corpus-${sizes_csv//,/-}
stamp="$(cat "$here"/QueryCorpus/*.cs "$here"/QueryCorpus/*.csproj | sha256sum | cut -c1-16) $sizes_csv $parallel"
if [ "$(cat "$corpus/.stamp" 2>/dev/null)" != "$stamp" ]; then
  echo "query-bench: writing the corpus ($n instances)" >&2
  retire "$corpus" && mkdir -p "$corpus"
  dotnet "$here/QueryCorpus/bin/Release/net10.0/QueryCorpus.dll" "$corpus" "$sizes_csv" "$parallel" >/dev/null
  echo "$stamp" >"$corpus/.stamp"
fi
bash "$here/make-ct-batch.sh" "$scratch/ct" "$series_size"
ct_files=("$scratch"/ct/ct-*.dcm)
ct_bytes=$(cat "${ct_files[@]}" | wc -c)
ct_study=$(sed -nE 's/^\(0020,000d\) UI \[(.*)\]$/\1/p' "$here/ct-template.dump")
ct_series=$(sed -nE 's/^\(0020,000e\) UI \[(.*)\]$/\1/p' "$here/ct-template.dump")

# The keys: WARM + QUERIES patients of the first stage, drawn once (fixed seed); the same keys for both systems and
# every size. A line: PatientID, then the surname's first three letters and '*'.
python3 - "$corpus/patients.tsv" "$((warm + queries))" >"$scratch/keys.tsv" <<'PY'
import random, sys
rows = [line.rstrip("\n").split("\t") for line in open(sys.argv[1])]
first = [r for r in rows if r[0] == "1"]
for stage, part, pid, name, studies in random.Random(6).choices(first, k=int(sys.argv[2])):
    print("%s\t%s*" % (pid, name.split("^")[0][:3]))
PY
mapfile -t key_ids < <(cut -f1 "$scratch/keys.tsv")
mapfile -t key_names < <(cut -f2 "$scratch/keys.tsv")

# --- measurements ------------------------------------------------------------------------------------------------
declare -A load_seconds load_visible load_resent retrieve query_seconds
results=$scratch/times
retire "$results" && mkdir -p "$results"

# load_stage SYSTEM STAGE: sends stage STAGE's PARALLEL parts at once, part i from senders[i] to node i (the cluster)
# or to Orthanc; sets load_seconds[SYSTEM.STAGE] (first storescu start to last end). A part whose storescu failed or
# reported a refused store is sent again whole, as a hospital's PACS would resend (what was stored is a duplicate,
# stored once), up to twice; load_resent[SYSTEM.STAGE] counts those resends.
load_stage() {
  local system=$1 stage=$2 i pids=() s e host port called log attempt failed=() todo
  s=$(date +%s%N)
  todo=$(seq 0 $((parallel - 1)))
  load_resent[$system.$stage]=0
  for attempt in 1 2 3; do
    pids=()
    for i in $todo; do
      if [ "$system" = cluster ]; then
        host=127.0.0.$((i + 1)) port=$cluster_dicom_port called=PEAKE_${sites[i]^^}
      else
        host=127.0.0.1 port=$orthanc_dicom_port called=ORTHANC
      fi
      log=$scratch/storescu-$system-$stage-p$i-$attempt.log
      storescu -R +sd -aet "${senders[i]}" -aec "$called" "$host" "$port" "$corpus/s$stage/p$i" &>"$log" &
      pids[i]=$!
    done
    failed=()
    for i in $todo; do
      log=$scratch/storescu-$system-$stage-p$i-$attempt.log
      # storescu's exit status alone misses a refused store: every answer must be a success.
      if ! wait "${pids[i]}" || grep -qE '^(E|F):' "$log"; then
        echo "query-bench: $system stage $stage part $i (attempt $attempt): $(grep -E '^(E|F):' "$log" | head -n 2 | tr '\n' ' ')" >&2
        failed+=("$i")
      fi
    done
    [ "${#failed[@]}" -eq 0 ] && break
    [ "$attempt" -lt 3 ] || { echo "query-bench: $system stage $stage: parts ${failed[*]} failed three times" >&2; exit 1; }
    load_resent[$system.$stage]=$((load_resent[$system.$stage] + ${#failed[@]}))
    todo=${failed[*]}
  done
  e=$(date +%s%N)
  load_seconds[$system.$stage]=$(awk -v ns=$((e - s)) 'BEGIN { printf "%.1f", ns / 1e9 }')
  load_end_ns=$e
}

# read_model_count: instances in the cluster's read model (the shared SQLite journal, read-only).
read_model_count() {
  python3 - "$cluster_dir/journal.db" <<'PY'
import sqlite3, sys
db = sqlite3.connect("file:%s?mode=ro" % sys.argv[1], uri=True, timeout=30)
print(db.execute("select count(*) from qr_instance").fetchone()[0])
PY
}

# wait_visible SYSTEM STAGE EXPECTED: waits (bounded) until the system's queries can see EXPECTED instances; sets
# load_visible[SYSTEM.STAGE], the seconds from the end of the load until then (Orthanc indexes before it answers).
wait_visible() {
  local system=$1 stage=$2 expected=$3 have deadline=$((SECONDS + 1800))
  while true; do
    if [ "$system" = cluster ]; then have=$(read_model_count); else have=$(orthanc_instances); fi
    [ "$have" -ge "$expected" ] && break
    [ $SECONDS -lt $deadline ] || { echo "query-bench: $system shows $have of $expected instances after 30 min" >&2; exit 1; }
    sleep 0.5
  done
  load_visible[$system.$stage]=$(awk -v ns=$(($(date +%s%N) - load_end_ns)) 'BEGIN { printf "%.1f", ns / 1e9 }')
  echo "query-bench: $system stage $stage: ${load_seconds[$system.$stage]} s to send, visible ${load_visible[$system.$stage]} s later" >&2
}

us_now() { echo "${EPOCHREALTIME//[^0-9]/}"; }

# find_study OUT HOST PORT CALLED KEY VALUE: one findscu process at STUDY level (study root) matching KEY=VALUE and
# asking for what a viewer's prior search shows; the number of answers goes to OUT. Fails the benchmark on any error.
study_keys=(PatientName PatientID PatientBirthDate StudyDate StudyTime AccessionNumber StudyID StudyDescription
  StudyInstanceUID ModalitiesInStudy NumberOfStudyRelatedSeries NumberOfStudyRelatedInstances)
find_study() {
  local out=$1 host=$2 port=$3 called=$4 key=$5 value=$6 answer=$scratch/findscu.log k args=()
  for k in "${study_keys[@]}"; do
    if [ "$k" = "$key" ]; then args+=(-k "$k=$value"); else args+=(-k "$k"); fi
  done
  findscu -S -aet "$calling" -aec "$called" "$host" "$port" -k QueryRetrieveLevel=STUDY "${args[@]}" &>"$answer" \
    || { echo "query-bench: findscu $key=$value failed:" >&2; tail -n 20 "$answer" >&2; exit 1; }
  if grep -aqE '^(E|F):' "$answer"; then echo "query-bench: findscu $key=$value:" >&2; grep -aE '^(E|F):' "$answer" | head -n 3 >&2; exit 1; fi
  grep -ac 'Find Response: .*(Pending)' "$answer" >>"$out" || true
}

# measure_queries LABEL HOST PORT CALLED [HTTP_PORT]: WARM + QUERIES rounds, each: echoscu, findscu by PatientID,
# findscu by name; in the first PROBES (default 100) timed rounds also echoscu and findscu against a port nobody
# listens on (each tool's start-up and exit) and, with HTTP_PORT (the cluster's east node), the PatientID query as
# QIDO-RS (curl's request time, without its start-up: the read model's query without DIMSE). The timed rounds'
# microseconds go to $results/LABEL.{echo0,find0,echo,id,name,qido}, the answer counts to LABEL.{id,name}.count.
measure_queries() {
  local label=$1 host=$2 port=$3 called=$4 http=${5:-} i t0 t1 t2 t3 t4 t5 sink dead probe
  local out=$results/$label
  sink=$results/warm-$label
  dead=$(free_port)
  local start=$SECONDS
  for ((i = 0; i < warm + queries; i++)); do
    if [ "$i" -eq "$warm" ]; then sink=$out; fi
    probe=$((i >= warm && i < warm + probes))
    if [ "$probe" = 1 ]; then
      t0=$(us_now)
      echoscu -aet "$calling" -aec NOBODY 127.0.0.1 "$dead" &>/dev/null || true
      t1=$(us_now)
      findscu -S -aet "$calling" -aec NOBODY 127.0.0.1 "$dead" -k QueryRetrieveLevel=STUDY -k "PatientID=${key_ids[i]}" &>/dev/null || true
      t2=$(us_now)
      echo $((t1 - t0)) >>"$out.echo0"
      echo $((t2 - t1)) >>"$out.find0"
    fi
    t2=$(us_now)
    echoscu -aet "$calling" -aec "$called" "$host" "$port" || { echo "query-bench: echoscu failed" >&2; exit 1; }
    t3=$(us_now)
    find_study "$sink.id.count" "$host" "$port" "$called" PatientID "${key_ids[i]}"
    t4=$(us_now)
    find_study "$sink.name.count" "$host" "$port" "$called" PatientName "${key_names[i]}"
    t5=$(us_now)
    if [ -n "$http" ] && [ "$i" -lt $((warm + probes)) ]; then
      curl -fsS -o /dev/null -w '%{time_total}\n' -H "X-Peake-Hospital: $calling" \
        "http://$host:$http/dicomweb/studies?PatientID=${key_ids[i]}&includefield=00080061,00201206,00201208" \
        | awk '{ printf "%d\n", $1 * 1e6 }' >>"$sink.qido"
    fi
    if [ "$i" -ge "$warm" ]; then
      echo $((t3 - t2)) >>"$out.echo"
      echo $((t4 - t3)) >>"$out.id"
      echo $((t5 - t4)) >>"$out.name"
    fi
  done
  query_seconds[$label]=$((SECONDS - start))
  echo "query-bench: $label: $queries rounds measured in ${query_seconds[$label]} s" >&2
}

# retrieve_series SYSTEM HOST PORT CALLED: PASSES C-GETs and PASSES C-MOVEs (to the storescp on $scp_port) of the CT
# series, each into a new folder; sets retrieve[SYSTEM.get] and retrieve[SYSTEM.move] (median seconds).
retrieve_series() {
  local system=$1 host=$2 port=$3 called=$4 p s e dir got
  local keys=(-k QueryRetrieveLevel=SERIES -k "StudyInstanceUID=$ct_study" -k "SeriesInstanceUID=$ct_series")
  local get_times=() move_times=()
  for ((p = 1; p <= passes; p++)); do
    dir=$scratch/retrieved/$system-get-$p
    mkdir -p "$dir"
    s=$(date +%s%N)
    getscu -S +B -pdu 131072 -aet "$calling" -aec "$called" -od "$dir" "$host" "$port" "${keys[@]}" &>"$scratch/getscu.log" \
      || { echo "query-bench: getscu failed:" >&2; tail -n 20 "$scratch/getscu.log" >&2; exit 1; }
    e=$(date +%s%N)
    got=$(find "$dir" -type f | wc -l)
    [ "$got" -eq "$series_size" ] || { echo "query-bench: $system C-GET brought $got of $series_size files" >&2; tail -n 20 "$scratch/getscu.log" >&2; exit 1; }
    get_times+=($((e - s)))

    dir=$scratch/retrieved/$system-move-$p
    mkdir -p "$dir"
    storescp +B -pdu 131072 -aet "$calling" -od "$dir" "$scp_port" &>"$scratch/storescp.log" &
    storescp_pid=$!
    for _ in $(seq 100); do echoscu 127.0.0.1 "$scp_port" &>/dev/null && break; sleep 0.1; done
    s=$(date +%s%N)
    movescu -S -aet "$calling" -aec "$called" -aem "$calling" "$host" "$port" "${keys[@]}" &>"$scratch/movescu.log" \
      || { echo "query-bench: movescu failed:" >&2; tail -n 20 "$scratch/movescu.log" >&2; exit 1; }
    e=$(date +%s%N)
    kill -TERM "$storescp_pid" 2>/dev/null || true
    wait "$storescp_pid" 2>/dev/null || true
    storescp_pid=""
    got=$(find "$dir" -type f | wc -l)
    [ "$got" -eq "$series_size" ] || { echo "query-bench: $system C-MOVE brought $got of $series_size files" >&2; tail -n 20 "$scratch/movescu.log" >&2; exit 1; }
    move_times+=($((e - s)))
  done
  retrieve[$system.get]=$(printf '%s\n' "${get_times[@]}" | sort -n | awk '{ a[NR] = $1 } END { printf "%.3f", a[int((NR + 1) / 2)] / 1e9 }')
  retrieve[$system.move]=$(printf '%s\n' "${move_times[@]}" | sort -n | awk '{ a[NR] = $1 } END { printf "%.3f", a[int((NR + 1) / 2)] / 1e9 }')
  echo "query-bench: $system C-GET ${retrieve[$system.get]} s, C-MOVE ${retrieve[$system.move]} s" >&2
}

# store_series SYSTEM HOST PORT CALLED: the CT series from POTOMAC_PACS (the east node holds its own copy).
store_series() {
  local files=("${ct_files[@]}")
  : >"$scratch/storescu-ct.log"
  timed_split_send "$parallel" "$scratch/storescu-ct.log" files -R -aet "$calling" -aec "$4" "$2" "$3"
  load_seconds[$1.ct]=$(awk -v us="$sent_us" 'BEGIN { printf "%.1f", us / 1e6 }')
  load_end_ns=$send_end_ns
}

scp_port=$(free_port)
retire "$scratch/retrieved" && mkdir -p "$scratch/retrieved"

# --- (a) the six-node cluster ------------------------------------------------------------------------------------
# A copy of cluster-config in which POTOMAC_PACS's SCP (its C-MOVE destination) is the local storescp.
config=$scratch/cluster-config
retire "$config" && cp -r "$repo/cluster-config" "$config"
sed -i -E "s/(ae-title = \"$calling\", +host = )\"[^\"]+\", port = [0-9]+/\1\"127.0.0.1\", port = $scp_port/" "$config/sites.conf"
grep -q "\"$calling\", *host = \"127.0.0.1\", port = $scp_port" "$config/sites.conf" || { echo "query-bench: could not point $calling at storescp" >&2; exit 1; }
cluster_dir=$scratch/cluster
retire "$cluster_dir"
echo "query-bench: starting the cluster" >&2
PEAKE_RUN_CONFIG_DIR=$config start_cluster "$cluster_dir" "$scratch/cluster.log"
stages=0 skipped=""
for ((stage = 1; stage <= ${#sizes[@]}; stage++)); do
  if [ "$stage" -gt 1 ] && [ -n "$deadline" ]; then
    # This stage's load at the last stage's rate and its queries, then what is left after the cluster: the series
    # and its retrieval, Orthanc's loads (at 300 instances/s, below what it reaches here) and queries, 5 min spare.
    last=$((stage - 1)) before=0
    [ "$last" -gt 1 ] && before=${sizes[last - 2]}
    need=$(awk -v add=$((sizes[stage - 1] - sizes[last - 1])) -v done=$((sizes[last - 1] - before)) \
      -v t="${load_seconds[cluster.$last]}" -v v="${load_visible[cluster.$last]}" -v q="${query_seconds[cluster.$last]}" \
      -v k="$stage" -v total="${sizes[stage - 1]}" 'BEGIN { printf "%d", add * (t + v) / done + q + 120 + total / 300 + k * q + 300 }')
    if [ $(($(date +%s) + need)) -gt "$deadline" ]; then
      skipped=${sizes[stage - 1]}
      echo "query-bench: stage $stage ($skipped instances) would need ~$need s more, past DEADLINE: stopping at ${sizes[last - 1]}" >&2
      break
    fi
  fi
  load_stage cluster "$stage"
  wait_visible cluster "$stage" "${sizes[stage - 1]}"
  measure_queries "cluster.$stage" 127.0.0.1 "$cluster_dicom_port" PEAKE_EAST "$cluster_http_port"
  stages=$stage
done
reached=${sizes[stages - 1]}
store_series cluster 127.0.0.1 "$cluster_dicom_port" PEAKE_EAST
wait_visible cluster ct $((reached + series_size))
retrieve_series cluster 127.0.0.1 "$cluster_dicom_port" PEAKE_EAST
stop_cluster

# --- (b) Orthanc -------------------------------------------------------------------------------------------------
orthanc_dir=$scratch/orthanc
retire "$orthanc_dir"
echo "query-bench: starting Orthanc" >&2
start_orthanc "$orthanc_dir" "$scratch/orthanc.log" query-bench \
  "\"DicomModalities\": { \"$calling\": { \"AET\": \"$calling\", \"Host\": \"127.0.0.1\", \"Port\": $scp_port } }, \"DicomAssociationCloseDelay\": 0"
for ((stage = 1; stage <= stages; stage++)); do
  load_stage orthanc "$stage"
  wait_visible orthanc "$stage" "${sizes[stage - 1]}"
  measure_queries "orthanc.$stage" 127.0.0.1 "$orthanc_dicom_port" ORTHANC
done
store_series orthanc 127.0.0.1 "$orthanc_dicom_port" ORTHANC
wait_visible orthanc ct $((reached + series_size))
retrieve_series orthanc 127.0.0.1 "$orthanc_dicom_port" ORTHANC
stop_orthanc

# Both systems must have given the same answers: the same number of studies for every query.
for ((stage = 1; stage <= stages; stage++)); do
  for kind in id name; do
    cmp -s "$results/cluster.$stage.$kind.count" "$results/orthanc.$stage.$kind.count" || {
      echo "query-bench: stage $stage, by $kind: the cluster's answer counts differ from Orthanc's:" >&2
      diff <(paste "$results/cluster.$stage.$kind.count" "$results/orthanc.$stage.$kind.count" | nl) /dev/null | head >&2
      exit 1
    }
  done
done

# --- report ------------------------------------------------------------------------------------------------------
# stats FILE: "median p95" of a file of microseconds, in milliseconds (nearest rank).
stats() { sort -n "$1" | awk '{ a[NR] = $1 } END { printf "%.2f %.2f", a[int(NR * 0.5 + 0.5)] / 1000, a[int(NR * 0.95 + 0.5)] / 1000 }'; }
mean() { awk '{ s += $1 } END { printf "%.1f", s / NR }' "$1"; }
kind_name() { if [ "$1" = id ]; then echo PatientID; else echo 'name SUR*'; fi; }
# above SYSTEM STAGE KIND: "median p95" of the query minus the median C-ECHO of the same system and stage.
above() {
  local em m p
  read -r em _ <<<"$(stats "$results/$1.$2.echo")"
  read -r m p <<<"$(stats "$results/$1.$2.$3")"
  awk -v m="$m" -v p="$p" -v f="$em" 'BEGIN { printf "%.2f %.2f", m - f, p - f }'
}

mkdir -p "$here/results"
result=$here/results/query-$(date -u +%Y-%m-%d).txt
{
  echo "Query/retrieve benchmark (issue 6), $(date -u '+%Y-%m-%d %H:%M UTC'), commit $(git -C "$repo" rev-parse --short HEAD)"
  measured=$(IFS=' '; echo "${sizes[*]:0:stages}")
  echo "corpus: QueryCorpus, $reached instances of 16x16 in $(awk -F'\t' -v r="$stages" '$1 <= r { p++ } END { print p }' "$corpus/patients.tsv") patients (+ the CT series); measured at ${measured// / and } instances"
  if [ -n "$skipped" ]; then
    echo "NOT measured at $skipped (planned up to $n): the cluster's load rate would not have finished it and Orthanc's half before DEADLINE ($DEADLINE)"
  fi
  echo "clients: $(findscu --version | head -n 1 | tr -d '$'), each query its own process, TCP_NODELAY=1; from $calling to the east node / Orthanc"
  echo "machine: $(nproc) cores, $(sed -n 's/^model name\s*: //p' /proc/cpuinfo | head -n 1), shared; .NET $(dotnet --version); Orthanc $(dpkg-query -W -f '${Version}' orthanc 2>/dev/null) (SQLite index)"
  echo "cluster = six peake-node processes (make run), one shared SQLite journal and read model; loaded by one hospital of each site, to its site's node"
  echo "latency: $queries rounds (after $warm untimed) of echoscu, findscu STUDY by PatientID, by PatientName SUR*, each its own process; ms, nearest-rank percentiles"
  echo "start-up probes (first $probes rounds): echoscu and findscu to a closed port; the cluster's PatientID query also as QIDO-RS, curl's request time"
  echo "above floor = the percentile minus the median C-ECHO of the same system and size; studies = mean answers per query (the same in both systems, checked)"
  echo
  echo "loading ($parallel storescu at once): seconds to send / then until queries see every instance"
  for ((stage = 1; stage <= stages; stage++)); do
    printf "  up to %7s instances: cluster %7s s / +%s s, orthanc %7s s / +%s s%s\n" "${sizes[stage - 1]}" \
      "${load_seconds[cluster.$stage]}" "${load_visible[cluster.$stage]}" "${load_seconds[orthanc.$stage]}" "${load_visible[orthanc.$stage]}" \
      "$([ "${load_resent[cluster.$stage]}${load_resent[orthanc.$stage]}" = 00 ] || echo "; parts sent again after a failed store: cluster ${load_resent[cluster.$stage]}, orthanc ${load_resent[orthanc.$stage]}")"
  done
  for ((stage = 1; stage <= stages; stage++)); do
    echo
    echo "${sizes[stage - 1]} instances:"
    printf "  %-24s %9s %9s %13s %13s %8s\n" "query" "median" "p95" "median>floor" "p95>floor" "studies"
    for system in cluster orthanc; do
      read -r m p <<<"$(stats "$results/$system.$stage.echo")"
      printf "  %-24s %9s %9s %13s %13s %8s\n" "$system C-ECHO (floor)" "$m" "$p" "-" "-" "-"
      for kind in id name; do
        read -r m p <<<"$(stats "$results/$system.$stage.$kind")"
        read -r am ap <<<"$(above "$system" "$stage" "$kind")"
        printf "  %-24s %9s %9s %13s %13s %8s\n" "$system by $(kind_name "$kind")" "$m" "$p" "$am" "$ap" "$(mean "$results/$system.$stage.$kind.count")"
      done
    done
    for system in cluster orthanc; do
      read -r e0 _ <<<"$(stats "$results/$system.$stage.echo0")"
      read -r f0 _ <<<"$(stats "$results/$system.$stage.find0")"
      read -r e _ <<<"$(stats "$results/$system.$stage.echo")"
      read -r f _ <<<"$(stats "$results/$system.$stage.id")"
      awk -v s="$system" -v e0="$e0" -v f0="$f0" -v e="$e" -v f="$f" 'BEGIN {
        printf "  %s medians: start-up (closed port) echoscu %.2f, findscu %.2f ms; past start-up: C-ECHO %.2f, C-FIND by PatientID %.2f ms", s, e0, f0, e - e0, f - f0 }'
      if [ -f "$results/$system.$stage.qido" ]; then
        printf "; as QIDO-RS (request only) %s ms" "$(stats "$results/$system.$stage.qido" | cut -d' ' -f1)"
      fi
      echo
    done
    for kind in id name; do
      read -r _ c <<<"$(above cluster "$stage" "$kind")"
      read -r _ o <<<"$(above orthanc "$stage" "$kind")"
      awk -v k="$(kind_name "$kind")" -v c="$c" -v o="$o" 'BEGIN {
        printf "  by %s: p95 above the floor, cluster %.2f ms vs orthanc %.2f ms = %.2fx (target <= 0.5x): %s\n", k, c, o, (o > 0 ? c / o : 0), (o > 0 && c <= 0.5 * o ? "met" : "NOT met") }'
    done
  done
  if [ "$stages" -gt 1 ]; then
    echo
    echo "flatness, p95 above the floor from ${sizes[0]} instances to each larger size:"
    for system in cluster orthanc; do
      for kind in id name; do
        read -r _ first <<<"$(above "$system" 1 "$kind")"
        line=$(printf "  %-8s by %-10s %8.2f ms" "$system" "$(kind_name "$kind")" "$first")
        for ((stage = 2; stage <= stages; stage++)); do
          read -r _ p <<<"$(above "$system" "$stage" "$kind")"
          line+=$(awk -v a="$first" -v b="$p" -v n="${sizes[stage - 1]}" 'BEGIN { printf " -> %.2f ms at %d (%.2fx)", b, n, (a > 0 ? b / a : 0) }')
        done
        echo "$line"
      done
    done
  fi
  echo
  echo "retrieval of the CT series ($series_size instances of 512x512, $ct_bytes bytes) at $reached instances, median of $passes passes:"
  for kind in get move; do
    awk -v k="$([ "$kind" = get ] && echo "C-GET (getscu +B)" || echo "C-MOVE (to storescp +B)")" -v b="$ct_bytes" \
      -v c="${retrieve[cluster.$kind]}" -v o="${retrieve[orthanc.$kind]}" 'BEGIN {
      printf "  %-24s cluster %7.3f s %7.1f MB/s   orthanc %7.3f s %7.1f MB/s   %.2fx (target >= 1.5x): %s\n", k, c, b / c / 1e6, o, b / o / 1e6, o / c, (o / c >= 1.5 ? "met" : "NOT met") }'
  done
} | tee "$result"
echo "written to ${result#"$here"/}" >&2
