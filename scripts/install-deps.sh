#!/usr/bin/env bash
# Installs the Debian 12 packages mcsurvey needs to build and test. Idempotent and fast when
# everything is present: it asks dpkg first and calls apt-get only for what is missing.
# Usage: scripts/install-deps.sh [run|test]
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
test_pkgs=(
  libgtest-dev libgmock-dev googletest libbenchmark-dev python3 sqlite3 curl
  pspp r-cran-haven python3-openpyxl r-cran-survey postgresql-15
  chromium fonts-dejavu-core wrk
  python3-aiosmtpd   # the loopback SMTP server of the mail tests
  dovecot-imapd      # http.test_bounces: the bounce mailbox on loopback (IMAP, a Maildir)
  poppler-utils   # pdftotext: the report's contents page numbers (mcsurvey report --out x.pdf) and the PDF tests (print, copy of answers)
  clang libclang-rt-14-dev   # libFuzzer with ASan and UBSan: the fuzz ctest
  translate-toolkit          # http.test_translate: a CAT tool's round trip of our XLIFF (pocount, xliff2po, po2xliff)
)

pkgs=("${build_pkgs[@]}")
if [ "$mode" = test ]; then pkgs+=("${test_pkgs[@]}"); fi

missing=()
for p in "${pkgs[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done
# The browser tests run under node (this machine kind ships one; Debian's nodejs otherwise).
if [ "$mode" = test ] && ! command -v node >/dev/null; then missing+=(nodejs npm); fi
if [ ${#missing[@]} -eq 0 ]; then exit 0; fi

echo "install-deps: installing ${missing[*]}"
if [ "$(id -u)" -ne 0 ]; then SUDO=sudo; else SUDO=; fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
