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
  # From /, which the postgres user can always enter, whatever the current folder is.
  as_owner() { (cd / && runuser -u postgres -- "$@"); }
else
  owner="$(id -un)"
  as_owner() { "$@"; }
fi

# Where the cluster's files are: .local/postgres itself, unless the cluster's owner cannot reach .local (as
# root inside a folder only root may enter, such as one made by mktemp) or the path is too long for a Unix
# socket (about 100 bytes). Then the files live in a fresh private folder under /var/tmp, made with mktemp so
# nobody can prepare it in advance, and .local/postgres links to it.
locate() {
  mkdir -p "$state" && chmod 700 "$state"
  if [ -L "$state/postgres" ]; then
    pgdir="$(readlink -f "$state/postgres")"
    if [ ! -d "$pgdir" ] || [ -L "$pgdir" ] || [ "$(stat -c %U "$pgdir")" != "$owner" ]; then
      echo "error: $state/postgres should link to a folder of $owner's; remove the link to start afresh" >&2
      exit 1
    fi
  elif [ -d "$state/postgres" ]; then
    pgdir="$state/postgres"
  elif [ ${#state} -gt 70 ] || { [ "$owner" = "postgres" ] && ! (chmod o+x "$state" && as_owner test -x "$state"); }; then
    chmod 700 "$state"
    pgdir="$(mktemp -d /var/tmp/pilnveide-postgres.XXXXXXXX)"
    chown -h "$owner" "$pgdir"
    ln -sfn "$pgdir" "$state/postgres"
  else
    pgdir="$state/postgres"
  fi
  # The cluster's owner must be able to reach its folder (as root, .local is root's).
  if [ "$pgdir" = "$state/postgres" ] && [ "$owner" = "postgres" ]; then chmod o+x "$state"; fi
  data="$pgdir/data"
  log="$pgdir/server.log"
  port_file="$pgdir/port"
  sock="$pgdir/run"
}

psql_admin() { as_owner "$pgbin/psql" -X -q -h "$sock" -p "$port" -U postgres -d postgres -v ON_ERROR_STOP=1 "$@"; }

port_in_use() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

# The port is chosen when the cluster is created (PILNVEIDE_PG_PORT, or the first free one from 54329) and
# remembered, so two checkouts on one machine each get their own.
choose_port() {
  local candidate="${PILNVEIDE_PG_PORT:-54329}"
  if [ -z "${PILNVEIDE_PG_PORT:-}" ]; then
    while port_in_use "$candidate"; do candidate=$((candidate + 1)); done
  fi
  echo "$candidate" > "$port_file"
}

create_cluster() {
  mkdir -p "$pgdir"
  chown -h "$owner" "$pgdir" 2>/dev/null || true
  chmod 700 "$pgdir"
  echo "Creating the local PostgreSQL cluster in $data" >&2
  as_owner "$pgbin/initdb" -D "$data" -U postgres --auth-local=trust --auth-host=scram-sha-256 \
    --encoding=UTF8 --locale=C.UTF-8 >/dev/null
}

start() {
  locate
  [ -f "$data/PG_VERSION" ] || create_cluster
  if [ ! -s "$port_file" ]; then
    # A running cluster from before ports were remembered: keep the port it listens on.
    if [ -f "$data/postmaster.pid" ]; then sed -n 4p "$data/postmaster.pid" > "$port_file"; else choose_port; fi
  fi
  port="$(cat "$port_file")"
  mkdir -p "$sock"
  chown -h "$owner" "$sock" 2>/dev/null || true
  chmod 700 "$sock"
  if ! as_owner "$pgbin/pg_ctl" -D "$data" status >/dev/null 2>&1; then
    as_owner "$pgbin/pg_ctl" -D "$data" -l "$log" -w -t 60 \
      -o "-p $port -k $sock -c listen_addresses=127.0.0.1 -c max_connections=300" start >/dev/null \
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
-- Lets the tests drop their databases even while autovacuum is at work in them.
GRANT pg_signal_backend TO pilnveide;
SELECT 'CREATE DATABASE pilnveide OWNER pilnveide' WHERE NOT EXISTS (SELECT FROM pg_database WHERE datname = 'pilnveide')
\gexec
SQL
  (umask 077; echo "postgres://pilnveide:$pw@127.0.0.1:$port/pilnveide" > "$url_file")
}

case "${1:-}" in
  start) start ;;
  stop)
    locate
    if [ -f "$data/PG_VERSION" ]; then as_owner "$pgbin/pg_ctl" -D "$data" -m fast stop >/dev/null || true; fi
    ;;
  url) cat "$url_file" ;;
  *) echo "usage: $0 start|stop|url" >&2; exit 2 ;;
esac
