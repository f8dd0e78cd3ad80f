#!/usr/bin/env bash
# Installs the pinned aiosmtpd (PyPI) into .local/aiosmtpd, once, and the openssl command if it is missing: the
# mail tests deliver through a real SMTP server (STARTTLS with a certificate openssl makes, AUTH) that
# Tests/Mail/smtp_server.py starts with it, and read what arrived with Python's own `email` package.
set -euo pipefail
cd "$(dirname "$0")/.."

aiosmtpd="1.4.6"
# Its dependencies, pinned too, so every machine runs the same server.
atpublic="9.0.0"
attrs="26.1.0"
venv=".local/aiosmtpd"
installed() {
  "$venv/bin/python" - "$aiosmtpd" "$atpublic" "$attrs" 2>/dev/null <<'PY'
import sys
from importlib.metadata import version
sys.exit(0 if (version("aiosmtpd"), version("atpublic"), version("attrs")) == tuple(sys.argv[1:]) else 1)
PY
}
# The test server's certificate is made with the openssl command.
if ! command -v openssl >/dev/null 2>&1; then
  echo "Installing openssl ..." >&2
  SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  $SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends openssl >/dev/null
fi
if [ -x "$venv/bin/python" ] && installed; then
  exit 0
fi
echo "Installing aiosmtpd $aiosmtpd into $venv ..." >&2
rm -rf "$venv"
mkdir -p .local
python3 -m venv "$venv"
"$venv/bin/pip" install --quiet --disable-pip-version-check "aiosmtpd==$aiosmtpd" "atpublic==$atpublic" "attrs==$attrs" >&2
