#!/usr/bin/env bash
# `make run`: a six-site PeakeCluster on this machine, one peake-node process per site of cluster-config/sites.conf,
# each on its own loopback address (127.0.0.1 .. 127.0.0.6, the same ports on each), ADR 0021.
# Builds once, generates a fresh management token, starts the nodes (each a seed of all), waits (bounded)
# until every node's /ready is true (its DICOM gateway listening), writes artifacts/run/cluster.json (read by `peake
# cluster show` & co.), prints the sites table of `peake sites show` (each node's DICOM host, port and called AE
# title, and each site's hospital AE titles: where to point DICOM clients), then waits. Ctrl-C (or SIGTERM) stops the nodes by PID: SIGTERM (each leaves the
# cluster gracefully), a bounded wait, then SIGKILL for any that hang.
#
# Environment: CONFIG (Release), DB (sqlite|postgres), DOTNET (dotnet), PEAKE_RUN_DIR (artifacts/run),
# WRITE_QUORUM (2: nodes holding an image before its C-STORE succeeds), REPAIR_GRACE (cluster-config's 5m; e.g. 30s
# to watch repairs after a kill -9), DUPLICATE_POLICY (reject|keep-both),
# PEAKE_RUN_READY_SECONDS (300), PEAKE_RUN_STOP_SECONDS (60), PEAKE_RUN_PG_PORT (55432), and for the test of this
# script (tests/Peake.Cli.Tests, next to a cluster someone may be running): PEAKE_RUN_REMOTING_PORT (4053),
# PEAKE_RUN_HTTP_PORT (8558), PEAKE_RUN_DICOM_PORT (11112), PEAKE_RUN_BUILD (1; 0 when the solution is built),
# and for the query benchmark (one hospital's C-MOVE destination moved to a local storescp): PEAKE_RUN_CONFIG_DIR
# (cluster-config).
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)

CONFIG=${CONFIG:-Release}
DB=${DB:-sqlite}
DOTNET=${DOTNET:-dotnet}
run_dir=${PEAKE_RUN_DIR:-$root/artifacts/run}
ready_seconds=${PEAKE_RUN_READY_SECONDS:-300}
stop_seconds=${PEAKE_RUN_STOP_SECONDS:-60}
pg_port=${PEAKE_RUN_PG_PORT:-55432}
remoting_port=${PEAKE_RUN_REMOTING_PORT:-4053}
http_port=${PEAKE_RUN_HTTP_PORT:-8558}
dicom_port=${PEAKE_RUN_DICOM_PORT:-11112}
run_file=$run_dir/cluster.json
token_file=$run_dir/token
secret_file=$run_dir/cluster-secret
write_quorum=${WRITE_QUORUM:-2}
duplicate_policy=${DUPLICATE_POLICY:-reject}
repair_grace=${REPAIR_GRACE:-}
pid_file=$run_dir/pids
config_dir=${PEAKE_RUN_CONFIG_DIR:-$root/cluster-config}

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

die() { echo "make run: $*" >&2; exit 1; }

case $DB in sqlite | postgres) ;; *) die "DB must be sqlite or postgres, not '$DB'" ;; esac
if [ "$DB" = postgres ] && [ ! -f scripts/postgres.sh ]; then
  die "DB=postgres needs scripts/postgres.sh (it starts a private PostgreSQL), which this checkout does not have"
fi

# The sites, in the order of sites.conf (each site line reads `{ name = "east", latitude = ...`).
mapfile -t sites < <(sed -nE 's/^[[:space:]]*\{ name = "([a-z0-9-]+)", latitude.*/\1/p' "$config_dir/sites.conf")
[ "${#sites[@]}" -ge 2 ] || die "cluster-config/sites.conf lists ${#sites[@]} sites; need at least 2"
[ "${#sites[@]}" -le 254 ] || die "too many sites for one loopback address each"

host_of() { echo "127.0.0.$(($1 + 1))"; }

