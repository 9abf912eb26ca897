#!/bin/sh
# Statistics benchmark: 1,000,000 responses (bench/export_bench.py's 100-question study, cached in
# /tmp/mcsurvey-bench), load time and the cross-tab of one question by group x country, measured
# apart. Target: cross-tab <= 200 ms. Results go in bench/stats-results.md.
# Usage: bench/stats.sh [RESPONSES]   (build first: cmake --build build --target mcsurvey stats_bench)
set -eu
root=$(cd "$(dirname "$0")/.." && pwd)
n=${1:-1000000}
cache=/tmp/mcsurvey-bench
db="$cache/export-$n.db"
if [ ! -f "$db" ]; then
  mkdir -p "$cache"
  MCSURVEY="$root/build/mcsurvey" python3 -c "
import os, sys
sys.path.insert(0, '$root/bench')
import export_bench
export_bench.build('$db.part', $n)
os.rename('$db.part', '$db')
"
fi
"$root/build/stats_bench" "sqlite:$db" bench100 q0 7
