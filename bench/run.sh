#!/usr/bin/env bash
# make bench: the whole benchmark suite. HTTP figures from separate processes (bench/bench.py: wrk and
# bench/loadgen against mcsurvey on temporary databases), then the in-process Google Benchmarks.
# Prints one table (figure, target, median measured, ratio) and appends it to bench/results.md.
# Usage: bench/run.sh [--seconds 8] [--runs 3] [--only start,pages,respondents,api250,export,report] [--no-record]
set -euo pipefail
cd "$(dirname "$0")/.."
command -v wrk >/dev/null || { echo "bench: installing wrk"; apt-get install -y -qq --no-install-recommends wrk >/dev/null; }
/usr/bin/python3 bench/bench.py "$@"
# E-mail (issue 22): 10,000 invitations through the queue to a local SMTP server (bench/smtp_count_sink.py).
echo
/usr/bin/python3 bench/mail_bench.py || echo "mail bench: failed"
if [ -x build/xpath_bench ]; then
  echo
  echo "expression engine (build/xpath_bench):"
  build/xpath_bench --benchmark_color=false 2>&1 | sed -n '/^Benchmark/,$p'
else
  echo "expression engine: build/xpath_bench not built (libbenchmark-dev missing)"
fi
