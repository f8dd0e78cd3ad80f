#!/usr/bin/env bash
# `make run`: everything from a fresh clone to a serving API on 127.0.0.1:8080.
set -euo pipefail
cd "$(dirname "$0")/.."

./scripts/ensure-system-packages.sh
if [ -z "${DATABASE_URL:-}" ]; then
  DATABASE_URL="$(./scripts/local-db.sh start)"
  export DATABASE_URL
fi

swift build
bin="$(swift build --show-bin-path)"

"$bin/pilnveide" migrate
"$bin/pilnveide" catalogue import Courses
"$bin/pilnveide" certification import
# The issuer's signing key: its secret in .local/keys (or PILNVEIDE_KEYS_DIR), its public half published in the database.
"$bin/pilnveide" keys generate --if-missing

admin_email="${PILNVEIDE_ADMIN_EMAIL:-admin@pilnveide.local}"
mkdir -p .local

"$bin/pilnveide" users create-first-admin --email "$admin_email" --password-file .local/first-admin-password

host="${PILNVEIDE_HOST:-127.0.0.1}"
port="${PILNVEIDE_PORT:-8080}"
cat <<INFO

Pilnveide API on http://$host:$port  (OpenAPI document: http://$host:$port/openapi.yaml)
Sign in as the first inspectorate administrator:
  jq -n --arg email "$admin_email" --rawfile password .local/first-admin-password \\
    '{email: \$email, password: (\$password | rtrimstr("\\n"))}' \\
  | curl -s http://$host:$port/v1/auth/login -H 'Content-Type: application/json' -d @-
(or read the password from .local/first-admin-password; change it with: $bin/pilnveide users set-password --email $admin_email)

INFO
exec "$bin/pilnveide-api"
