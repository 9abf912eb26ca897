#!/usr/bin/env bash
# pg.migrate: a SQLite study with real responses (loadgen walking the questionnaires, partial ones
# left behind when it stops) and fieldwork (an address book, SMTP settings with their password, a
# queued campaign) is copied to PostgreSQL with `mcsurvey migrate`, then back to SQLite; the command's
# counts and checksums of every kind of record must agree, and the CSV exports, the campaign figures
# and a person's access copy read from either database must be byte for byte the same.
# (Mid-fieldwork behaviour on the copy, sent/uncertain/opted-out mail, reminders and erasure:
# unit test MigrateFieldwork, run on PostgreSQL by pg.conformance.)
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
# Fieldwork: an address book, the relay's settings with a password, a campaign queued.
printf 'E-mail;Name;Organisation;Group;Country;Language\r\nann@example.org;Ann <b>A</b>;Org A;employers;BE;fr\r\nbob@example.org;Bob;Org B;employers;DE;de\r\ncy@example.org;Cy;Org C;authorities;GR;en\r\n' \
  >"$tmp/contacts.csv"
"$mcsurvey" contacts import "$tmp/contacts.csv" --db "$db" >/dev/null
"$mcsurvey" smtp set --host 127.0.0.1 --port 2525 --security none --from survey@example.org --user relay \
  --password-stdin --public-url https://survey.example.org --db "$db" <<<"relay-secret" >/dev/null
"$mcsurvey" campaign send --form employers --db "$db" >/dev/null

# Every kind of record: "digest KIND N SHA N SHA ok"; fieldwork kinds must not be empty.
check_digests() {
  local out=$1
  if grep '^digest ' "$out" | grep -v ' ok$'; then echo "FAIL: digests differ"; exit 1; fi
  for kind in settings forms windows users invitations contacts campaigns mail responses audit; do
    n=$(awk -v k="$kind" '$1 == "digest" && $2 == k {print $3}' "$out")
    [ -n "$n" ] && [ "$n" -gt 0 ] || { echo "FAIL: no $kind copied ($n)"; exit 1; }
  done
}

"$mcsurvey" migrate --from "$db" --to "$MCS_TEST_PG_URL" | tee "$tmp/migrate.txt"
src=$(sed -n 's/^source: \(.*\)$/\1/p' "$tmp/migrate.txt")
dst=$(sed -n 's/^target: \(.*\)$/\1/p' "$tmp/migrate.txt")
[ -n "$src" ] && [ "$src" = "$dst" ] || { echo "FAIL: source '$src' target '$dst'"; exit 1; }
count=$(echo "$src" | awk '{print $1}')
[ "$count" -ge 40 ] || { echo "FAIL: only $count responses in the source"; exit 1; }
check_digests "$tmp/migrate.txt"
# And back: PostgreSQL -> SQLite.
"$mcsurvey" migrate --from "$MCS_TEST_PG_URL" --to "sqlite:$tmp/back.db" >"$tmp/back.txt"
check_digests "$tmp/back.txt"
[ "$(grep '^digest ' "$tmp/migrate.txt" | awk '{print $2, $3, $4}')" = \
  "$(grep '^digest ' "$tmp/back.txt" | awk '{print $2, $3, $4}')" ] || { echo "FAIL: the round trip changed"; exit 1; }
# The campaign's figures and Ann's access copy (without its compilation time and the audit log's line
# numbers, which a copy numbers afresh) read the same from all three databases.
i=0
for d in "$db" "$MCS_TEST_PG_URL" "sqlite:$tmp/back.db"; do
  i=$((i + 1))
  { "$mcsurvey" campaign status --db "$d"
    "$mcsurvey" subject export ann@example.org --out "$tmp/ann-$i.txt" --db "$d" >/dev/null
    sed -e '/^Compiled /d' -e 's/^- audit [0-9]*/- audit/' "$tmp/ann-$i.txt"; } >"$tmp/fieldwork-$i.txt"
done
grep -q 'ann@example.org' "$tmp/fieldwork-1.txt" && grep -q '^== contact' "$tmp/fieldwork-1.txt" ||
  { echo "FAIL: no access copy"; cat "$tmp/fieldwork-1.txt"; exit 1; }
for i in 2 3; do
  diff "$tmp/fieldwork-1.txt" "$tmp/fieldwork-$i.txt" ||
    { echo "FAIL: campaign figures or the access copy differ after the move ($i)"; exit 1; }
done

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
