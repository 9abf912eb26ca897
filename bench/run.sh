#!/usr/bin/env bash
# First benchmark: starts mcsurvey on a temporary SQLite database and measures, with wrk from a
# separate process, the landing page, a questionnaire page, and durable API submissions.
# Prints one table (figure, value). Usage: bench/run.sh [seconds per figure]
set -euo pipefail
cd "$(dirname "$0")/.."
secs=${1:-8}
command -v wrk >/dev/null || { echo "bench: installing wrk"; apt-get install -y -qq --no-install-recommends wrk >/dev/null; }
bin=build/mcsurvey
tmp=$(mktemp -d)
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
MCSURVEY_ADMIN_PASSWORD=bench-password-123 $bin serve --db "sqlite:$tmp/bench.db" --listen "127.0.0.1:$port" --threads 2 --post-rate 0 >"$tmp/log" 2>&1 &
pid=$!
trap 'kill $pid 2>/dev/null; wait $pid 2>/dev/null; rm -rf "$tmp"' EXIT
for _ in $(seq 100); do grep -q serving "$tmp/log" && break; sleep 0.05; done
url=http://127.0.0.1:$port

figure() {  # name, wrk args...
  local name=$1; shift
  local out; out=$(wrk -t2 -c64 -d"${secs}s" --latency "$@")
  local rps p99
  rps=$(awk '/Requests\/sec/ {print $2}' <<<"$out")
  p99=$(awk '$1=="99%" {print $2}' <<<"$out")
  local non2xx; non2xx=$(awk '/Non-2xx/ {print $5}' <<<"$out")
  printf "| %-44s | %10s req/s | p99 %8s | non-2xx %s |\n" "$name" "$rps" "$p99" "${non2xx:-0}"
}

echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs); commit $(git rev-parse --short HEAD 2>/dev/null || echo '?')"
figure "GET / (landing), 64 connections" "$url/"
figure "GET /s/employers (page 1), 64 connections" "$url/s/employers"
figure "POST API response (durable), 64 connections" -s bench/api_post.lua "$url/api/v1/forms/employers/responses"
stored=$(sqlite3 "$tmp/bench.db" "select count(*) from responses" 2>/dev/null || echo "?")
echo "responses stored: $stored"

# The expression engine alone, in-process (bench/xpath_bench.cpp): built only when Google Benchmark
# is installed (Debian: libbenchmark-dev).
kill $pid 2>/dev/null || true  # the server is done: give the CPU to the benchmark
wait $pid 2>/dev/null || true
if [ -x build/xpath_bench ]; then
  echo
  echo "expression engine (build/xpath_bench):"
  build/xpath_bench --benchmark_color=false 2>&1 | sed -n '/^Benchmark/,$p'
else
  echo "expression engine: build/xpath_bench not built (libbenchmark-dev missing)"
fi
