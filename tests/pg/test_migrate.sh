#!/usr/bin/env bash
# pg.migrate: a SQLite study with real responses (loadgen walking the questionnaires, partial ones
# left behind when it stops) is copied to PostgreSQL with `mcsurvey migrate`; the command's counts
# and checksums must agree, and the CSV exports from both databases must be byte for byte the same.
# Usage (under tests/pg/with_postgres.sh): test_migrate.sh MCSURVEY LOADGEN
set -euo pipefail
mcsurvey=$1
loadgen=$2
: "${MCS_TEST_PG_URL:?run under tests/pg/with_postgres.sh}"
tmp=$(mktemp -d /tmp/mcs-migrate.XXXXXX)
pid=
cleanup() {
  if [ -n "$pid" ]; then kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; fi
  rm -rf "$tmp"
}
trap cleanup EXIT
db="sqlite:$tmp/study.db"
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
MCSURVEY_ADMIN_PASSWORD=migrate-password-123 "$mcsurvey" serve --db "$db" --listen "127.0.0.1:$port" \
  --post-rate 0 >"$tmp/serve.log" 2>&1 &
pid=$!
for _ in $(seq 1 200); do grep -q "serving at" "$tmp/serve.log" && break; sleep 0.1; done
"$loadgen" --url "http://127.0.0.1:$port" --form employers --form authorities --connections 8 \
  --responses 40 --seconds 60 >"$tmp/load.txt"
# A backup while serving (SQLite online backup), then stop.
"$mcsurvey" backup --db "$db" --out "$tmp/backup.db" >/dev/null
kill "$pid"; wait "$pid" || true; pid=
"$mcsurvey" user add ann --role analyst --db "$db" <<<"ann-password-123" >/dev/null

"$mcsurvey" migrate --from "$db" --to "$MCS_TEST_PG_URL" | tee "$tmp/migrate.txt"
src=$(sed -n 's/^source: \(.*\)$/\1/p' "$tmp/migrate.txt")
dst=$(sed -n 's/^target: \(.*\)$/\1/p' "$tmp/migrate.txt")
[ -n "$src" ] && [ "$src" = "$dst" ] || { echo "FAIL: source '$src' target '$dst'"; exit 1; }
count=$(echo "$src" | awk '{print $1}')
[ "$count" -ge 40 ] || { echo "FAIL: only $count responses in the source"; exit 1; }

for f in employers authorities; do
  "$mcsurvey" export --form "$f" --all --format csv --db "$db" --out "$tmp/$f-sqlite.csv" 2>/dev/null
  "$mcsurvey" export --form "$f" --all --format csv --db "$MCS_TEST_PG_URL" --out "$tmp/$f-pg.csv" 2>/dev/null
  cmp "$tmp/$f-sqlite.csv" "$tmp/$f-pg.csv" || { echo "FAIL: $f exports differ"; exit 1; }
done
# Accounts move too: the analyst added after serving is there.
psql "$MCS_TEST_PG_URL" -Atc "SELECT role FROM users WHERE name = 'ann'" | grep -qx analyst ||
  { echo "FAIL: user ann not copied"; exit 1; }
# Migrating again into a database with responses is refused.
if "$mcsurvey" migrate --from "$db" --to "$MCS_TEST_PG_URL" >/dev/null 2>&1; then
  echo "FAIL: a second migrate into a full database was accepted"; exit 1
fi
# The backup taken while serving is a complete SQLite database with the responses of that moment.
bcount=$("$mcsurvey" migrate --from "sqlite:$tmp/backup.db" --to "sqlite:$tmp/copy-of-backup.db" |
  sed -n 's/^source: \([0-9]*\) .*/\1/p')
[ "$bcount" -ge 40 ] || { echo "FAIL: the backup holds $bcount responses"; exit 1; }
echo "pg.migrate: ok ($src)"
