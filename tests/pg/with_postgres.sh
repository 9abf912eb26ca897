#!/usr/bin/env bash
# Runs a command against a throwaway PostgreSQL 15 cluster: initdb in a temporary folder, a server
# on a free loopback port (unix socket in the same folder), MCS_TEST_PG_URL set for the command, and
# everything removed afterwards whatever the command's outcome.
# Usage: tests/pg/with_postgres.sh COMMAND [ARGS...]
set -euo pipefail
bin=/usr/lib/postgresql/15/bin
if [ ! -x "$bin/initdb" ]; then
  echo "with_postgres: PostgreSQL 15 is not installed (scripts/install-deps.sh test)" >&2
  exit 1
fi

dir=$(mktemp -d /tmp/mcs-pg.XXXXXX)
# The server refuses to run as root: as root, run it as the `postgres` system user.
run=()
if [ "$(id -u)" -eq 0 ]; then
  chown postgres: "$dir"
  run=(runuser -u postgres --)
fi
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')

cleanup() {
  "${run[@]}" "$bin/pg_ctl" -D "$dir/data" -m immediate stop >/dev/null 2>&1 || true
  rm -rf "$dir"
}
trap cleanup EXIT

"${run[@]}" "$bin/initdb" -D "$dir/data" -U mcs -A trust -E UTF8 --locale=C.UTF-8 >"$dir/initdb.log" 2>&1 ||
  { cat "$dir/initdb.log" >&2; exit 1; }
# fsync stays on: the tests check what a commit promises, not a faster lie.
"${run[@]}" "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 \
  -o "-c listen_addresses=127.0.0.1 -c port=$port -c unix_socket_directories=$dir -c max_connections=200" \
  start >/dev/null || { cat "$dir/server.log" >&2; exit 1; }
"${run[@]}" "$bin/createdb" -h 127.0.0.1 -p "$port" -U mcs mcs

export MCS_TEST_PG_URL="postgresql://mcs@127.0.0.1:$port/mcs"
set +e
"$@"
rc=$?
set -e
exit $rc
