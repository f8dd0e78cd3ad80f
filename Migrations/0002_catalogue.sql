-- The course catalogue: courses and their versions as loaded from Courses/*.yaml.
-- A version's whole definition is kept as JSON (what the API serves); the columns beside it are what lists
-- filter and sort on.

CREATE TABLE courses (
    code        text PRIMARY KEY CHECK (code ~ '^[A-Z0-9][A-Z0-9-]{1,39}$'),
    kind        text NOT NULL CHECK (kind IN ('professional_qualification_programme', 'knowledge_improvement_programme', 'course')),
    created_at  timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE course_versions (
    id                     uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    course_code            text NOT NULL REFERENCES courses (code),
    version                integer NOT NULL CHECK (version > 0),
    status                 text NOT NULL CHECK (status IN ('draft', 'approved', 'retired')),
    title_lv               text NOT NULL,
    title_en               text NOT NULL,
    academic_hours         integer NOT NULL CHECK (academic_hours > 0),
    academic_hour_minutes  integer NOT NULL CHECK (academic_hour_minutes BETWEEN 1 AND 120),
    audiences              text[] NOT NULL,
    effective_from         date NOT NULL,
    effective_until        date CHECK (effective_until IS NULL OR effective_until >= effective_from),
    definition             jsonb NOT NULL,
    -- SHA-256 of the definition without its status, to tell whether a file changed.
    content_checksum       text NOT NULL,
    source_file            text NOT NULL,
    imported_at            timestamptz NOT NULL DEFAULT now(),
    updated_at             timestamptz NOT NULL DEFAULT now(),
    approved_at            timestamptz,
    approved_by            text,
    retired_at             timestamptz,
    retired_by             text,
    UNIQUE (course_code, version)
);
CREATE INDEX course_versions_audiences_idx ON course_versions USING gin (audiences);
CREATE INDEX course_versions_status_idx ON course_versions (status);

-- Groups that deliver a course version. Scheduling fills in the rest; the catalogue needs to know only
-- which versions are in use, because a version in use is never changed in place.
CREATE TABLE delivery_groups (
    id                 uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    code               text NOT NULL UNIQUE,
    course_version_id  uuid NOT NULL REFERENCES course_versions (id),
    created_at         timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX delivery_groups_course_version_idx ON delivery_groups (course_version_id);
