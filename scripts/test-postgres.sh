#!/usr/bin/env bash
# Starts a throw-away PostgreSQL 15 cluster on 127.0.0.1 for the storage tests and prints the
# connection string to put in COMMUNITYBOT_TEST_POSTGRES. Usage: scripts/test-postgres.sh start|stop [dir]
set -euo pipefail
action=${1:-start}
dir=${2:-${TMPDIR:-/tmp}/communitybot-pg}
bin=/usr/lib/postgresql/15/bin

free_port() {
  # First port from 55432 that nothing listens on (a developer's own cluster may hold the first one).
  for candidate in $(seq 55432 55532); do
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$candidate") 2>/dev/null; then echo "$candidate"; return; fi
  done
  return 1
}

as_pg() {
  # initdb and postgres refuse to run as root; use a dedicated account when we are root.
  if [ "$(id -u)" = "0" ]; then
    id postgres >/dev/null 2>&1 || useradd --system --no-create-home postgres
    runuser -u postgres -- "$@"
  else
    "$@"
  fi
}

case "$action" in
  start)
    if [ ! -x "$bin/initdb" ]; then
      if command -v apt-get >/dev/null; then
        (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql-15) >&2
      fi
    fi
    mkdir -p "$dir"; [ "$(id -u)" = "0" ] && { id postgres >/dev/null 2>&1 || useradd --system --no-create-home postgres; chown -R postgres "$dir"; }
    if [ ! -f "$dir/data/PG_VERSION" ]; then
      as_pg "$bin/initdb" -D "$dir/data" -U postgres -A trust --no-sync >/dev/null
    fi
    if as_pg "$bin/pg_ctl" -D "$dir/data" status >/dev/null 2>&1; then
      port=$(cat "$dir/port")
    else
      port=${PGPORT_TEST:-$(free_port)}
      echo "$port" > "$dir/port"
      as_pg "$bin/pg_ctl" -D "$dir/data" -l "$dir/log" -w \
        -o "-h 127.0.0.1 -p $port -k $dir -c fsync=off -c full_page_writes=off -c synchronous_commit=off -c max_connections=200" start >/dev/null
    fi
    echo "Host=127.0.0.1;Port=$port;Username=postgres;Database=postgres"
    ;;
  stop)
    as_pg "$bin/pg_ctl" -D "$dir/data" -m fast stop >/dev/null 2>&1 || true
    ;;
esac
