-- The directory: organisations, people, accounts with roles, access tokens, sign-in attempts and the audit trail.
-- Vocabularies are text with CHECK constraints (not enum types) so a later migration can extend them in place.

CREATE TABLE organisations (
    id              uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    kind            text NOT NULL CHECK (kind IN ('inspectorate', 'orphans_court', 'social_service', 'other')),
    name            text NOT NULL CHECK (length(btrim(name)) > 0),
    municipality    text,
    region          text CHECK (region IN ('kurzeme', 'latgale', 'riga', 'vidzeme', 'zemgale')),
    created_at      timestamptz NOT NULL DEFAULT now(),
    updated_at      timestamptz NOT NULL DEFAULT now(),
    -- An orphan's court always belongs to a municipality in one planning region.
    CONSTRAINT orphans_court_has_place CHECK (kind <> 'orphans_court' OR (municipality IS NOT NULL AND region IS NOT NULL))
);
-- Names identify organisations in CSV imports, so they are unique regardless of case.
CREATE UNIQUE INDEX organisations_name_key ON organisations (lower(name));
CREATE INDEX organisations_kind_region_idx ON organisations (kind, region);

CREATE TABLE people (
    id                   uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    given_name           text NOT NULL CHECK (length(btrim(given_name)) > 0),
    family_name          text NOT NULL CHECK (length(btrim(family_name)) > 0),
    -- Stored once, normalised to 11 digits; shown masked except to the roles that need it.
    personal_code        text CHECK (personal_code ~ '^[0-9]{11}$'),
    email                text,
    phone                text,
    position             text NOT NULL CHECK (position IN (
                             'orphans_court_chairperson', 'orphans_court_deputy_chairperson', 'orphans_court_member',
                             'orphans_court_employee', 'social_worker', 'child_rights_specialist',
                             'administrative_commission_head', 'inspectorate_specialist', 'trainer', 'other')),
    organisation_id      uuid REFERENCES organisations (id),
    position_started_on  date,
    created_at           timestamptz NOT NULL DEFAULT now(),
    updated_at           timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX people_personal_code_key ON people (personal_code) WHERE personal_code IS NOT NULL;
CREATE UNIQUE INDEX people_email_key ON people (lower(email)) WHERE email IS NOT NULL;
CREATE INDEX people_organisation_idx ON people (organisation_id);
CREATE INDEX people_name_idx ON people (lower(family_name), lower(given_name), id);

CREATE TABLE accounts (
    id                   uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    person_id            uuid NOT NULL UNIQUE REFERENCES people (id),
    email                text NOT NULL CHECK (position('@' IN email) > 1),
    -- Argon2id PHC string; never the password itself.
    password_hash        text NOT NULL CHECK (password_hash LIKE '$argon2id$%'),
    password_changed_at  timestamptz NOT NULL DEFAULT now(),
    disabled_at          timestamptz,
    created_at           timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX accounts_email_key ON accounts (lower(email));

CREATE TABLE account_roles (
    account_id  uuid NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    role        text NOT NULL CHECK (role IN (
                    'inspectorate_administrator', 'inspectorate_officer', 'trainer',
                    'orphans_court_chairperson', 'participant')),
    granted_at  timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (account_id, role)
);

-- Bearer tokens: only the SHA-256 of the token is kept, so a leaked table grants nothing.
CREATE TABLE access_tokens (
    token_hash  bytea PRIMARY KEY CHECK (octet_length(token_hash) = 32),
    account_id  uuid NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    created_at  timestamptz NOT NULL DEFAULT now(),
    expires_at  timestamptz NOT NULL,
    revoked_at  timestamptz
);
CREATE INDEX access_tokens_account_idx ON access_tokens (account_id);

-- Every sign-in attempt, by the e-mail typed (known account or not) and the client address; feeds the lockout.
CREATE TABLE sign_in_attempts (
    id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    email         text NOT NULL,
    address       text NOT NULL,
    succeeded     boolean NOT NULL,
    attempted_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX sign_in_attempts_email_idx ON sign_in_attempts (email, attempted_at);
CREATE INDEX sign_in_attempts_address_idx ON sign_in_attempts (address, attempted_at);

-- Who created, changed, issued or revoked what. Append-only by convention of the services.
CREATE TABLE audit_events (
    id             bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    occurred_at    timestamptz NOT NULL DEFAULT now(),
    actor_account  uuid REFERENCES accounts (id),
    actor_label    text NOT NULL,
    action         text NOT NULL,
    subject_type   text NOT NULL,
    subject_id     text NOT NULL,
    details        jsonb NOT NULL DEFAULT '{}'::jsonb
);
CREATE INDEX audit_events_subject_idx ON audit_events (subject_type, subject_id, occurred_at);