# The calling AE titles of a site's hospitals: a store from one of them belongs to that site.
hospital_aes() {
  awk -v want="$1" '
    /\{ name = "[^"]+", latitude/ { match($0, /name = "[^"]+"/); site = substr($0, RSTART + 8, RLENGTH - 9) }
    site == want && /ae-title = / { match($0, /ae-title = "[^"]+"/); printf "%s ", substr($0, RSTART + 12, RLENGTH - 13) }
  ' "$config_dir/sites.conf"
}

# A previous run that was not stopped (terminal closed, kill -9 of this script) still holds the ports: say so and
# leave its nodes alone; this script only ever signals the processes it started itself.
if [ -f "$pid_file" ]; then
  while read -r pid; do
    if [ -n "$pid" ] && grep -qa peake-node "/proc/$pid/cmdline" 2>/dev/null; then
      die "nodes of an earlier run are still running (PIDs: $(tr '\n' ' ' <"$pid_file")); stop them with kill, then retry"
    fi
  done <"$pid_file"
fi
for i in "${!sites[@]}"; do
  for port in $remoting_port $http_port $dicom_port; do
    if (exec 3<>"/dev/tcp/$(host_of "$i")/$port") 2>/dev/null; then
      die "$(host_of "$i"):$port is already in use by another program"
    fi
  done
done

if [ "${PEAKE_RUN_BUILD:-1}" != 0 ]; then
  echo "make run: building ($CONFIG)"
  # Errors only: the known NU1603 restore warning (Directory.Build.props) would bury the cluster's own output.
  "$DOTNET" build src/Peake.Node -c "$CONFIG" -nologo -v quiet -clp:ErrorsOnly
  "$DOTNET" build src/Peake.Cli -c "$CONFIG" -nologo -v quiet -clp:ErrorsOnly
fi
node_dll=$root/src/Peake.Node/bin/$CONFIG/net10.0/peake-node.dll
peake_dll=$root/src/Peake.Cli/bin/$CONFIG/net10.0/peake.dll
[ -f "$node_dll" ] || die "the build did not produce $node_dll"

mkdir -p "$run_dir/logs"
rm -f "$run_file" "$pid_file"
# A fresh token per run, readable by this user only (the nodes and peake read the file, it is never printed).
(umask 077 && od -An -N32 -tx1 /dev/urandom | tr -d ' \n' >"$token_file")
chmod 600 "$token_file"
# The nodes' bearer secret for blob transfer between them, apart from the management token: whoever holds the token
# (an operator) cannot write blobs into the nodes with it. Mode 600, never printed.
(umask 077 && od -An -N32 -tx1 /dev/urandom | tr -d ' \n' >"$secret_file")
chmod 600 "$secret_file"
node_args=(--write-quorum "$write_quorum" --duplicate-policy "$duplicate_policy")
[ -n "$repair_grace" ] && node_args+=(--repair-grace "$repair_grace")

pids=()
postgres_dir=
stopping=0
any_alive() {
  local pid
  for pid in "${pids[@]}"; do kill -0 "$pid" 2>/dev/null && return 0; done
  return 1
}
stop() {
  [ "$stopping" = 1 ] && return
  stopping=1
  rm -f "$run_file"
  if [ "${#pids[@]}" -gt 0 ]; then
    echo "make run: stopping ${#pids[@]} nodes (SIGTERM, up to ${stop_seconds} s)"
    kill -TERM "${pids[@]}" 2>/dev/null || true
    local deadline=$((SECONDS + stop_seconds))
    while [ $SECONDS -lt $deadline ] && any_alive; do sleep 0.5; done
    for pid in "${pids[@]}"; do
      if kill -0 "$pid" 2>/dev/null; then
        echo "make run: node PID $pid did not stop in ${stop_seconds} s: SIGKILL"
        kill -KILL "$pid" 2>/dev/null || true
      fi
    done
    wait "${pids[@]}" 2>/dev/null || true
  fi
  rm -f "$pid_file"
  if [ -n "$postgres_dir" ]; then
    bash scripts/postgres.sh stop "$postgres_dir" || echo "make run: could not stop PostgreSQL in $postgres_dir" >&2
  fi
  echo "make run: stopped"
}
trap stop EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# One journal for the six nodes, as in a real cluster: a shard that falls back to the nearest site, or comes home,
# must find its entities' events wherever it restarts. SQLite serves several processes on one machine (one writer
# at a time, the others wait on its lock), which is all a demonstration cluster needs (ADR 0021).
db_args=(--db "$DB")
if [ "$DB" = sqlite ]; then
  db_args+=(--db-connection "Data Source=$run_dir/journal.db")
