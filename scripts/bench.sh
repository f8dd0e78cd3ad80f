#!/usr/bin/env bash
# `make bench`: a release build on a seeded national database, loaded by wrk from a second process; prints
# one table (requests/s, p50, p99, errors per endpoint), the server's start-up time and peak memory, and
# saves EXPLAIN (ANALYZE, BUFFERS) of the heaviest queries. Never part of `make test`'s pass or fail.
#   BENCH_SCALE=national|10x (default national)  BENCH_DURATION=10s  BENCH_CONNECTIONS=16
set -euo pipefail
cd "$(dirname "$0")/.."

scale="${BENCH_SCALE:-national}"
duration="${BENCH_DURATION:-10s}"
connections="${BENCH_CONNECTIONS:-16}"
port="${BENCH_PORT:-8091}"
out=".local/bench"
mkdir -p "$out"

./scripts/ensure-system-packages.sh --for-bench
if [ -z "${DATABASE_URL:-}" ]; then DATABASE_URL="$(./scripts/local-db.sh start)"; fi
base="${DATABASE_URL%/*}"
db="pilnveide_bench_${scale}"
PGOPTIONS=--client-min-messages=warning psql -X -q -v ON_ERROR_STOP=1 "$DATABASE_URL" \
  -c "DROP DATABASE IF EXISTS $db WITH (FORCE)" -c "CREATE DATABASE $db"
export DATABASE_URL="$base/$db"

echo "Building in release mode ..." >&2
swift build -c release >&2
bin="$(swift build -c release --show-bin-path)"

export PILNVEIDE_KEYS_DIR="$out/keys" PILNVEIDE_PORT="$port" PILNVEIDE_LOG_LEVEL=error PILNVEIDE_VERIFY_RATE_LIMIT=100000
password="Bench-parole-2026"
"$bin/pilnveide" migrate >/dev/null
"$bin/pilnveide" catalogue import >/dev/null
"$bin/pilnveide" certification import >/dev/null
"$bin/pilnveide" keys generate --if-missing >/dev/null
printf '%s\n' "$password" | "$bin/pilnveide" demo seed --scale "$scale" --seed 1 | tee "$out/seed-$scale.txt" >&2

sql() { psql -X -v ON_ERROR_STOP=1 "$DATABASE_URL" -Atc "$1"; }
participant_email="$(sql "SELECT a.email FROM accounts a JOIN people p ON p.id = a.person_id JOIN certification_status_snapshots s ON s.person_id = p.id WHERE p.position = 'orphans_court_member' ORDER BY a.email LIMIT 1")"
participant_id="$(sql "SELECT person_id FROM accounts WHERE email = '$participant_email'")"
chair_email="$(sql "SELECT a.email FROM accounts a JOIN account_roles r ON r.account_id = a.id AND r.role = 'orphans_court_chairperson' JOIN people p ON p.id = a.person_id JOIN organisations o ON o.id = p.organisation_id WHERE o.name = 'Rīgas bāriņtiesa'")"
court_id="$(sql "SELECT id FROM organisations WHERE name = 'Rīgas bāriņtiesa'")"
officer_email="$(sql "SELECT a.email FROM accounts a JOIN account_roles r ON r.account_id = a.id AND r.role = 'inspectorate_officer' ORDER BY a.email LIMIT 1")"
scheme="$(sql "SELECT scheme_code FROM certification_status_snapshots GROUP BY 1 ORDER BY count(*) DESC LIMIT 1")"
number="$("$bin/pilnveide" certificates issue --person "$participant_id" --scheme "$scheme" --override-reason "Veiktspējas mērījums" | cut -f1)"
list_id="$(sql "SELECT status_list_id FROM certificates WHERE number = '$number'")"

started=$(date +%s%N)
"$bin/pilnveide-api" > "$out/server.log" 2>&1 &
server=$!
trap 'kill $server 2>/dev/null || true' EXIT
deadline=$(( $(date +%s) + 60 ))
until curl -sf "http://127.0.0.1:$port/ready" >/dev/null; do
  if ! kill -0 "$server" 2>/dev/null || [ "$(date +%s)" -gt "$deadline" ]; then
    echo "error: the server did not become ready; its log:" >&2
    cat "$out/server.log" >&2
    exit 1
  fi
  sleep 0.01
