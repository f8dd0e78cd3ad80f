#!/usr/bin/env bash
# Installs the pinned schemathesis (PyPI) into .local/schemathesis for the contract fuzz test, once.
set -euo pipefail
cd "$(dirname "$0")/.."

version="4.32.5"
venv=".local/schemathesis"
if [ -x "$venv/bin/schemathesis" ] && [ "$("$venv/bin/schemathesis" --version 2>/dev/null)" = "schemathesis, version $version" ]; then
  exit 0
fi
echo "Installing schemathesis $version into $venv ..." >&2
rm -rf "$venv"
mkdir -p .local
python3 -m venv "$venv"
"$venv/bin/pip" install --quiet --disable-pip-version-check "schemathesis==$version" >&2
