#!/usr/bin/env bash
# The project-local PostgreSQL cluster, used when DATABASE_URL is not set.
#
#   scripts/local-db.sh start   create (first time) and start the cluster; print its DATABASE_URL
#   scripts/local-db.sh stop    stop it
#   scripts/local-db.sh url     print its DATABASE_URL
#
# The cluster lives in .local/postgres (git-ignored), listens on 127.0.0.1 and a private socket directory,
# and requires a password over TCP. PostgreSQL refuses to run as root, so as root the cluster belongs to the
# `postgres` system user; as an ordinary user it belongs to that user.
set -euo pipefail

root="$(cd "$(dirname "$0")/.." && pwd)"
state="${PILNVEIDE_LOCAL_DIR:-$root/.local}"
pgdir="$state/postgres"
data="$pgdir/data"
sock="$pgdir/run"
log="$pgdir/server.log"
port="${PILNVEIDE_PG_PORT:-54329}"
url_file="$state/database-url"

pgbin=""
for dir in $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V -r); do
  if [ -x "$dir/initdb" ]; then pgbin="$dir"; break; fi
done
if [ -z "$pgbin" ] && command -v initdb >/dev/null 2>&1; then pgbin="$(dirname "$(command -v initdb)")"; fi
[ -n "$pgbin" ] || { echo "error: PostgreSQL server programs not found; run scripts/ensure-system-packages.sh" >&2; exit 1; }

if [ "$(id -u)" -eq 0 ]; then
  owner="postgres"
  id postgres >/dev/null 2>&1 || { echo "error: running as root but there is no 'postgres' user to own the cluster" >&2; exit 1; }
  as_owner() { runuser -u postgres -- "$@"; }
else
  owner="$(id -un)"
  as_owner() { "$@"; }
fi

psql_admin() { as_owner "$pgbin/psql" -X -q -h "$sock" -p "$port" -U postgres -d postgres -v ON_ERROR_STOP=1 "$@"; }

create_cluster() {
  mkdir -p "$state" && chmod 700 "$state"
  mkdir -p "$pgdir" "$sock"
  chown "$owner" "$pgdir" "$sock" 2>/dev/null || true
  chmod 700 "$pgdir" "$sock"
  echo "Creating the local PostgreSQL cluster in $data" >&2
  as_owner "$pgbin/initdb" -D "$data" -U postgres --auth-local=trust --auth-host=scram-sha-256 \
    --encoding=UTF8 --locale=C.UTF-8 >/dev/null
}

start() {
  [ -f "$data/PG_VERSION" ] || create_cluster
  # The cluster's owner must be able to reach its folder (as root, .local is root's).
  if [ "$owner" = "postgres" ]; then chmod o+x "$state"; fi
  if ! as_owner "$pgbin/pg_ctl" -D "$data" status >/dev/null 2>&1; then
    as_owner "$pgbin/pg_ctl" -D "$data" -l "$log" -w -t 60 \
      -o "-p $port -k $sock -c listen_addresses=127.0.0.1" start >/dev/null \
      || { echo "error: the local PostgreSQL did not start; see $log" >&2; exit 1; }
  fi
  ensure_database
  cat "$url_file"
}

ensure_database() {
  local pw_file="$state/app-password"
  if [ ! -s "$pw_file" ]; then
    (umask 077; head -c 24 /dev/urandom | od -An -tx1 | tr -d ' \n' > "$pw_file")
  fi
  local pw; pw="$(cat "$pw_file")"
  psql_admin <<SQL
SELECT 'CREATE ROLE pilnveide LOGIN CREATEDB' WHERE NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'pilnveide')
\gexec
ALTER ROLE pilnveide WITH LOGIN CREATEDB PASSWORD '$pw';
SELECT 'CREATE DATABASE pilnveide OWNER pilnveide' WHERE NOT EXISTS (SELECT FROM pg_database WHERE datname = 'pilnveide')
\gexec
SQL
  (umask 077; echo "postgres://pilnveide:$pw@127.0.0.1:$port/pilnveide" > "$url_file")
}

case "${1:-}" in
  start) start ;;
  stop) [ -f "$data/PG_VERSION" ] && as_owner "$pgbin/pg_ctl" -D "$data" -m fast stop >/dev/null; true ;;
  url) cat "$url_file" ;;
  *) echo "usage: $0 start|stop|url" >&2; exit 2 ;;
esac
