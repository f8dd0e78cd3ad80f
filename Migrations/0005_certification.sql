-- Certification: scheme versions loaded from Courses/certification/, the decisions and overrides the
-- inspectorate records, and an audit trail the database itself keeps append-only.

-- One row per version of a scheme, its whole definition kept as the file stated it. A version that is approved
-- never changes in place: a changed rule is a new version, and what was decided under the old one stays.
CREATE TABLE certification_scheme_versions (
    id                uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    scheme_code       text NOT NULL,
    version           integer NOT NULL CHECK (version > 0),
    status            text NOT NULL CHECK (status IN ('draft', 'approved', 'retired')),
    effective_from    date NOT NULL,
    effective_until   date CHECK (effective_until IS NULL OR effective_until >= effective_from),
    definition        jsonb NOT NULL,
    content_checksum  text NOT NULL,
    source_file       text NOT NULL,
    imported_by       text NOT NULL,
    imported_at       timestamptz NOT NULL DEFAULT now(),
    updated_at        timestamptz NOT NULL DEFAULT now(),
    UNIQUE (scheme_code, version)
);

-- A body's decision on a person under a scheme (e.g. the qualification commission), recorded by an officer.
CREATE TABLE certification_decisions (
    id            uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    person_id     uuid NOT NULL REFERENCES people (id),
    scheme_code   text NOT NULL,
    decided_on    date NOT NULL,
    passed        boolean NOT NULL,
    reference     text NOT NULL,
    recorded_by   text NOT NULL,
    recorded_at   timestamptz NOT NULL DEFAULT clock_timestamp()
);
CREATE INDEX certification_decisions_person_idx ON certification_decisions (person_id, scheme_code);

-- The inspectorate's suspensions, revocations and reinstatements, each with a reason.
CREATE TABLE certification_overrides (
    id            uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    person_id     uuid NOT NULL REFERENCES people (id),
    scheme_code   text NOT NULL,
    kind          text NOT NULL CHECK (kind IN ('suspended', 'revoked', 'reinstated')),
    from_date     date NOT NULL,
    reason        text NOT NULL,
    recorded_by   text NOT NULL,
    recorded_at   timestamptz NOT NULL DEFAULT clock_timestamp()
);
CREATE INDEX certification_overrides_person_idx ON certification_overrides (person_id, scheme_code);

CREATE TRIGGER certification_decisions_append_only BEFORE UPDATE OR DELETE ON certification_decisions
    FOR EACH ROW EXECUTE FUNCTION refuse_change();
CREATE TRIGGER certification_overrides_append_only BEFORE UPDATE OR DELETE ON certification_overrides
    FOR EACH ROW EXECUTE FUNCTION refuse_change();

-- The audit trail was append-only by the services' convention; now the database refuses to change it.
CREATE TRIGGER audit_events_append_only BEFORE UPDATE OR DELETE ON audit_events
    FOR EACH ROW EXECUTE FUNCTION refuse_change();
CREATE TRIGGER audit_events_no_truncate BEFORE TRUNCATE ON audit_events
    FOR EACH STATEMENT EXECUTE FUNCTION refuse_change();
CREATE INDEX audit_events_occurred_idx ON audit_events (occurred_at);
CREATE INDEX audit_events_action_idx ON audit_events (action, occurred_at);

-- Reading current, approved training records of many people at once (a court's, the country's).
CREATE INDEX training_records_current_person_idx ON training_records (person_id)
    WHERE approved_at IS NOT NULL AND outcome = 'completed';

-- Notifications for one person (certification reminders), beside those about a group.
ALTER TABLE notification_outbox ADD COLUMN person_id uuid REFERENCES people (id);
CREATE INDEX notification_outbox_unsent_idx ON notification_outbox (id) WHERE sent_at IS NULL;
-- The reminder pass finds everyone a scheme applies to by position.
CREATE INDEX people_position_idx ON people (position);

-- Each person's status under each scheme as the last daily pass computed it, with where they work: the
-- national view and its lists read this, with indexes, instead of computing 60,000 statuses per request.
CREATE TABLE certification_status_snapshots (
    person_id        uuid NOT NULL REFERENCES people (id),
    scheme_code      text NOT NULL,
    scheme_version   integer NOT NULL,
    state            text NOT NULL,
    valid_until      date,
    deadline         date,
    next_change      date,
    organisation_id  uuid REFERENCES organisations (id),
    region           text,
    position         text NOT NULL,
    computed_on      date NOT NULL,
    PRIMARY KEY (person_id, scheme_code)
);
CREATE INDEX certification_status_snapshots_state_idx ON certification_status_snapshots (scheme_code, state, deadline);
CREATE INDEX certification_status_snapshots_place_idx ON certification_status_snapshots (scheme_code, region, organisation_id, position);
