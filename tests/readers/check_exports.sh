#!/usr/bin/env bash
# Reads exported .sav, .dta and .xlsx files back with real readers (GNU PSPP, R haven, openpyxl)
# and compares every value and label with what was submitted.
# Usage: tests/readers/check_exports.sh EXPECTED.json   (the shape is described in compare_exports.py)
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# Debian's python modules (python3-openpyxl) belong to the system interpreter, not to a pyenv one.
py=/usr/bin/python3
[ -x "$py" ] || py=python3
export LANG=C.UTF-8 LC_ALL=C.UTF-8
exec "$py" "$here/compare_exports.py" "$1"
