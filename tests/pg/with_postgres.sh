#!/usr/bin/env bash
# Runs a command against a throwaway PostgreSQL 15 cluster: initdb in a temporary folder, a server
# on a free loopback port (unix socket in the same folder), MCS_TEST_PG_URL set for the command, and
# everything removed afterwards whatever the command's outcome.
# Usage: [MCS_PG_TMPFS_MB=N] tests/pg/with_postgres.sh COMMAND [ARGS...]
# For tests that stop and restart the server, or fill its disk, the command also gets
#   MCS_TEST_PG_DATA  the data folder,
#   MCS_TEST_PG_CTL   pg_ctl as the user that runs the server (a command line: split it on spaces),
#   MCS_TEST_PG_LOG   the server's log; `$MCS_TEST_PG_CTL -D $MCS_TEST_PG_DATA -l $MCS_TEST_PG_LOG -w start`
#                     restarts the server as it was (its options are in postgresql.conf);
#   MCS_TEST_PG_TMPFS set when MCS_PG_TMPFS_MB asked for the data folder on a tmpfs of that many MB
#                     and the mount worked (it needs root); the write-ahead log stays outside it.
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

tmpfs=
cleanup() {
  "${run[@]}" "$bin/pg_ctl" -D "$dir/data" -m immediate stop >/dev/null 2>&1 || true
  if [ -n "$tmpfs" ]; then umount -l "$dir/data" || true; fi
  rm -rf "$dir"
}
trap cleanup EXIT

initdb_args=()
if [ -n "${MCS_PG_TMPFS_MB:-}" ]; then
  mkdir "$dir/data"
  if mount -t tmpfs -o "size=${MCS_PG_TMPFS_MB}m,mode=0700" tmpfs "$dir/data" 2>"$dir/mount.log"; then
    tmpfs=1
    if [ "$(id -u)" -eq 0 ]; then chown postgres: "$dir/data"; fi
    # The write-ahead log stays on the ordinary disk. Without room for WAL PostgreSQL stops itself
    # (PANIC), which is the "database server gone" case the crash test covers; a full data folder is
    # the case where it lives on and refuses writes (SQLSTATE 53100, disk_full).
    initdb_args=(--waldir="$dir/wal")
  else
    echo "with_postgres: no tmpfs for the data folder: $(cat "$dir/mount.log")" >&2
    rmdir "$dir/data"
  fi
fi
"${run[@]}" "$bin/initdb" -D "$dir/data" "${initdb_args[@]}" -U mcs -A trust -E UTF8 --locale=C.UTF-8 \
  >"$dir/initdb.log" 2>&1 || { cat "$dir/initdb.log" >&2; exit 1; }
# The options go into postgresql.conf, so that a test can restart the server as it was. fsync stays
# on: the tests check what a commit promises, not a faster lie.
cat >>"$dir/data/postgresql.conf" <<EOF
listen_addresses = '127.0.0.1'
port = $port
unix_socket_directories = '$dir'
max_connections = 200
EOF
"${run[@]}" "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 start >/dev/null ||
  { cat "$dir/server.log" >&2; exit 1; }
"${run[@]}" "$bin/createdb" -h 127.0.0.1 -p "$port" -U mcs mcs

export MCS_TEST_PG_URL="postgresql://mcs@127.0.0.1:$port/mcs"
export MCS_TEST_PG_DATA="$dir/data" MCS_TEST_PG_LOG="$dir/server.log" MCS_TEST_PG_CTL="${run[*]} $bin/pg_ctl"
if [ -n "$tmpfs" ]; then export MCS_TEST_PG_TMPFS=1; fi
set +e
"$@"
rc=$?
set -e
exit $rc
