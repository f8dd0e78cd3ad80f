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

export PILNVEIDE_KEYS_DIR="$out/keys" PILNVEIDE_PORT="$port" PILNVEIDE_LOG_LEVEL=error PILNVEIDE_VERIFY_RATE_LIMIT=10000000
# One issuer identity for the seed (the CLI) and both servers: the first certificate fixes it in the database, and a
# process that would name another (by its own port) refuses to issue.
export PILNVEIDE_PUBLIC_URL="${PILNVEIDE_PUBLIC_URL:-http://127.0.0.1:$port}"
password="Bench-parole-2026"
"$bin/pilnveide" migrate >/dev/null
"$bin/pilnveide" catalogue import >/dev/null
"$bin/pilnveide" certification import >/dev/null
"$bin/pilnveide" keys generate --if-missing >/dev/null
printf '%s\n' "$password" | "$bin/pilnveide" demo seed --scale "$scale" --seed 1 | tee "$out/seed-$scale.txt" >&2

. scripts/bench/common.sh
participant_email="$(sql "SELECT a.email FROM accounts a JOIN people p ON p.id = a.person_id JOIN certification_status_snapshots s ON s.person_id = p.id WHERE p.position = 'orphans_court_member' ORDER BY a.email LIMIT 1")"
chair_email="$(sql "SELECT a.email FROM accounts a JOIN account_roles r ON r.account_id = a.id AND r.role = 'orphans_court_chairperson' JOIN people p ON p.id = a.person_id JOIN organisations o ON o.id = p.organisation_id WHERE o.name = 'Rīgas bāriņtiesa'")"
court_id="$(sql "SELECT id FROM organisations WHERE name = 'Rīgas bāriņtiesa'")"
officer_email="$(sql "SELECT a.email FROM accounts a JOIN account_roles r ON r.account_id = a.id AND r.role = 'inspectorate_officer' ORDER BY a.email LIMIT 1")"
number="$(sql "SELECT number FROM certificates WHERE origin = 'issued' AND state = 'active' ORDER BY number LIMIT 1")"
list_id="$(sql "SELECT status_list_id FROM certificates WHERE number = '$number'")"
# Verification asks for every certificate in turn (up to 50,000, in a fixed shuffled order), not one again and again.
sql "SELECT '/v1/verify/' || number FROM certificates ORDER BY md5(number) LIMIT 50000" > "$out/verify.lines"
verified="$(wc -l < "$out/verify.lines")"
# The closed group with the most marks.
sheet_group="$(sql "SELECT g.id FROM delivery_groups g JOIN group_sessions s ON s.group_id = g.id JOIN session_attendance a ON a.session_id = s.id WHERE g.status = 'completed' GROUP BY g.id ORDER BY count(*) DESC, g.id LIMIT 1")"
# An upcoming group open for registration, for everyone free to join it; another, with nobody waiting
# yet, for scale-out.sh's mixed load; the rest of the open groups for enrolment across groups.
open_group="$(sql "SELECT id FROM delivery_groups WHERE $open_groups ORDER BY code LIMIT 1")"
mixed_group="$(sql "SELECT id FROM delivery_groups g WHERE $open_groups AND id <> '$open_group' AND NOT EXISTS (SELECT 1 FROM enrolments e WHERE e.group_id = g.id AND e.status = 'waitlisted') ORDER BY code DESC LIMIT 1")"
if [ -z "$open_group" ] || [ -z "$mixed_group" ]; then
  echo "error: the seed has fewer than two groups open for registration; seed afresh" >&2
  exit 1
fi
enrolment_lines "$open_group" > "$out/enrol.lines"

