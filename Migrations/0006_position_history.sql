-- Where each person worked and from when. Certification reads it: a scheme applies from the start of the unbroken
-- run of positions it covers, so a move between two covered posts keeps what the person already holds, and a move
-- into a covered post starts its clock on the day of the move.
--
-- The database keeps it, from the people table, so every way a person changes (API, CSV import, later tools)
-- leaves the same history.

CREATE TABLE position_history (
    id               bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    person_id        uuid NOT NULL REFERENCES people (id),
    position         text NOT NULL,
    organisation_id  uuid REFERENCES organisations (id),
    -- NULL: in post since before the directory knew them.
    started_on       date,
    -- NULL: the current position.
    ended_on         date,
    recorded_at      timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT position_history_dates CHECK (ended_on IS NULL OR started_on IS NULL OR ended_on >= started_on - 1)
);
CREATE UNIQUE INDEX position_history_current_key ON position_history (person_id) WHERE ended_on IS NULL;
CREATE INDEX position_history_person_idx ON position_history (person_id, started_on);

-- A move (new position or organisation) that gives no start date starts today: keeping none would make it look
-- like a correction of the current post. The application dates moves the same way (PersonDraft.Valid.datingMove);
-- this covers every other path. A move dated no later than the current post began corrects that post instead.
CREATE FUNCTION people_position_moved_today() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF (NEW.position IS DISTINCT FROM OLD.position OR NEW.organisation_id IS DISTINCT FROM OLD.organisation_id)
       AND NEW.position_started_on IS NULL THEN
        NEW.position_started_on := current_date;
    END IF;
    RETURN NEW;
END $$;
CREATE TRIGGER people_position_moved_today BEFORE UPDATE ON people
    FOR EACH ROW EXECUTE FUNCTION people_position_moved_today();

CREATE FUNCTION people_position_history() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    open_span position_history%ROWTYPE;
BEGIN
    IF TG_OP = 'INSERT' THEN
        INSERT INTO position_history (person_id, position, organisation_id, started_on)
        VALUES (NEW.id, NEW.position, NEW.organisation_id, NEW.position_started_on);
        RETURN NULL;
    END IF;
    IF NEW.position IS NOT DISTINCT FROM OLD.position AND NEW.organisation_id IS NOT DISTINCT FROM OLD.organisation_id
       AND NEW.position_started_on IS NOT DISTINCT FROM OLD.position_started_on THEN
        RETURN NULL;
    END IF;
    SELECT * INTO open_span FROM position_history WHERE person_id = NEW.id AND ended_on IS NULL FOR UPDATE;
    IF NOT FOUND THEN
        INSERT INTO position_history (person_id, position, organisation_id, started_on)
        VALUES (NEW.id, NEW.position, NEW.organisation_id, NEW.position_started_on);
    ELSIF NEW.position_started_on IS NULL OR (open_span.started_on IS NOT NULL AND NEW.position_started_on <= open_span.started_on)
          OR (NEW.position IS NOT DISTINCT FROM OLD.position AND NEW.organisation_id IS NOT DISTINCT FROM OLD.organisation_id) THEN
        -- A correction of the current post (its date, or a move dated no later than the post began): the current
        -- span is rewritten and the posts before it are made to meet it — the one that ended the day before the old
        -- start now ends the day before the new one, and posts the new start swallows become empty (ended the day
        -- before they began), kept for the record but never counted.
        UPDATE position_history SET position = NEW.position, organisation_id = NEW.organisation_id,
                                    started_on = NEW.position_started_on
        WHERE id = open_span.id;
        IF NEW.position_started_on IS NOT NULL THEN
            UPDATE position_history SET ended_on = NEW.position_started_on - 1
            WHERE person_id = NEW.id AND id <> open_span.id
              AND (ended_on >= NEW.position_started_on OR ended_on = open_span.started_on - 1)
              AND (started_on IS NULL OR started_on < NEW.position_started_on);
            UPDATE position_history SET ended_on = started_on - 1
            WHERE person_id = NEW.id AND id <> open_span.id AND started_on >= NEW.position_started_on;
        END IF;
    ELSE
        UPDATE position_history SET ended_on = NEW.position_started_on - 1 WHERE id = open_span.id;
        INSERT INTO position_history (person_id, position, organisation_id, started_on)
        VALUES (NEW.id, NEW.position, NEW.organisation_id, NEW.position_started_on);
    END IF;
    RETURN NULL;
END $$;
CREATE TRIGGER people_position_history AFTER INSERT OR UPDATE OF position, organisation_id, position_started_on ON people
    FOR EACH ROW EXECUTE FUNCTION people_position_history();

-- Everyone already in the directory starts with their current post.
INSERT INTO position_history (person_id, position, organisation_id, started_on)
SELECT id, position, organisation_id, position_started_on FROM people;
