#!/usr/bin/env bash
# Installs the system packages the build and the local database need, when they are missing.
# Safe to run every time: it only calls apt-get when something is absent.
#   --for-tests   also what the tests need: an independent iCalendar parser (Debian's python3-icalendar), a QR
#                 decoder (zbar-tools), a browser (chromium, chromium-driver, python3-selenium) and pdfinfo
#   --for-bench   also the HTTP load tool of `make bench` (wrk)
set -euo pipefail

missing=()
if [ "${1:-}" = "--for-tests" ] && ! /usr/bin/python3 -c "import icalendar" 2>/dev/null; then
  missing+=(python3-icalendar)
fi
# An independent QR decoder, to read back the codes printed certificates carry; a real browser (Chromium driven
# by Selenium) and pdfinfo, to check the public pages as people see and print them.
if [ "${1:-}" = "--for-tests" ]; then
  command -v zbarimg >/dev/null 2>&1 || missing+=(zbar-tools)
  command -v chromium >/dev/null 2>&1 || missing+=(chromium)
  command -v chromedriver >/dev/null 2>&1 || missing+=(chromium-driver)
  /usr/bin/python3 -c "import selenium" 2>/dev/null || missing+=(python3-selenium)
  command -v pdfinfo >/dev/null 2>&1 || missing+=(poppler-utils)
fi
if [ "${1:-}" = "--for-bench" ]; then
  command -v wrk >/dev/null 2>&1 || missing+=(wrk)
fi
pkg-config --exists libargon2 2>/dev/null || missing+=(libargon2-dev pkg-config)
# zlib for the GZIP of credential status lists (compress-nio links it).
[ -e /usr/include/zlib.h ] || missing+=(zlib1g-dev)
# libqrencode for the QR codes of printed certificates.
pkg-config --exists libqrencode 2>/dev/null || missing+=(libqrencode-dev)
if ! command -v initdb >/dev/null 2>&1 && ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then
  missing+=(postgresql)
fi
command -v psql >/dev/null 2>&1 || missing+=(postgresql-client)
# curl and jq are what the README's tour uses.
command -v curl >/dev/null 2>&1 || missing+=(curl)
command -v jq >/dev/null 2>&1 || missing+=(jq)

[ ${#missing[@]} -eq 0 ] && exit 0

echo "Installing system packages: ${missing[*]}" >&2
if [ "$(id -u)" -eq 0 ]; then
  SUDO=""
elif command -v sudo >/dev/null 2>&1; then
  SUDO="sudo"
else
  echo "error: missing system packages (${missing[*]}) and no sudo to install them; install them and retry" >&2
  exit 1
fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