started=$(date +%s%N)
"$bin/pilnveide-api" > "$out/server.log" 2>&1 &
server=$!
trap 'kill $server 2>/dev/null || true' EXIT
wait_ready "$server" "$port" "$out/server.log"
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
    wrk -t2 -c"${6:-$connections}" -d"${BENCH_RUN_DURATION:-$duration}" -s "${BENCH_SCRIPT:-scripts/bench/report.lua}" \
    "http://127.0.0.1:$port$path" | grep '^RESULT')"
  rows+=("$name	${line#RESULT	}")
}
measure "GET /health (the floor)" "/health"
measure "GET /health with a token" "/health" "$participant"
BENCH_SCRIPT=scripts/bench/lines.lua BENCH_LINES="$out/verify.lines" measure "public verification ($verified certificates)" ""
measure "public status list" "/v1/status-lists/$list_id"
measure "a person's status" "/v1/me/certification" "$participant"
measure "a chairperson's court (200)" "/v1/organisations/$court_id/certification?limit=200" "$chair"
measure "national: due in 90 days" "/v1/certification/national?list=due&dueWithinDays=90&limit=200" "$officer"
# Four at a time: one account's sign-ins in flight count as failures until they succeed (so that
# concurrent guesses cannot slip under the lockout), and Argon2 saturates both cores at four anyway.
measure "sign-in (Argon2, 4 at once)" "/v1/auth/login" "" POST "{\"email\": \"$participant_email\", \"password\": \"$password\"}" 4
measure "a group's attendance sheet" "/v1/groups/$sheet_group/attendance" "$officer"
# Last, as it writes: each request enrols another person into the one group (booked while places last, then
# waitlisted), so the group's row lock is the bottleneck it must be; then the capacity is checked.
BENCH_SCRIPT=scripts/bench/lines.lua BENCH_LINES="$out/enrol.lines" BENCH_THREADS=2 BENCH_RUN_DURATION="${BENCH_ENROL_DURATION:-5s}" \
  measure "enrolment into one group" "" "$officer"
# Then into the other open groups, each request to the next: the load of registration opening for many groups.
# Its lines are made now, so they may enrol people the run before enrolled (elsewhere, at another time). Three
# seconds: at national scale there are about 5,000 lines, and a line sent twice is refused.
enrolment_lines_across "id NOT IN ('$open_group', '$mixed_group')" > "$out/enrol-across.lines"
groups_across="$(cut -f1 "$out/enrol-across.lines" | sort -u | wc -l)"
if [ "$groups_across" -gt 0 ]; then
  BENCH_SCRIPT=scripts/bench/lines.lua BENCH_LINES="$out/enrol-across.lines" BENCH_THREADS=2 BENCH_RUN_DURATION="${BENCH_ENROL_DURATION:-3s}" \
    measure "enrolment across $groups_across groups" "" "$officer"
fi
overbooked="$(sql "SELECT count(*) FROM (SELECT g.id FROM delivery_groups g JOIN enrolments e ON e.group_id = g.id AND e.status = 'booked' GROUP BY g.id, g.capacity HAVING count(*) > g.capacity) AS over")"
# The booked places each group's row keeps (what enrolment decides by) must be its booked enrolments.
miscounted="$(sql "SELECT count(*) FROM delivery_groups g WHERE g.booked <> (SELECT count(*) FROM enrolments e WHERE e.group_id = g.id AND e.status = 'booked')")"
enrolled="$(sql "SELECT g.capacity || ' places: ' || count(*) FILTER (WHERE e.status = 'booked') || ' booked, ' || count(*) FILTER (WHERE e.status = 'waitlisted') || ' waitlisted' || CASE WHEN count(*) FILTER (WHERE e.status = 'booked') > g.capacity THEN ' (OVERBOOKED)' ELSE ' (never more than capacity)' END FROM delivery_groups g JOIN enrolments e ON e.group_id = g.id WHERE g.id = '$open_group' GROUP BY g.capacity")"
peak_kb=$(awk '/VmHWM/ {print $2}' "/proc/$server/status")

