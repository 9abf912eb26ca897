#!/usr/bin/env bash
# Runs a test command whose own exit code cannot say "skipped" (a GoogleTest binary, node --test) and
# turns a run that passed but skipped something into exit 77, ctest's SKIP_RETURN_CODE for the tests
# under tests/ (tests/CMakeLists.txt), so that ctest reports it as skipped, never as passed.
# A failure stays a failure: only an exit code of 0 is looked at.
# Usage: tests/skipped_if.sh EXTENDED_REGEX COMMAND [ARGS...]
#   GoogleTest:   '^\[  SKIPPED \]'             (its summary lists the skipped tests)
#   node --test:  '^(# skipped|# todo|ℹ skipped|ℹ todo) [1-9]'   (TAP or spec reporter summary)
set -uo pipefail
pattern=$1
shift
log=$(mktemp)
trap 'rm -f "$log"' EXIT
"$@" 2>&1 | tee "$log"
rc=${PIPESTATUS[0]}
if [ "$rc" -eq 0 ] && grep -Eq "$pattern" "$log"; then
  echo "skipped_if: the run passed but skipped tests (lines matching '$pattern' above): reported as skipped" >&2
  exit 77
fi
exit "$rc"
