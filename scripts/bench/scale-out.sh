#!/usr/bin/env bash
# `make bench`, second part: a mixed write load against two server processes on one database at once —
# enrolments into one group, attendance changes at one session, certificate issues, and two reminder passes —
# then the invariants: no overbooking, no attendance change lost, gapless certificate numbers, each reminder once.
# Called by bench.sh with the first server running; needs: bin, port, officer, out, duration, scale, mixed_group (an
# open group nobody waits for yet), DATABASE_URL, and the server's PILNVEIDE_* settings exported (the keys folder
# and the public URL above all, so both processes sign alike and as one issuer).
# Exits non-zero when an invariant does not hold.
set -euo pipefail

second=$((port + 1))
. scripts/bench/common.sh

PILNVEIDE_PORT="$second" "$bin/pilnveide-api" > "$out/server-2.log" 2>&1 &
server2=$!
trap 'kill $server2 2>/dev/null || true' EXIT
wait_ready "$server2" "$second" "$out/server-2.log"

# What each process is sent: alternate lines of one list, so both work on the same group, session and year.
group="$mixed_group"
held="$(sql "SELECT s.id || ' ' || s.group_id FROM group_sessions s JOIN delivery_groups g ON g.id = s.group_id WHERE g.status = 'in_progress' AND s.starts_at < now() AND s.cancelled_at IS NULL ORDER BY s.starts_at DESC, s.id LIMIT 1")"
if [ -z "$group" ] || [ -z "$held" ]; then
  echo "error: the seed has no group open for registration or no session under way to load; seed afresh" >&2
  exit 1
fi
read -r session session_group <<<"$held"
scheme="$(sql "SELECT scheme_code FROM certification_status_snapshots GROUP BY 1 ORDER BY count(*) DESC, 1 LIMIT 1")"
enrolment_lines "$group" > "$out/mixed-enrol.lines"
# Two hundred rounds over the session's sheet, each person's mark changing every round, with a reason; a
# person's rounds are consecutive lines, so the two processes take turns changing the same marks.
sql "SELECT '/v1/groups/$session_group/sessions/$session/attendance' || chr(9) || '{\"entries\": [{\"personId\": \"' || e.person_id || '\", \"status\": \"' || (ARRAY['absent', 'excused', 'present'])[round % 3 + 1] || '\", \"reason\": \"Precizēts, kārta ' || round || '\"}]}' FROM enrolments e, generate_series(1, 200) AS round WHERE e.group_id = '$session_group' AND e.status = 'booked' ORDER BY e.person_id, round" > "$out/mixed-attendance.lines"
sql "SELECT '/v1/certificates' || chr(9) || '{\"personId\": \"' || s.person_id || '\", \"schemeCode\": \"$scheme\", \"overrideReason\": \"Slodzes mērījums\"}' FROM certification_status_snapshots s WHERE s.scheme_code = '$scheme' AND NOT EXISTS (SELECT 1 FROM certificates c WHERE c.person_id = s.person_id AND c.scheme_code = s.scheme_code) ORDER BY s.person_id LIMIT 3000" > "$out/mixed-certificates.lines"
for kind in enrol attendance certificates; do
  awk "NR % 2 == 1" "$out/mixed-$kind.lines" > "$out/mixed-$kind-1.lines"
  awk "NR % 2 == 0" "$out/mixed-$kind.lines" > "$out/mixed-$kind-2.lines"
done

year="$(sql "SELECT extract(year FROM now() AT TIME ZONE 'Europe/Riga')::int")"
outbox_before="$(sql "SELECT count(*) FROM notification_outbox")"
remind_on="$(date -d '+45 days' +%F)"
load() { # file port
  BENCH_TOKEN="$officer" BENCH_LINES="$1" BENCH_THREADS=1 wrk -t1 -c3 -d"$duration" -s scripts/bench/lines.lua "http://127.0.0.1:$2" | grep '^RESULT'
}
pids=()
for n in 1 2; do
  p=$([ $n = 1 ] && echo "$port" || echo "$second")
  load "$out/mixed-enrol-$n.lines" "$p" > "$out/mixed-enrol-$n.result" & pids+=($!)
  load "$out/mixed-attendance-$n.lines" "$p" > "$out/mixed-attendance-$n.result" & pids+=($!)
  load "$out/mixed-certificates-$n.lines" "$p" > "$out/mixed-certificates-$n.result" & pids+=($!)
