#!/bin/sh
# Browser-side tests (xpath_corpus.test.mjs): the XPath corpus through mcsurvey-xpath.js under node
# and headless Chromium, and through Enketo's evaluator for tests/xpath/enketo_differences.md.
# Needs node and npm, /usr/bin/chromium (apt-get install -y --no-install-recommends chromium) and
# the unit test binary (cmake --build build --target unit_tests; MCS_UNIT_TESTS=path for another).
# Respondents' journeys, accessibility (axe-core), mobile and page weight run `mcsurvey serve`
# (MCS_BINARY, default build/mcsurvey). Arguments: the test files to run (default: all).
set -eu
cd "$(dirname "$0")"
if [ ! -d node_modules/playwright-core ] || [ ! -d node_modules/openrosa-xpath-evaluator ] || [ ! -d node_modules/axe-core ]; then
  if [ -f package-lock.json ]; then
    npm ci --no-audit --no-fund
  else
    npm install --no-audit --no-fund
  fi
fi
# A skipped (or todo) test makes the run exit 77, which ctest reports as skipped, not passed.
exec bash ../skipped_if.sh '^(# skipped|# todo|ℹ skipped|ℹ todo) [1-9]' node --test "$@"
