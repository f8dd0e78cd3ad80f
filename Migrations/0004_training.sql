-- Training: attendance kinds with their edit history, the modules a session covers, assessment results,
-- training records (from closed groups and from training done elsewhere) and participants' and lecturers'
-- feedback. Records and histories are only ever added to; the database refuses to change or delete them.

-- A session covers one or more of its course's modules, so "module M3 not attended" can be decided.
ALTER TABLE group_sessions ADD COLUMN modules text[] NOT NULL DEFAULT '{}';

-- Attendance is a kind, not a yes/no: partly present keeps the minutes attended.
-- Who marked first is kept beside who marked last; the changes in between are in attendance_changes.
ALTER TABLE session_attendance
    ADD COLUMN status text CHECK (status IN ('present', 'partial', 'absent', 'excused')),
    ADD COLUMN minutes_attended integer,
    ADD COLUMN first_recorded_by text,
    ADD COLUMN first_recorded_at timestamptz;
UPDATE session_attendance SET status = CASE WHEN present THEN 'present' ELSE 'absent' END,
    first_recorded_by = recorded_by, first_recorded_at = recorded_at;
ALTER TABLE session_attendance
    ALTER COLUMN status SET NOT NULL,
    ALTER COLUMN first_recorded_by SET NOT NULL,
    ALTER COLUMN first_recorded_at SET NOT NULL,
    ALTER COLUMN first_recorded_at SET DEFAULT now(),
    DROP COLUMN present,
    ADD CONSTRAINT session_attendance_minutes CHECK ((status = 'partial') = (minutes_attended IS NOT NULL)),
    ADD CONSTRAINT session_attendance_minutes_positive CHECK (minutes_attended IS NULL OR minutes_attended > 0);

-- Refuses UPDATE and DELETE on tables whose rows are history.
CREATE FUNCTION refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION '% is append-only', TG_TABLE_NAME USING ERRCODE = 'restrict_violation';
END;
$$;

-- Every change to a marking after the first: who, when, the old and new value, and why.
CREATE TABLE attendance_changes (
    id                  bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    session_id          uuid NOT NULL REFERENCES group_sessions (id),
    person_id           uuid NOT NULL REFERENCES people (id),
    old_status          text NOT NULL,
    old_minutes         integer,
    new_status          text NOT NULL,
    new_minutes         integer,
    reason              text NOT NULL,
    changed_by          text NOT NULL,
    changed_at          timestamptz NOT NULL DEFAULT clock_timestamp()
);
CREATE INDEX attendance_changes_session_idx ON attendance_changes (session_id, id);
CREATE TRIGGER attendance_changes_append_only BEFORE UPDATE OR DELETE ON attendance_changes
    FOR EACH ROW EXECUTE FUNCTION refuse_change();
CREATE TRIGGER attendance_changes_no_truncate BEFORE TRUNCATE ON attendance_changes
    FOR EACH STATEMENT EXECUTE FUNCTION refuse_change();

-- A participant's assessment result in a group, where the course's completion rule asks for one.
CREATE TABLE assessment_results (
    group_id     uuid NOT NULL REFERENCES delivery_groups (id),
    person_id    uuid NOT NULL REFERENCES people (id),
    passed       boolean NOT NULL,
    note         text,
    recorded_by  text NOT NULL,
    recorded_at  timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (group_id, person_id)
);

-- What a person completed, or did not: one per participant of a closed group, or one per training done
-- elsewhere. The one input certification reads. A correction is a new row that supersedes the earlier one.
CREATE TABLE training_records (
    id                  uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    person_id           uuid NOT NULL REFERENCES people (id),
    source              text NOT NULL CHECK (source IN ('group', 'external')),
    course_version_id   uuid REFERENCES course_versions (id),
    course_code         text,
    course_version      integer,
    group_id            uuid REFERENCES delivery_groups (id),
    provider            text,
    title               text NOT NULL,
    starts_on           date NOT NULL,
    ends_on             date NOT NULL CHECK (ends_on >= starts_on),
    academic_hours      numeric(7, 2) NOT NULL CHECK (academic_hours >= 0),
    outcome             text NOT NULL CHECK (outcome IN ('completed', 'not_completed')),
    reasons             text[] NOT NULL DEFAULT '{}',
    evidence_reference  text,
    -- The person's organisation and position when the record was made, for reports that must not change
    -- when someone later moves.
    organisation_id     uuid REFERENCES organisations (id),
    region              text,
    position            text,
    supersedes          uuid UNIQUE REFERENCES training_records (id),
    correction_reason   text,
    recorded_by         text NOT NULL,
    -- The account that made the record (none for the admin CLI): approval is by another account.
    recorded_account    uuid,
    recorded_at         timestamptz NOT NULL DEFAULT clock_timestamp(),
    -- Training done elsewhere counts only once an inspectorate officer approves it.
    approved_by         text,
    approved_at         timestamptz,
    CHECK (source <> 'group' OR (group_id IS NOT NULL AND course_version_id IS NOT NULL)),
    CHECK (source <> 'external' OR (provider IS NOT NULL)),
    CHECK (source <> 'group' OR approved_at IS NOT NULL),
    CHECK ((supersedes IS NULL) = (correction_reason IS NULL))
);
-- One original record per participant of a group; corrections chain from it.
CREATE UNIQUE INDEX training_records_group_person_key ON training_records (group_id, person_id)
    WHERE source = 'group' AND supersedes IS NULL;
