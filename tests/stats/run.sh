#!/bin/sh
# ctest stats_r: mcsurvey's weighted estimates against R's survey package (survey_compare.R).
set -eu
check="$1"
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
"$check" "$dir"
Rscript "$(dirname "$0")/survey_compare.R" "$dir"
