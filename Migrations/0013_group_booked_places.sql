-- A group's booked places, kept on its row by the database. Enrolment locks the group's row and needs the places
-- taken as they are once it holds the lock. A count over enrolments in the locking statement would be read from
-- the snapshot taken before it waited, missing the enrolment of the transaction it waited for; so it took a second
-- statement, and every enrolment into a group waits for the one before it to finish both. A statement that waited
-- for a row's lock is handed the row as the transaction before it left it, this count included, so one statement
-- now locks the group and reads its places.
ALTER TABLE delivery_groups ADD COLUMN booked integer NOT NULL DEFAULT 0
    CONSTRAINT delivery_groups_booked_check CHECK (booked >= 0);

UPDATE delivery_groups g SET booked = counted.booked
FROM (SELECT group_id, count(*)::int AS booked FROM enrolments WHERE status = 'booked' GROUP BY group_id) AS counted
WHERE g.id = counted.group_id;

-- Once per statement, whatever rows it changed: a bulk load touches each group's row once.
CREATE FUNCTION delivery_groups_count_booked() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        UPDATE delivery_groups g SET booked = g.booked + change.booked
        FROM (SELECT group_id, count(*)::int AS booked FROM new_rows WHERE status = 'booked' GROUP BY group_id) AS change
        WHERE g.id = change.group_id;
    ELSIF TG_OP = 'UPDATE' THEN
        UPDATE delivery_groups g SET booked = g.booked + change.booked
        FROM (
            SELECT group_id, sum(change)::int AS booked FROM (
                SELECT group_id, 1 AS change FROM new_rows WHERE status = 'booked'
                UNION ALL
                SELECT group_id, -1 FROM old_rows WHERE status = 'booked'
            ) AS changes GROUP BY group_id
        ) AS change
        WHERE g.id = change.group_id AND change.booked <> 0;
    ELSIF TG_OP = 'DELETE' THEN
        UPDATE delivery_groups g SET booked = g.booked - change.booked
        FROM (SELECT group_id, count(*)::int AS booked FROM old_rows WHERE status = 'booked' GROUP BY group_id) AS change
        WHERE g.id = change.group_id;
    ELSE -- TRUNCATE
        UPDATE delivery_groups SET booked = 0 WHERE booked <> 0;
    END IF;
    RETURN NULL;
END $$;

CREATE TRIGGER enrolments_count_booked_insert AFTER INSERT ON enrolments
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION delivery_groups_count_booked();
CREATE TRIGGER enrolments_count_booked_update AFTER UPDATE ON enrolments
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION delivery_groups_count_booked();
CREATE TRIGGER enrolments_count_booked_delete AFTER DELETE ON enrolments
    REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION delivery_groups_count_booked();
CREATE TRIGGER enrolments_count_booked_truncate AFTER TRUNCATE ON enrolments
    FOR EACH STATEMENT EXECUTE FUNCTION delivery_groups_count_booked();