done
sleep 2
# Two daily passes at once, as if cron ran on both machines, for a day on which new reminders fall due.
"$bin/pilnveide" certification remind --on "$remind_on" > "$out/mixed-remind-1.txt" & pids+=($!)
"$bin/pilnveide" certification remind --on "$remind_on" > "$out/mixed-remind-2.txt" & pids+=($!)
for pid in "${pids[@]}"; do wait "$pid"; done

added() { sed -E 's/.* ([0-9]+) reminders added.*/\1/' "$1"; }
reminders=$(( $(added "$out/mixed-remind-1.txt") + $(added "$out/mixed-remind-2.txt") ))
outbox_added=$(( $(sql "SELECT count(*) FROM notification_outbox") - outbox_before ))

booking="$(sql "SELECT count(*) FILTER (WHERE e.status = 'booked') || ' booked of ' || g.capacity || ', ' || count(*) FILTER (WHERE e.status = 'waitlisted') || ' waitlisted' || CASE WHEN count(*) FILTER (WHERE e.status = 'booked') > g.capacity THEN ' — OVERBOOKED' ELSE '' END || CASE WHEN count(*) FILTER (WHERE e.status = 'booked') <> g.booked THEN ' — MISCOUNTED: the group keeps ' || g.booked || ' booked' ELSE '' END FROM delivery_groups g JOIN enrolments e ON e.group_id = g.id WHERE g.id = '$group' GROUP BY g.capacity, g.booked")"
numbers="$(sql "SELECT count(*) || ' issued this year, numbers ' || min(sequence) || '–' || max(sequence) || CASE WHEN count(*) = max(sequence) - min(sequence) + 1 AND min(sequence) = 1 AND max(sequence) = (SELECT last_number FROM certificate_number_counters WHERE year = $year) THEN ' without a gap' ELSE ' — GAP OR DUPLICATE' END FROM certificates WHERE year = $year AND origin = 'issued'")"
# Each change must start from the mark the one before it left, and the last must be the mark that stands.
broken="$(sql "WITH c AS (SELECT person_id, old_status, new_status, lag(new_status) OVER w AS previous, row_number() OVER (PARTITION BY person_id ORDER BY id DESC) AS from_end FROM attendance_changes WHERE session_id = '$session' WINDOW w AS (PARTITION BY person_id ORDER BY id)) SELECT count(*) FILTER (WHERE previous IS NOT NULL AND previous <> old_status) + count(*) FILTER (WHERE from_end = 1 AND new_status <> (SELECT a.status FROM session_attendance a WHERE a.session_id = '$session' AND a.person_id = c.person_id)) || ' broken of ' || count(*) FROM c")"

row() { # name result-files...
  local name="$1"; shift
  cat "$@" | awk -F'\t' -v name="$name" '{ rps += $2; if ($3 > p50) p50 = $3; if ($4 > p99) p99 = $4; errors += $5 }
    END { printf "| %-28s | %9.0f | %8.2f | %8.2f | %6d |\n", name, rps, p50, p99, errors }'
}
{
  echo
  echo "scale out: two server processes on one database, a mixed write load on both at once ($duration, 3 connections per kind"
  echo "per process; req/s summed, p50 and p99 the slower process's)"
  echo
  printf '| %-28s | %9s | %8s | %8s | %6s |\n' "writes (both processes)" "req/s" "p50 ms" "p99 ms" "errors"
  printf '|%s|%s|%s|%s|%s|\n' "------------------------------" "-----------" "----------" "----------" "--------"
  row "enrolment into one group" "$out"/mixed-enrol-[12].result
  row "attendance at one session" "$out"/mixed-attendance-[12].result
  row "certificate issue" "$out"/mixed-certificates-[12].result
  echo
  echo "- enrolment group: $booking"
  echo "- attendance changes at the session: $broken (a change that does not start from the mark before it, or a last change that is not the mark)"
  echo "- certificates: $numbers"
  echo "- reminder passes for $remind_on, two at once: $reminders reported added, $outbox_added rows added to the outbox"
} | tee -a "$out/results-$scale.md"

# Any invariant broken fails the bench (after the table, so what happened is printed).
failed=0
case "$booking" in *OVERBOOKED*|*MISCOUNTED*) failed=1 ;; esac
case "$numbers" in *GAP*) failed=1 ;; esac
[ "${broken%% *}" = "0" ] || failed=1
[ "$reminders" = "$outbox_added" ] || failed=1
if [ "$failed" != 0 ]; then echo "error: an invariant of the mixed write load does not hold (see above)" >&2; exit 1; fi