elif [ "$DB" = postgres ]; then
  postgres_dir=$run_dir/postgres
  echo "make run: starting PostgreSQL on 127.0.0.1:$pg_port (data in $postgres_dir)"
  connection=$(bash scripts/postgres.sh start "$postgres_dir" "$pg_port" | tail -n 1) \
    || die "scripts/postgres.sh could not start PostgreSQL"
  [ -n "$connection" ] || die "scripts/postgres.sh printed no connection string"
  db_args+=(--db-connection "$connection")
fi

# Every node is a seed of every node, in the same order. Only the first seed may form a cluster alone, and only when
# no other seed answers: with fewer seeds, a restarted first seed whose fellow seeds are down would start a second
# cluster beside the running one (on the same journal).
seeds=()
for i in "${!sites[@]}"; do seeds+=(--seed "akka.tcp://peake@$(host_of "$i"):$remoting_port"); done

for i in "${!sites[@]}"; do
  site=${sites[$i]} host=$(host_of "$i")
  mkdir -p "$run_dir/$site"
  "$DOTNET" "$node_dll" --site "$site" --host "$host" --remoting-port "$remoting_port" --http-port "$http_port" \
    --dicom-port "$dicom_port" "${seeds[@]}" --data "$run_dir/$site" "${db_args[@]}" \
    --config-dir "$config_dir" --token-file "$token_file" --cluster-secret-file "$secret_file" \
    --dicomweb-trust-header true "${node_args[@]}" \
    >"$run_dir/logs/$site.log" 2>&1 &
  pids+=($!)
  echo "$!" >>"$pid_file"
  echo "make run: started $site on $host (PID $!, log ${run_dir#"$root"/}/logs/$site.log)"
done

# curl reads the header from a file (mode 600), so the token never shows in `ps` while the readiness loop runs.
header_file=$run_dir/auth-header
(umask 077 && printf 'Authorization: Bearer %s\n' "$(cat "$token_file")" >"$header_file")
is_ready() {
  local answer re='"ready":[[:space:]]*true'
  answer=$(curl -fsS -m 3 -H @"$header_file" "http://$1:$http_port/ready" 2>/dev/null) || return 1
  [[ $answer =~ $re ]]
}
died() {
  local i=$1
  echo "make run: node ${sites[$i]} (PID ${pids[$i]}) exited; the end of its log:" >&2
  tail -n 20 "$run_dir/logs/${sites[$i]}.log" >&2
}

echo "make run: waiting (up to ${ready_seconds} s) until every node is ready"
deadline=$((SECONDS + ready_seconds))
declare -A ready=()
while [ "${#ready[@]}" -lt "${#sites[@]}" ]; do
  for i in "${!sites[@]}"; do
    [ -n "${ready[$i]:-}" ] && continue
    if ! kill -0 "${pids[$i]}" 2>/dev/null; then
      died "$i"
      exit 1
    fi
    if is_ready "$(host_of "$i")"; then
      ready[$i]=1
      echo "make run: ${sites[$i]} is ready"
    fi
  done
  if [ $SECONDS -ge $deadline ]; then
    for i in "${!sites[@]}"; do
      [ -n "${ready[$i]:-}" ] || echo "make run: ${sites[$i]} not ready after ${ready_seconds} s (log: ${run_dir#"$root"/}/logs/${sites[$i]}.log)" >&2
    done
    exit 1
  fi
  [ "${#ready[@]}" -lt "${#sites[@]}" ] && sleep 1