{
  echo "scale: $scale ($(head -n 1 "$out/seed-$scale.txt" | cut -c1-160) ...)"
  echo "machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo); wrk -t2 -c$connections -d$duration on the same machine"
  echo "start-up to ready: ${ready_ms} ms; server peak RSS: $((peak_kb / 1024)) MB"
  echo "enrolment group after the run: $enrolled; groups booked over capacity, of all: $overbooked; groups whose kept booked count is not their booked enrolments: $miscounted"
  echo
  printf '| %-28s | %9s | %8s | %8s | %6s |\n' "endpoint" "req/s" "p50 ms" "p99 ms" "errors"
  printf '|%s|%s|%s|%s|%s|\n' "------------------------------" "-----------" "----------" "----------" "--------"
  for row in "${rows[@]}"; do
    IFS=$'\t' read -r name rps p50 p99 errors <<<"$row"
    printf '| %-28s | %9s | %8s | %8s | %6s |\n' "$name" "$rps" "$p50" "$p99" "$errors"
  done
} | tee "$out/results-$scale.md"

if [ "$overbooked" != 0 ]; then echo "error: $overbooked groups hold more booked than their capacity" >&2; exit 1; fi
if [ "$miscounted" != 0 ]; then echo "error: $miscounted groups keep a booked count that is not their booked enrolments" >&2; exit 1; fi

bin="$bin" port="$port" officer="$officer" out="$out" duration="$duration" scale="$scale" mixed_group="$mixed_group" ./scripts/bench/scale-out.sh

# The heaviest queries, in the shape the services send them (StatusSnapshotStore.people, PersonStore.ids,
# TrainingRecordStore.countingCompletions).
{
  echo "-- national: due within 90 days"
  sql "EXPLAIN (ANALYZE, BUFFERS) SELECT person_id, scheme_code, scheme_version, state, valid_until::text, deadline::text, organisation_id, region, position, computed_on::text, count(*) OVER () FROM certification_status_snapshots WHERE (NULL::text IS NULL) AND state = ANY('{certified,window_open,not_started,in_progress}') AND deadline <= current_date + 90 ORDER BY deadline NULLS LAST, person_id, scheme_code LIMIT 200 OFFSET 0"
  echo "-- a court's people, then their counting records"
  sql "EXPLAIN (ANALYZE, BUFFERS) SELECT id FROM people WHERE organisation_id = '$court_id'"
  sql "EXPLAIN (ANALYZE, BUFFERS) SELECT r.id, r.person_id, r.course_code, r.title, (r.academic_hours * 4)::int, r.ends_on::text FROM training_records r WHERE r.person_id = ANY(ARRAY(SELECT id FROM people WHERE organisation_id = '$court_id')) AND r.approved_at IS NOT NULL AND r.outcome = 'completed' AND NOT EXISTS (SELECT 1 FROM training_records n WHERE n.supersedes = r.id)"
  echo "-- an enrolment's clash check (SessionStore.participantClashSQL, asked in the enrolment's insert), for a person in the enrolment group"
  person="$(sql "SELECT person_id FROM enrolments WHERE group_id = '$open_group' ORDER BY queued_at DESC LIMIT 1")"
  sql "EXPLAIN (ANALYZE, BUFFERS) SELECT s.id, g.code, s.starts_at, s.ends_at, mine.starts_at FROM group_sessions mine JOIN group_sessions s ON s.group_id <> mine.group_id AND s.cancelled_at IS NULL AND s.starts_at < mine.ends_at AND mine.starts_at < s.ends_at JOIN delivery_groups g ON g.id = s.group_id AND g.status <> 'cancelled' WHERE mine.group_id = '$open_group' AND mine.cancelled_at IS NULL AND (EXISTS (SELECT 1 FROM group_trainers t WHERE t.group_id = s.group_id AND t.person_id = '$person') OR EXISTS (SELECT 1 FROM enrolments e WHERE e.group_id = s.group_id AND e.person_id = '$person' AND e.status IN ('requested', 'booked', 'waitlisted'))) ORDER BY mine.starts_at, s.starts_at LIMIT 1"
  echo "-- a group's attendance sheet: its marks"
  sql "EXPLAIN (ANALYZE, BUFFERS) SELECT a.session_id, a.person_id, a.status, a.minutes_attended FROM session_attendance a JOIN group_sessions s ON s.id = a.session_id WHERE s.group_id = '$sheet_group'"
} > "$out/explain-$scale.txt"
echo "(EXPLAIN output: $out/explain-$scale.txt)" >&2
