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

# People free to join an open group: in no live upcoming or running group (whose sessions could clash) and not a
# trainer (whose own groups could), so none is refused. Each enrolment run takes its own third of them (by a byte
# of the id, so the thirds stay apart however many the runs before enrolled).
free_people="p.position <> 'trainer' AND NOT EXISTS (SELECT 1 FROM enrolments e JOIN delivery_groups g ON g.id = e.group_id WHERE e.person_id = p.id AND e.status <> 'cancelled' AND g.status IN ('planned', 'open', 'confirmed', 'in_progress'))"
third() { echo "get_byte(uuid_send(p.id), 15) % 3 = $1"; }
# Groups open for registration for at least another hour.
open_groups="status = 'open' AND kind = 'delivery' AND registration_opens_at <= now() AND registration_closes_at > now() + interval '1 hour'"

# enrolment_lines GROUP THIRD: a lines.lua line enrolling each free person of that third (0, 1 or 2) into GROUP.
enrolment_lines() {
  sql "SELECT '/v1/groups/$1/enrolments' || chr(9) || '{\"personId\": \"' || p.id || '\"}' FROM people p WHERE $free_people AND $(third "$2") ORDER BY p.id"
}

# enrolment_lines_across CONDITION THIRD: each free person of that third into one of the open groups meeting
# CONDITION, taking the groups in turn.
enrolment_lines_across() {
  sql "WITH open AS (SELECT id, row_number() OVER (ORDER BY code) - 1 AS n FROM delivery_groups WHERE $open_groups AND $1), free AS (SELECT p.id, row_number() OVER (ORDER BY p.id) - 1 AS n FROM people p WHERE $free_people AND $(third "$2")) SELECT '/v1/groups/' || open.id || '/enrolments' || chr(9) || '{\"personId\": \"' || free.id || '\"}' FROM free JOIN open ON open.n = free.n % (SELECT count(*) FROM open) ORDER BY free.n"
}
