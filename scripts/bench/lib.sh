# Helpers shared by the benchmarks; sourced, not run.

free_port() {
  python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

# timed_split_send PARALLEL LOG FILES_ARRAY STORESCU_ARGS...: runs PARALLEL storescu processes at once, process i
# sending every PARALLEL-th file of the array named FILES_ARRAY (starting at i) with STORESCU_ARGS before the files,
# all output appended to LOG. Sets sent_us (wall time from the first start to the last end, microseconds) and
# send_end_ns. A storescu failing ends the benchmark with its log's tail.
timed_split_send() {
  local parallel=$1 log=$2
  local -n split_files=$3
  shift 3
  local pids=() i j s e pid count=${#split_files[@]}
  s=$(date +%s%N)
  for ((i = 0; i < parallel; i++)); do
    local part=()
    for ((j = i; j < count; j += parallel)); do part+=("${split_files[j]}"); done
    storescu "$@" "${part[@]}" &>>"$log" &
    pids+=($!)
  done
  for pid in "${pids[@]}"; do
    wait "$pid" || { echo "storescu failed:" >&2; tail -n 20 "$log" >&2; exit 1; }
  done
  e=$(date +%s%N)
  sent_us=$(((e - s) / 1000))
  send_end_ns=$e
}

# start_cluster RUN_DIR LOG: scripts/run-cluster.sh (six nodes, make run's flags) on free ports, data and journal in
# RUN_DIR, config from PEAKE_RUN_CONFIG_DIR when set; waits (bounded) until its cluster.json says every node is ready.
# Sets run_pid (stop it with stop_cluster), cluster_dicom_port, cluster_http_port. Needs $repo.
start_cluster() {
  local dir=$1 log=$2 rp
  rp=$(free_port) cluster_http_port=$(free_port) cluster_dicom_port=$(free_port)
  PEAKE_RUN_DIR=$dir PEAKE_RUN_BUILD=0 PEAKE_RUN_REMOTING_PORT=$rp PEAKE_RUN_HTTP_PORT=$cluster_http_port \
    PEAKE_RUN_DICOM_PORT=$cluster_dicom_port CONFIG=Release bash "$repo/scripts/run-cluster.sh" >"$log" 2>&1 &
  run_pid=$!
  for _ in $(seq 600); do
    [ -f "$dir/cluster.json" ] && return 0
    kill -0 "$run_pid" 2>/dev/null || { echo "the cluster did not start:" >&2; tail -n 30 "$log" >&2; exit 1; }
    sleep 0.5
  done
  echo "the cluster was not ready in 300 s" >&2
  exit 1
}

# stop_cluster: SIGTERM to run-cluster.sh, which stops its nodes by PID (bounded); safe to call twice.
stop_cluster() {
  if [ -n "${run_pid:-}" ]; then
    kill -TERM "$run_pid" 2>/dev/null || true
    wait "$run_pid" 2>/dev/null || true
    run_pid=""
  fi
}

# start_orthanc DIR LOG NAME [EXTRA_JSON]: Orthanc (Debian package) with TCP_NODELAY=1, an empty SQLite index and
# storage under DIR, AE title ORTHANC, any called AE accepted; EXTRA_JSON (`"Key": value, ...`) is added to its
# configuration. Waits (bounded) until it answers C-ECHO. Sets orthanc_pid, orthanc_dicom_port, orthanc_http_port.
start_orthanc() {
  local dir=$1 log=$2 name=$3 extra=${4:-}
  mkdir -p "$dir/storage" "$dir/index"
  orthanc_dicom_port=$(free_port) orthanc_http_port=$(free_port)
  cat >"$dir/orthanc.json" <<JSON
{
  "Name": "$name",
  "StorageDirectory": "$dir/storage",
  "IndexDirectory": "$dir/index",
  "DicomAet": "ORTHANC",
  "DicomPort": $orthanc_dicom_port,
  "HttpPort": $orthanc_http_port,
  "RemoteAccessAllowed": false,
  "AuthenticationEnabled": false,
  "DicomCheckCalledAet": false,${extra:+
  $extra,}
  "Plugins": []
}
JSON
  TCP_NODELAY=1 /usr/sbin/Orthanc "$dir/orthanc.json" >"$log" 2>&1 &
  orthanc_pid=$!
  for _ in $(seq 300); do
    echoscu -aec ORTHANC 127.0.0.1 "$orthanc_dicom_port" &>/dev/null && return 0
    kill -0 "$orthanc_pid" 2>/dev/null || { echo "Orthanc exited:" >&2; tail -n 20 "$log" >&2; exit 1; }
    sleep 0.2
  done
  echo "Orthanc did not answer C-ECHO in 60 s" >&2
  exit 1
}

# stop_orthanc: SIGTERM to the Orthanc started by start_orthanc, then wait for it; safe to call twice.
stop_orthanc() {
  if [ -n "${orthanc_pid:-}" ]; then
    kill -TERM "$orthanc_pid" 2>/dev/null || true
    wait "$orthanc_pid" 2>/dev/null || true
    orthanc_pid=""
  fi
}

# orthanc_instances: how many instances the running Orthanc holds (its REST /statistics).
orthanc_instances() {
  curl -fsS "http://127.0.0.1:$orthanc_http_port/statistics" | python3 -c 'import json, sys; print(json.load(sys.stdin)["CountInstances"])'
}

# retire DIR...: moves each existing DIR into $trash instead of deleting it. Files deleted in the last minute make
# ext4 without a journal (as here) skip their inodes one by one in every later file creation (ADR 0028), so a
# benchmark deletes nothing while it measures and empties $trash when it ends.
retire() {
  local dir
  for dir in "$@"; do
    if [ -e "$dir" ]; then mv "$dir" "$trash/$(basename "$dir").$RANDOM$RANDOM"; fi
  done
}