CREATE INDEX training_records_person_idx ON training_records (person_id, ends_on);
CREATE INDEX training_records_group_idx ON training_records (group_id) WHERE group_id IS NOT NULL;
CREATE INDEX training_records_organisation_idx ON training_records (organisation_id, ends_on);
CREATE INDEX training_records_course_idx ON training_records (course_code, course_version, outcome);

-- Records are never deleted, and only approval may be filled in later (once).
CREATE FUNCTION training_records_guard() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'DELETE' THEN
        RAISE EXCEPTION 'training records are never deleted' USING ERRCODE = 'restrict_violation';
    END IF;
    IF OLD.approved_at IS NOT NULL
       OR (to_jsonb(NEW) - 'approved_by' - 'approved_at') IS DISTINCT FROM (to_jsonb(OLD) - 'approved_by' - 'approved_at') THEN
        RAISE EXCEPTION 'a training record is changed only by a correction that supersedes it' USING ERRCODE = 'restrict_violation';
    END IF;
    RETURN NEW;
END;
$$;
CREATE TRIGGER training_records_guard BEFORE UPDATE OR DELETE ON training_records
    FOR EACH ROW EXECUTE FUNCTION training_records_guard();
CREATE TRIGGER training_records_no_truncate BEFORE TRUNCATE ON training_records
    FOR EACH STATEMENT EXECUTE FUNCTION refuse_change();

-- A record counts when it is the newest of its chain and approved (group records are approved on closing).
CREATE VIEW current_training_records AS
    SELECT r.* FROM training_records r
    WHERE r.approved_at IS NOT NULL
      AND NOT EXISTS (SELECT 1 FROM training_records n WHERE n.supersedes = r.id);

-- Participants' questionnaire answers, kept without any link to who gave them. An answer first waits in
-- feedback_inbox; once the group's questionnaire has closed, its answers are moved in one transaction, in
-- random order and under new ids, to feedback_responses. So no transaction id, row order or time ties a stored
-- answer to the feedback_respondents row written when it was given.
CREATE TABLE feedback_inbox (
    id        uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    group_id  uuid NOT NULL REFERENCES delivery_groups (id),
    answers   jsonb NOT NULL
);
CREATE INDEX feedback_inbox_group_idx ON feedback_inbox (group_id);
CREATE TABLE feedback_responses (
    id        uuid PRIMARY KEY,
    group_id  uuid NOT NULL REFERENCES delivery_groups (id)
);
CREATE INDEX feedback_responses_group_idx ON feedback_responses (group_id);
CREATE TABLE feedback_answers (
    response_id  uuid NOT NULL REFERENCES feedback_responses (id),
    item         text NOT NULL,
    score        integer CHECK (score BETWEEN 1 AND 5),
    comment      text,
    CHECK ((score IS NULL) <> (comment IS NULL)),
    PRIMARY KEY (response_id, item)
);
-- Who has answered, kept apart from the answers: one answer per participant and group.
CREATE TABLE feedback_respondents (
    group_id   uuid NOT NULL REFERENCES delivery_groups (id),
    person_id  uuid NOT NULL REFERENCES people (id),
    PRIMARY KEY (group_id, person_id)
);
CREATE TRIGGER feedback_responses_append_only BEFORE UPDATE OR DELETE ON feedback_responses
    FOR EACH ROW EXECUTE FUNCTION refuse_change();
CREATE TRIGGER feedback_answers_append_only BEFORE UPDATE OR DELETE ON feedback_answers
    FOR EACH ROW EXECUTE FUNCTION refuse_change();
CREATE TRIGGER feedback_respondents_append_only BEFORE UPDATE OR DELETE ON feedback_respondents
    FOR EACH ROW EXECUTE FUNCTION refuse_change();

-- A lecturer's report on a group they taught: what worked and what to change, overall and per module.
CREATE TABLE lecturer_reports (
    id               uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    group_id         uuid NOT NULL REFERENCES delivery_groups (id),
    author_id        uuid NOT NULL REFERENCES people (id),
    what_worked      text NOT NULL,
    what_to_change   text NOT NULL,
    modules          jsonb NOT NULL DEFAULT '[]',
    submitted_at     timestamptz NOT NULL DEFAULT now(),
    UNIQUE (group_id, author_id)
);
