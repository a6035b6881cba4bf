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
