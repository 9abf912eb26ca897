#!/usr/bin/env bash
# Builds the libFuzzer targets (tests/fuzz/fuzz_*.cpp) with clang, ASan and UBSan in build-fuzz/,
# then runs each for a bounded time on a copy of its seed corpus (tests/fuzz/corpus/<target>/; the
# committed corpus never grows). Prints one line per target (runs, execs/s, new corpus units) and
# exits non-zero if any target crashed, leaked, hung or ran out of memory; the input that did it is
# kept in build-fuzz/artifacts/<target>/.
# Usage: tests/fuzz/run.sh [target...]   env: MCS_FUZZ_SECONDS (per target, default 20), JOBS
set -euo pipefail
cd "$(dirname "$0")/../.."
secs=${MCS_FUZZ_SECONDS:-20}
build=build-fuzz
command -v clang++ >/dev/null || { echo "fuzz: clang++ missing (apt-get install clang libclang-rt-14-dev)"; exit 1; }

all=()
for f in tests/fuzz/fuzz_*.cpp; do all+=("$(basename "$f" .cpp)"); done
targets=("${@:-${all[@]}}")

# -O1 with line tables only: about a third quicker to build than -O2 -g, and fast enough to fuzz.
# Build type None (no flags of its own; assertions on): an empty one is made RelWithDebInfo by
# CMakeLists.txt, whose -O2 -g -DNDEBUG came after these flags and won (until session testtime:
# 146 s of CPU for the fuzz build at -O2 -g, 137 s at -O1; the heaviest files 13-15% quicker).
cmake -S . -B $build -DCMAKE_CXX_COMPILER=clang++ -DCMAKE_BUILD_TYPE=None -DCMAKE_CXX_FLAGS="-O1 -gline-tables-only" -DMCS_FUZZ=ON -DMCS_TESTS=OFF >/dev/null
cmake --build $build -j"${JOBS:-2}" --target "${targets[@]}" >$build/build.log 2>&1 || { tail -50 $build/build.log; exit 1; }

# Longest input per target: big enough for the seeds (xlsx files are zips of a few KB), small enough
# that the fuzzer spends its time on structure rather than on megabytes of filler.
max_len() {
  case $1 in
    fuzz_xlsform_xlsx) echo 32768 ;;
    fuzz_xlsform_md|fuzz_xlsform_csv) echo 16384 ;;
    fuzz_api_answers) echo 8192 ;;
    *) echo 4096 ;;
  esac
}

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
failed=0
printf "%-20s %10s %12s %8s %s\n" target seconds runs execs/s result
for t in "${targets[@]}"; do
  mkdir -p "$tmp/$t" $build/artifacts/$t $build/logs
  cp -r tests/fuzz/corpus/$t/. "$tmp/$t/"
  log=$build/logs/$t.log
  rc=0
  ASAN_OPTIONS=detect_leaks=1:abort_on_error=0 UBSAN_OPTIONS=print_stacktrace=1 \
    $build/$t -max_total_time="$secs" -max_len="$(max_len "$t")" -rss_limit_mb=2048 -timeout=10 \
    -print_final_stats=1 -artifact_prefix=$build/artifacts/$t/ "$tmp/$t" >"$log" 2>&1 || rc=$?
  runs=$(awk '/stat::number_of_executed_units/ {print $NF}' "$log")
  eps=$(awk '/stat::average_exec_per_sec/ {print $NF}' "$log")
  if [ $rc -eq 0 ]; then
    result=ok
  else
    result="FAILED (exit $rc): $(grep -m1 -E 'ERROR: |runtime error|SUMMARY' "$log" || echo 'see log'); log $log"
    failed=1
  fi
  printf "%-20s %10s %12s %8s %s\n" "$t" "$secs" "${runs:-?}" "${eps:-?}" "$result"
done
if [ $failed -ne 0 ]; then
  echo "fuzz: crash inputs in $build/artifacts/<target>/ (reproduce: $build/<target> <file>)"
  exit 1
fi