done

# The run file: what `peake cluster show` and the other ops commands read when no --node is given.
{
  echo '{'
  echo "  \"db\": \"$DB\","
  echo '  "tokenFile": "token",'
  echo '  "nodes": ['
  for i in "${!sites[@]}"; do
    host=$(host_of "$i")
    sep=,
    [ "$i" -eq $((${#sites[@]} - 1)) ] && sep=
    echo "    {\"site\": \"${sites[$i]}\", \"pid\": ${pids[$i]}, \"http\": \"$host:$http_port\", \"dicom\": \"$host:$dicom_port\", \"address\": \"akka.tcp://peake@$host:$remoting_port\"}$sep"
  done
  echo '  ]'
  echo '}'
} >"$run_file.tmp"
mv "$run_file.tmp" "$run_file"

echo
echo "PeakeCluster is running: ${#sites[@]} sites, one node each ($DB), data and logs in ${run_dir#"$root"/}."
echo
echo "DICOM: point a client at its site's node (host:port, called AE); the calling AE title must be one of that"
echo "site's hospitals (others are rejected) and decides where the patient belongs. Each image is kept on 3 nodes."
# The sites table is the cluster's own answer (peake sites show: the node directory), not a guess from our flags. The
# directory learns the other nodes a moment after they are ready: wait (bounded) until it lists all of them.
sites_json=
sites_deadline=$((SECONDS + 60))
while [ $SECONDS -lt $sites_deadline ]; do
  sites_json=$(PEAKE_RUN_FILE=$run_file "$DOTNET" "$peake_dll" sites show --json 2>/dev/null) || sites_json=
  [ "$(grep -c '"address"' <<<"$sites_json")" -ge "${#sites[@]}" ] && break
  sleep 1
done
if ! PEAKE_RUN_FILE=$run_file "$DOTNET" "$peake_dll" sites show | sed 's/^/  /'; then
  echo "  (peake sites show failed; the nodes' DICOM ports are $(host_of 0)..$(host_of $((${#sites[@]} - 1))):$dicom_port)"
fi
echo "  e.g.  TCP_NODELAY=1 echoscu -aet $(hospital_aes "${sites[0]}" | cut -d' ' -f1) -aec PEAKE_${sites[0]^^} $(host_of 0) $dicom_port"
# A development cluster on loopback: DICOMweb callers may name their hospital in a header instead of a token (ADR 0032).
echo "DICOMweb (QIDO-RS, WADO-RS, STOW-RS) on every node at http://HOST:$http_port/dicomweb; this development cluster"
echo "  takes the hospital from a header, e.g.  curl -H 'X-Peake-Hospital: $(hospital_aes "${sites[0]}" | cut -d' ' -f1)' http://$(host_of 0):$http_port/dicomweb/studies"
echo
echo "Browser: no web viewer yet. Management HTTP (every request needs \"Authorization: Bearer \$(cat ${token_file#"$root"/})\", e.g. with curl -H):"
for i in "${!sites[@]}"; do
  printf '  %-10s http://%s:%s/cluster/members\n' "${sites[$i]}" "$(host_of "$i")" "$http_port"
done
echo
echo "Operate it:  make run ARGS=\"cluster show\"   (or sites show, replicas check, study show UID, node drain ADDR,"
echo "             shards show, patient locate ...; \`make run ARGS=help\` lists them)"
echo "Ctrl-C stops the cluster."

# Wait for Ctrl-C; report a node that exits on its own (the others keep running: the cluster is built for that).
alive=("${!pids[@]}")
while [ "${#alive[@]}" -gt 0 ]; do
  waiting=()
  for i in "${alive[@]}"; do waiting+=("${pids[$i]}"); done
  wait -n "${waiting[@]}" 2>/dev/null || true
  still=()
  for i in "${alive[@]}"; do
    if kill -0 "${pids[$i]}" 2>/dev/null; then still+=("$i"); else died "$i"; fi
  done
  alive=("${still[@]}")
done
echo "make run: every node has exited" >&2
exit 1
