-- A move the database dates itself (no start date given) starts on today's date in Riga, as the application
-- dates it (CalendarDate.today()). current_date is the session's zone, UTC on most servers, which between
-- midnight in Riga and midnight in UTC (two or three hours a night) named yesterday.
CREATE OR REPLACE FUNCTION people_position_moved_today() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF (NEW.position IS DISTINCT FROM OLD.position OR NEW.organisation_id IS DISTINCT FROM OLD.organisation_id)
       AND NEW.position_started_on IS NULL THEN
        NEW.position_started_on := (now() AT TIME ZONE 'Europe/Riga')::date;
    END IF;
    RETURN NEW;
END $$;
