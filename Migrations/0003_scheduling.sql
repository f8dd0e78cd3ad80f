-- Scheduling: trainer qualifications, groups (delivery groups and train-the-trainer cohorts) with their
-- trainers and dated sessions, enrolments with an append-only history, attendance, the notification outbox
-- and per-person calendar feeds. Times are stored in UTC (timestamptz) and shown in Europe/Riga.

-- A person may lead groups of a course from a version on. Provisional until a supervising trainer signs off
-- their first delivery, when the course asks for that.
CREATE TABLE trainer_qualifications (
    id                  uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    person_id           uuid NOT NULL REFERENCES people (id),
    course_code         text NOT NULL REFERENCES courses (code),
    from_version        integer NOT NULL CHECK (from_version > 0),
    status              text NOT NULL CHECK (status IN ('provisional', 'qualified', 'withdrawn')),
    granted_via         text NOT NULL CHECK (granted_via IN ('cohort', 'direct')),
    cohort_group_id     uuid,
    reason              text,
    granted_by          text NOT NULL,
    granted_at          timestamptz NOT NULL DEFAULT now(),
    signed_off_by       uuid REFERENCES people (id),
    signed_off_group_id uuid,
    signed_off_at       timestamptz,
    withdrawn_by        text,
    withdrawn_reason    text,
    withdrawn_at        timestamptz
);
-- One live qualification per person and course.
CREATE UNIQUE INDEX trainer_qualifications_live_key ON trainer_qualifications (person_id, course_code)
    WHERE status <> 'withdrawn';

ALTER TABLE delivery_groups
    ADD COLUMN kind text NOT NULL DEFAULT 'delivery' CHECK (kind IN ('delivery', 'trainer_cohort')),
    ADD COLUMN region text CHECK (region IN ('kurzeme', 'latgale', 'riga', 'vidzeme', 'zemgale')),
    ADD COLUMN venue text,
    ADD COLUMN online boolean NOT NULL DEFAULT false,
    ADD COLUMN capacity integer CHECK (capacity > 0),
    ADD COLUMN minimum_participants integer CHECK (minimum_participants >= 0),
    ADD COLUMN registration_opens_at timestamptz,
    ADD COLUMN registration_closes_at timestamptz,
    ADD COLUMN cancellation_deadline timestamptz,
    ADD COLUMN pilot boolean NOT NULL DEFAULT false,
    ADD COLUMN status text NOT NULL DEFAULT 'planned'
        CHECK (status IN ('planned', 'open', 'confirmed', 'in_progress', 'completed', 'cancelled')),
    ADD COLUMN cancelled_reason text,
    ADD COLUMN created_by text,
    ADD COLUMN updated_at timestamptz NOT NULL DEFAULT now(),
    ADD CONSTRAINT delivery_groups_cancel_reason CHECK (status <> 'cancelled' OR cancelled_reason IS NOT NULL),
    ADD CONSTRAINT delivery_groups_registration_order
        CHECK (registration_closes_at IS NULL OR registration_opens_at IS NULL OR registration_closes_at > registration_opens_at);
CREATE INDEX delivery_groups_region_status_idx ON delivery_groups (region, status);

ALTER TABLE trainer_qualifications
    ADD CONSTRAINT trainer_qualifications_cohort_fk FOREIGN KEY (cohort_group_id) REFERENCES delivery_groups (id),
    ADD CONSTRAINT trainer_qualifications_signed_off_group_fk FOREIGN KEY (signed_off_group_id) REFERENCES delivery_groups (id);

CREATE TABLE group_trainers (
    group_id   uuid NOT NULL REFERENCES delivery_groups (id) ON DELETE CASCADE,
    person_id  uuid NOT NULL REFERENCES people (id),
    role       text NOT NULL CHECK (role IN ('lead', 'co')),
    PRIMARY KEY (group_id, person_id)
);
CREATE UNIQUE INDEX group_trainers_one_lead_key ON group_trainers (group_id) WHERE role = 'lead';
CREATE INDEX group_trainers_person_idx ON group_trainers (person_id);

CREATE TABLE group_sessions (
    id              uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    group_id        uuid NOT NULL REFERENCES delivery_groups (id) ON DELETE CASCADE,
    starts_at       timestamptz NOT NULL,
    ends_at         timestamptz NOT NULL CHECK (ends_at > starts_at),
    academic_hours  integer NOT NULL CHECK (academic_hours > 0),
    venue           text,
    -- Bumped on every change so calendar applications see updates (iCalendar SEQUENCE).
    sequence        integer NOT NULL DEFAULT 0,
    cancelled_at    timestamptz,
    created_at      timestamptz NOT NULL DEFAULT now(),
    updated_at      timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX group_sessions_group_idx ON group_sessions (group_id, starts_at);
CREATE INDEX group_sessions_time_idx ON group_sessions (starts_at, ends_at);

CREATE TABLE enrolments (
    id          uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    group_id    uuid NOT NULL REFERENCES delivery_groups (id),
    person_id   uuid NOT NULL REFERENCES people (id),
    status      text NOT NULL CHECK (status IN ('requested', 'booked', 'waitlisted', 'cancelled')),
    -- Waitlist order: who asked first is promoted first.
    queued_at   timestamptz NOT NULL DEFAULT clock_timestamp(),
    created_at  timestamptz NOT NULL DEFAULT now(),
    updated_at  timestamptz NOT NULL DEFAULT now()
);
-- A person holds at most one live enrolment per group.
CREATE UNIQUE INDEX enrolments_live_key ON enrolments (group_id, person_id) WHERE status <> 'cancelled';
CREATE INDEX enrolments_group_status_idx ON enrolments (group_id, status, queued_at);
CREATE INDEX enrolments_person_idx ON enrolments (person_id);

-- Every status an enrolment had, who set it and why. Rows are only ever added.
CREATE TABLE enrolment_history (
    id             bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    enrolment_id   uuid NOT NULL REFERENCES enrolments (id),
    status         text NOT NULL,
    changed_at     timestamptz NOT NULL DEFAULT clock_timestamp(),
    changed_by     text NOT NULL,
    reason         text
);
CREATE INDEX enrolment_history_enrolment_idx ON enrolment_history (enrolment_id, id);

-- Who was present at which session, as the group's trainer records it. One row per person and session;
-- recording again replaces it.
CREATE TABLE session_attendance (
    session_id   uuid NOT NULL REFERENCES group_sessions (id) ON DELETE CASCADE,
    person_id    uuid NOT NULL REFERENCES people (id),
    present      boolean NOT NULL,
    recorded_by  text NOT NULL,
    recorded_at  timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (session_id, person_id)
);
CREATE INDEX session_attendance_person_idx ON session_attendance (person_id);

-- Messages for people, written in the same transaction as what caused them; no mail server needed.
CREATE TABLE notification_outbox (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    kind        text NOT NULL,
    group_id    uuid REFERENCES delivery_groups (id),
    subject     text NOT NULL,
    body        text NOT NULL,
    dedupe_key  text UNIQUE,
    created_at  timestamptz NOT NULL DEFAULT now(),
    sent_at     timestamptz
);

-- A secret per person for their calendar feed URL; only its SHA-256 is kept. Rotating replaces it.
CREATE TABLE calendar_feeds (
    person_id    uuid PRIMARY KEY REFERENCES people (id),
    secret_hash  bytea NOT NULL UNIQUE CHECK (octet_length(secret_hash) = 32),
    created_at   timestamptz NOT NULL DEFAULT now()
);
