#!/usr/bin/env bash
# Installs the pinned openapi-spec-validator and PyYAML (PyPI) into .local/openapi-tools, once: the contract
# test checks the served document with the validator common tools use, and reads it as YAML 1.1 (PyYAML), where
# an unquoted `on` or `no` is a boolean.
set -euo pipefail
cd "$(dirname "$0")/.."

validator="0.9.0"
pyyaml="6.0.4"
venv=".local/openapi-tools"
installed() {
  "$venv/bin/python" - "$validator" "$pyyaml" 2>/dev/null <<'PY'
import sys
from importlib.metadata import version
sys.exit(0 if (version("openapi-spec-validator"), version("PyYAML")) == (sys.argv[1], sys.argv[2]) else 1)
PY
}
if [ -x "$venv/bin/python" ] && installed; then
  exit 0
fi
echo "Installing openapi-spec-validator $validator and PyYAML $pyyaml into $venv ..." >&2
rm -rf "$venv"
mkdir -p .local
python3 -m venv "$venv"
"$venv/bin/pip" install --quiet --disable-pip-version-check "openapi-spec-validator==$validator" "PyYAML==$pyyaml" >&2
