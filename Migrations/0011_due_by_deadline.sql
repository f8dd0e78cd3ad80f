-- The national "due within N days" list filters every scheme's snapshots by deadline and orders by it: with only
-- the (scheme_code, state, deadline) index it read the whole table when no scheme was named (a sequential scan
-- that grows with the country). An index on the deadline reads just the people due.
CREATE INDEX certification_status_snapshots_deadline_idx ON certification_status_snapshots (deadline, person_id, scheme_code);
