#!/bin/sh
# ctest audit.stats: the analyst's figures on a study-like fixture (audit_check) recomputed in R
# (audit_compare.R). Skips (77) when Rscript or R's survey package is missing.
set -eu
check="$1"
if ! command -v Rscript >/dev/null 2>&1 || ! Rscript -e 'quit(status = !requireNamespace("survey", quietly = TRUE))' >/dev/null 2>&1; then
  echo "SKIP: Rscript with the survey package (r-cran-survey) not installed"
  exit 77
fi
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
"$check" "$dir"
Rscript "$(dirname "$0")/audit_compare.R" "$dir"