done
ready_ms=$(( ($(date +%s%N) - started) / 1000000 ))

login() { curl -sf "http://127.0.0.1:$port/v1/auth/login" -H 'Content-Type: application/json' -d "{\"email\": \"$1\", \"password\": \"$password\"}" | jq -r .token; }
participant="$(login "$participant_email")"
chair="$(login "$chair_email")"
officer="$(login "$officer_email")"

rows=()
measure() { # name path [token] [method] [body] [connections]
  local name="$1" path="$2"
  local line
  line="$(BENCH_TOKEN="${3:-}" BENCH_METHOD="${4:-GET}" BENCH_BODY="${5:-}" \
    wrk -t2 -c"${6:-$connections}" -d"$duration" -s scripts/bench/report.lua "http://127.0.0.1:$port$path" | grep '^RESULT')"
  rows+=("$name	${line#RESULT	}")
}
measure "GET /health (the floor)" "/health"
measure "GET /health with a token" "/health" "$participant"
measure "public verification" "/v1/verify/$number"
measure "public status list" "/v1/status-lists/$list_id"
measure "a person's status" "/v1/me/certification" "$participant"
measure "a chairperson's court" "/v1/organisations/$court_id/certification" "$chair"
measure "national: due in 90 days" "/v1/certification/national?list=due&dueWithinDays=90&limit=200" "$officer"
# Four at a time: one account's sign-ins in flight count as failures until they succeed (so that
# concurrent guesses cannot slip under the lockout), and Argon2 saturates both cores at four anyway.
measure "sign-in (Argon2, 4 at once)" "/v1/auth/login" "" POST "{\"email\": \"$participant_email\", \"password\": \"$password\"}" 4
peak_kb=$(awk '/VmHWM/ {print $2}' "/proc/$server/status")

{
  echo "scale: $scale ($(head -c 200 "$out/seed-$scale.txt"))"
  echo "machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo); wrk -t2 -c$connections -d$duration on the same machine"
  echo "start-up to ready: ${ready_ms} ms; server peak RSS: $((peak_kb / 1024)) MB"
  echo
  printf '| %-28s | %9s | %8s | %8s | %6s |\n' "endpoint" "req/s" "p50 ms" "p99 ms" "errors"
  printf '|%s|%s|%s|%s|%s|\n' "------------------------------" "-----------" "----------" "----------" "--------"
  for row in "${rows[@]}"; do
    IFS=$'\t' read -r name rps p50 p99 errors <<<"$row"
    printf '| %-28s | %9s | %8s | %8s | %6s |\n' "$name" "$rps" "$p50" "$p99" "$errors"
  done
} | tee "$out/results-$scale.md"

# The heaviest queries, in the shape the services send them (StatusSnapshotStore.people, PersonStore.ids,
# TrainingRecordStore.countingCompletions).
{
  echo "-- national: due within 90 days"
  sql "EXPLAIN (ANALYZE, BUFFERS) SELECT person_id, scheme_code, scheme_version, state, valid_until::text, deadline::text, organisation_id, region, position, computed_on::text, count(*) OVER () FROM certification_status_snapshots WHERE (NULL::text IS NULL) AND state = ANY('{certified,window_open,not_started,in_progress}') AND deadline <= current_date + 90 ORDER BY deadline NULLS LAST, person_id, scheme_code LIMIT 200 OFFSET 0"
  echo "-- a court's people, then their counting records"
  sql "EXPLAIN (ANALYZE, BUFFERS) SELECT id FROM people WHERE organisation_id = '$court_id'"
  sql "EXPLAIN (ANALYZE, BUFFERS) SELECT r.id, r.person_id, r.course_code, r.title, (r.academic_hours * 4)::int, r.ends_on::text FROM training_records r WHERE r.person_id = ANY(ARRAY(SELECT id FROM people WHERE organisation_id = '$court_id')) AND r.approved_at IS NOT NULL AND r.outcome = 'completed' AND NOT EXISTS (SELECT 1 FROM training_records n WHERE n.supersedes = r.id)"
} > "$out/explain-$scale.txt"
echo "(EXPLAIN output: $out/explain-$scale.txt)" >&2
