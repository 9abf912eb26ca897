#!/usr/bin/env bash
# Installs the Debian 12 packages mcsurvey needs to build and test. Idempotent and fast when
# everything is present: it asks dpkg first and calls apt-get only for what is missing.
# Usage: scripts/install-deps.sh [run|test|test-build|test-runtime] [--sudo-first]
#   run           what make run builds and serves with
#   test          everything make test needs (test-build and test-runtime together)
#   test-build    run's packages and what make test's configure and compile look for (GoogleTest, clang
#                 for the fuzz probe, wrk for the soak test)
#   test-runtime  the programs only the tests run (Chromium, PostgreSQL, R, PSPP, ...): nothing is
#                 compiled against them, so make test installs them in the background while it compiles
#   --sudo-first  only ask sudo for its password now (if something is missing and sudo wants one), so
#                 that the installation itself can run in the background
set -euo pipefail
mode=${1:-test}

build_pkgs=(
  build-essential cmake pkg-config
  libboost1.81-dev libboost-json1.81-dev libboost-url1.81-dev
  libsqlite3-dev libpq-dev libfmt-dev libcli11-dev libsodium-dev
  libreadstat-dev libxlsxwriter-dev libzip-dev libexpat1-dev zlib1g-dev
  libpcre2-dev      # regex() in forms: bounded backtracking (std::regex overflowed on {3333333333333333333})
  libicu-dev        # CLDR plural rules and number formats in the respondent's language (issue 24); country names in 24 languages (contacts import, issue 22)
  libdeflate-dev    # gzip of pages compressed once (templates, static files): about a third faster than zlib, smaller output
  libisal-dev       # gzip of each respondent's own page (review, errors): Intel ISA-L, about half libdeflate's CPU
  libcurl4-openssl-dev   # SMTP for invitations and reminders
  libjemalloc-dev   # the server's allocator: fewer cycles per request than glibc malloc (bench/results.md)
)
test_build_pkgs=(
  libgtest-dev libgmock-dev googletest libbenchmark-dev
  clang libclang-rt-14-dev   # libFuzzer with ASan and UBSan: the fuzz ctest (configure checks that clang links it)
  wrk                        # the soak test's load (configure leaves the test out without it)
)
test_runtime_pkgs=(
  python3 sqlite3 curl
  pspp r-cran-haven python3-openpyxl r-cran-survey postgresql-15
  chromium fonts-dejavu-core
  python3-aiosmtpd   # the loopback SMTP server of the mail tests
  dovecot-imapd      # http.test_bounces: the bounce mailbox on loopback (IMAP, a Maildir)
  poppler-utils   # pdftotext: the report's contents page numbers (mcsurvey report --out x.pdf) and the PDF tests (print, copy of answers)
  translate-toolkit          # http.test_translate: a CAT tool's round trip of our XLIFF (pocount, xliff2po, po2xliff)
)

sudo_first=no
if [ "${2:-}" = --sudo-first ]; then sudo_first=yes; fi
case $mode in
  run) pkgs=("${build_pkgs[@]}") ;;
  test) pkgs=("${build_pkgs[@]}" "${test_build_pkgs[@]}" "${test_runtime_pkgs[@]}") ;;
  test-build) pkgs=("${build_pkgs[@]}" "${test_build_pkgs[@]}") ;;
  test-runtime) pkgs=("${test_runtime_pkgs[@]}") ;;
  *) echo "install-deps: unknown mode $mode (run, test, test-build or test-runtime)" >&2; exit 2 ;;
esac

missing=()
for p in "${pkgs[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done
# The browser tests run under node (this machine kind ships one; Debian's nodejs otherwise).
if { [ "$mode" = test ] || [ "$mode" = test-runtime ]; } && ! command -v node >/dev/null; then missing+=(nodejs npm); fi
if [ ${#missing[@]} -eq 0 ]; then exit 0; fi
if [ $sudo_first = yes ]; then
  if [ "$(id -u)" -ne 0 ]; then sudo -v; fi
  exit 0
fi

echo "install-deps: installing ${missing[*]}"
if [ "$(id -u)" -ne 0 ]; then SUDO=sudo; else SUDO=; fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
