#!/usr/bin/env bash
# Complete responses per second on PostgreSQL with one node and with two nodes on the same
# database. Each run starts on a fresh throwaway cluster (tests/pg/with_postgres.sh); loadgen walks
# whole questionnaires through the HTML pages. With two nodes, two loadgen processes share the
# connections between the nodes (a balancer with sticky clients) and their rates are added.
#
# Usage: bench/pg_nodes.sh [SECONDS] [CONNECTIONS]   (build first: cmake --build build --target mcsurvey loadgen)
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build=${MCS_BUILD:-$root/build}
seconds=${1:-10}
conns=${2:-64}

if [ -z "${MCS_TEST_PG_URL:-}" ]; then
  exec "$root/tests/pg/with_postgres.sh" "$0" "$@"
fi

tmp=$(mktemp -d /tmp/mcs-pgbench.XXXXXX)
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  wait 2>/dev/null || true
  rm -rf "$tmp"
}
trap cleanup EXIT

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }

start_node() {  # start_node PORT: starts a node, waits until it serves
  MCSURVEY_ADMIN_PASSWORD=bench-password-123 "$build/mcsurvey" serve --db "$MCS_TEST_PG_URL" \
    --listen "127.0.0.1:$1" --threads 2 --post-rate 0 >"$tmp/node-$1.log" 2>&1 &
  pids+=($!)
  for _ in $(seq 1 300); do
    if grep -q "serving at" "$tmp/node-$1.log"; then return 0; fi
    sleep 0.1
  done
  cat "$tmp/node-$1.log" >&2
  return 1
}

forms=(--form employers --form authorities --form vet_providers --form employee_orgs)
rate() { sed -n 's/.*= \([0-9.]*\) complete responses\/s.*/\1/p' "$1" | head -1; }

p1=$(free_port)
start_node "$p1"
"$build/loadgen" --url "http://127.0.0.1:$p1" "${forms[@]}" --connections "$conns" --seconds "$seconds" >"$tmp/one.txt"
one=$(rate "$tmp/one.txt")
echo "one node:  $one complete responses/s   ($(grep -o 'latency.*' "$tmp/one.txt" | head -1))"

p2=$(free_port)
start_node "$p2"
half=$((conns / 2))
"$build/loadgen" --url "http://127.0.0.1:$p1" "${forms[@]}" --connections "$half" --seconds "$seconds" >"$tmp/a.txt" &
la=$!
"$build/loadgen" --url "http://127.0.0.1:$p2" "${forms[@]}" --connections "$half" --seconds "$seconds" >"$tmp/b.txt"
wait "$la"
a=$(rate "$tmp/a.txt")
b=$(rate "$tmp/b.txt")
two=$(python3 -c "print(round($a + $b, 1))")
echo "two nodes: $two complete responses/s   (node 1: $a, node 2: $b)"
echo "machine: $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg)"
