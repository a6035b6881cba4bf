#!/usr/bin/env bash
# A private PostgreSQL (the Debian package's binaries) for tests and `make run DB=postgres`:
#   scripts/postgres.sh start  DIR PORT   initialise DIR if new, start on 127.0.0.1:PORT, print the connection string
#   scripts/postgres.sh stop   DIR        stop it (fast shutdown: clients are cut, committed data is kept)
#   scripts/postgres.sh status DIR        exit 0 when running
# Idempotent: start on a running instance only prints the connection string again. It listens on loopback only
# and trusts local connections (no password to keep anywhere); never point it at a shared or public interface.
# initdb and postgres refuse to run as root, so as root they run as the package's `postgres` user, who must own DIR
# (and be able to reach it: DIR's parents must be traversable, /tmp/... is).
set -euo pipefail

usage() { echo "usage: $0 start DIR PORT | stop DIR | status DIR" >&2; exit 2; }
[ $# -ge 2 ] || usage
cmd=$1
dir=$(mkdir -p "$2" && cd "$2" && pwd)
data=$dir/data
database=peake

bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)
if [ -z "$bin" ] || [ ! -x "$bin/pg_ctl" ]; then
  echo "postgres.sh: no PostgreSQL server under /usr/lib/postgresql (run scripts/install-deps.sh)" >&2
  exit 1
fi

as_owner() {
  if [ "$(id -u)" -eq 0 ]; then
    runuser -u postgres -- "$@"
  else
    "$@"
  fi
}

running() { as_owner "$bin/pg_ctl" -D "$data" status >/dev/null 2>&1; }

case $cmd in
  start)
    [ $# -eq 3 ] || usage
    port=$3
    if [ "$(id -u)" -eq 0 ]; then
      chown postgres: "$dir"
      if ! runuser -u postgres -- test -x "$dir"; then
        echo "postgres.sh: user postgres cannot reach $dir; make its parent folders traversable (chmod o+x)" >&2
        exit 1
      fi
    fi
    if [ ! -s "$data/PG_VERSION" ]; then
      as_owner "$bin/initdb" -D "$data" --username=postgres --auth=trust --encoding=UTF8 --locale=C.UTF-8 \
        >"$dir/initdb.log" 2>&1 || { cat "$dir/initdb.log" >&2; exit 1; }
    fi
    if ! running; then
      # Socket in DIR, not /var/run/postgresql: this instance must not collide with a system one.
      as_owner "$bin/pg_ctl" -D "$data" -l "$dir/postgres.log" -w -t 60 \
        -o "-c listen_addresses=127.0.0.1 -p $port -k $dir" start >/dev/null \
        || { tail -n 20 "$dir/postgres.log" >&2; exit 1; }
    else
      port=$(sed -n 4p "$data/postmaster.pid")
    fi
    if ! as_owner "$bin/psql" -h 127.0.0.1 -p "$port" -U postgres -d postgres -tAc \
        "SELECT 1 FROM pg_database WHERE datname = '$database'" | grep -q 1; then
      as_owner "$bin/createdb" -h 127.0.0.1 -p "$port" -U postgres "$database"
    fi
    echo "Host=127.0.0.1;Port=$port;Username=postgres;Database=$database"
    ;;
  stop)
    if running; then
      as_owner "$bin/pg_ctl" -D "$data" -m fast -w -t 60 stop >/dev/null
    fi
    ;;
  status)
    running
    ;;
  *)
    usage
    ;;
esac
