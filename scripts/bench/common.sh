# Shared by bench.sh and scale-out.sh (sourced): a query's bare result, and waiting for a server to be ready.
sql() { psql -X -v ON_ERROR_STOP=1 "$DATABASE_URL" -Atc "$1"; }

# wait_ready PID PORT LOG: until /ready answers; the log and a failure if the server exits or takes a minute.
wait_ready() {
  local deadline=$(( $(date +%s) + 60 ))
  until curl -sf "http://127.0.0.1:$2/ready" >/dev/null; do
    if ! kill -0 "$1" 2>/dev/null || [ "$(date +%s)" -gt "$deadline" ]; then
      echo "error: the server on port $2 did not become ready; its log:" >&2
      cat "$3" >&2
      exit 1
    fi
    sleep 0.01
  done
}

# free_for GROUP: an SQL condition on person p: they may join GROUP (an SQL expression for its id) without a
# refusal: not a trainer (whose own groups could clash), not in GROUP already, and in no live enrolment in a group
# with a session overlapping one of GROUP's. Asked just before each run's lines are made, so a run may enrol people
# the runs before it enrolled elsewhere (people take several courses), never into a clash.
free_for() {
  echo "p.position <> 'trainer' AND NOT EXISTS (SELECT 1 FROM enrolments e WHERE e.person_id = p.id AND e.status <> 'cancelled' AND (e.group_id = $1 OR EXISTS (SELECT 1 FROM group_sessions s JOIN group_sessions t ON t.group_id = $1 AND t.cancelled_at IS NULL AND s.starts_at < t.ends_at AND t.starts_at < s.ends_at WHERE s.group_id = e.group_id AND s.cancelled_at IS NULL)))"
}
# Groups open for registration for at least another hour.
open_groups="status = 'open' AND kind = 'delivery' AND registration_opens_at <= now() AND registration_closes_at > now() + interval '1 hour'"

# enrolment_lines GROUP: a lines.lua line enrolling each person free to join GROUP into it.
enrolment_lines() {
  sql "SELECT '/v1/groups/$1/enrolments' || chr(9) || '{\"personId\": \"' || p.id || '\"}' FROM people p WHERE $(free_for "'$1'") ORDER BY p.id"
}

# enrolment_lines_across CONDITION: the open groups meeting CONDITION taken in turn, each person into the next
# (once, so no two of a run's lines can clash), skipping a person not free to join theirs.
enrolment_lines_across() {
  sql "WITH open AS (SELECT id, row_number() OVER (ORDER BY code) - 1 AS n FROM delivery_groups WHERE $open_groups AND $1), candidates AS (SELECT p.id, row_number() OVER (ORDER BY p.id) - 1 AS n FROM people p WHERE p.position <> 'trainer') SELECT '/v1/groups/' || open.id || '/enrolments' || chr(9) || '{\"personId\": \"' || p.id || '\"}' FROM candidates c JOIN people p ON p.id = c.id JOIN open ON open.n = c.n % (SELECT count(*) FROM open) WHERE $(free_for open.id) ORDER BY c.n"
}
