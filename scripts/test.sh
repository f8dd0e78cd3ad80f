#!/usr/bin/env bash
# `make test`: the whole test suite against a real PostgreSQL (the local cluster unless DATABASE_URL is set).
# Each test suite gets a fresh database copied from a migrated template.
set -euo pipefail
cd "$(dirname "$0")/.."

./scripts/ensure-system-packages.sh --for-tests
./scripts/ensure-schemathesis.sh
./scripts/ensure-openapi-tools.sh
./scripts/ensure-aiosmtpd.sh
if [ -z "${DATABASE_URL:-}" ]; then
  DATABASE_URL="$(./scripts/local-db.sh start)"
  export DATABASE_URL
fi
swift test "$@"
