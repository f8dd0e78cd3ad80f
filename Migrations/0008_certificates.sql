-- Certificates the inspectorate issues: numbered without gaps per year, signed as verifiable credentials, their
-- revocation published in a Bitstring Status List. Nothing here is ever deleted; only a certificate's state (and
-- the link to the certificate that superseded it) may change, and each change is in the audit trail.

-- The last number given in each year. Issuing takes this row's lock and increments it in its own transaction,
-- so a rolled-back issue gives its number back and two issuers (or two server processes) never share one.
CREATE TABLE certificate_number_counters (
    year         integer PRIMARY KEY CHECK (year BETWEEN 2000 AND 2999),
    last_number  integer NOT NULL CHECK (last_number > 0)
);

-- Revocation lists: one bit per certificate, the most significant bit of the first byte being index 0.
-- `version` grows with each change; the signed list credential is cached with the version it was made from.
CREATE TABLE certificate_status_lists (
    id                  integer PRIMARY KEY CHECK (id > 0),
    purpose             text NOT NULL CHECK (purpose = 'revocation'),
    bits                bytea NOT NULL,
    -- How many indexes are given out; a list is filled to half, so a random free index is quick to find.
    allocated           integer NOT NULL DEFAULT 0,
    version             integer NOT NULL DEFAULT 1,
    credential          text,
    credential_version  integer,
    updated_at          timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE certificates (
    id                   uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    number               text NOT NULL UNIQUE CHECK (length(btrim(number)) > 0),
    -- This platform's numbering; NULL for an imported certificate numbered some other way.
    year                 integer,
    sequence             integer CHECK (sequence > 0),
    -- The short code of the public verification link (and of the QR code that carries it).
    verification_code    text NOT NULL UNIQUE,
    person_id            uuid NOT NULL REFERENCES people (id),
    -- The holder's name and the scheme's title as they were on the day of issue, as printed.
    holder_name          text NOT NULL,
    scheme_code          text NOT NULL,
    scheme_version       integer NOT NULL,
    scheme_title         text NOT NULL,
    valid_from           date NOT NULL,
    valid_until          date CHECK (valid_until IS NULL OR valid_until >= valid_from),
    academic_hours       numeric(7, 2) NOT NULL DEFAULT 0 CHECK (academic_hours >= 0 AND academic_hours <> 'NaN'),
    -- 'issued' here, or 'imported' from before the platform existed (then unsigned by its original issuer).
    origin               text NOT NULL CHECK (origin IN ('issued', 'imported')),
    issued_at            timestamptz NOT NULL,
    issued_by            text NOT NULL,
    issued_by_account    uuid,
    -- Set when an officer issued although the person's status did not say the requirements were met.
    override_reason      text,
    idempotency_key      text,
    request_fingerprint  text,
    state                text NOT NULL DEFAULT 'active' CHECK (state IN ('active', 'suspended', 'revoked')),
    state_reason         text,
    state_changed_at     timestamptz,
    superseded_by        uuid REFERENCES certificates (id),
    status_list_id       integer NOT NULL REFERENCES certificate_status_lists (id),
    status_list_index    integer NOT NULL CHECK (status_list_index >= 0),
    -- The signed credential exactly as issued (text, not jsonb: its bytes are what was signed).
    credential           text,
    UNIQUE (year, sequence),
    UNIQUE (status_list_id, status_list_index),
    UNIQUE (issued_by_account, idempotency_key),
    FOREIGN KEY (scheme_code, scheme_version) REFERENCES certification_scheme_versions (scheme_code, version),
    CONSTRAINT certificates_numbered CHECK (origin = 'imported' OR (year IS NOT NULL AND sequence IS NOT NULL)),
    CONSTRAINT certificates_override_has_reason CHECK (override_reason IS NULL OR length(btrim(override_reason)) > 0),
    CONSTRAINT certificates_state_has_reason CHECK (state = 'active' OR state_reason IS NOT NULL)
);
CREATE INDEX certificates_person_idx ON certificates (person_id, scheme_code, issued_at);
-- People type numbers in any case: two numbers differing only in case would be one to them.
CREATE UNIQUE INDEX certificates_number_upper_key ON certificates (upper(number));

-- What each certificate rests on, copied when it was issued: the records may later be corrected, the
-- certificate keeps what it was issued for.
CREATE TABLE certificate_records (
    certificate_id  uuid NOT NULL REFERENCES certificates (id),
    record_id       uuid,
    title           text NOT NULL,
    course_code     text,
    academic_hours  numeric(7, 2) NOT NULL,
    completed_on    date NOT NULL
);
CREATE INDEX certificate_records_certificate_idx ON certificate_records (certificate_id);

-- Only the state, its reason and time, and the superseding link may change; a revoked certificate stays revoked.
CREATE FUNCTION certificates_guard() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF NEW.id <> OLD.id OR NEW.number <> OLD.number OR NEW.year IS DISTINCT FROM OLD.year OR NEW.sequence IS DISTINCT FROM OLD.sequence
       OR NEW.verification_code <> OLD.verification_code OR NEW.person_id <> OLD.person_id OR NEW.holder_name <> OLD.holder_name
       OR NEW.scheme_code <> OLD.scheme_code OR NEW.scheme_version <> OLD.scheme_version OR NEW.scheme_title <> OLD.scheme_title
       OR NEW.valid_from <> OLD.valid_from OR NEW.valid_until IS DISTINCT FROM OLD.valid_until
       OR NEW.academic_hours <> OLD.academic_hours OR NEW.origin <> OLD.origin
       OR NEW.issued_at <> OLD.issued_at OR NEW.issued_by <> OLD.issued_by
       OR NEW.issued_by_account IS DISTINCT FROM OLD.issued_by_account
       OR NEW.override_reason IS DISTINCT FROM OLD.override_reason
       OR NEW.idempotency_key IS DISTINCT FROM OLD.idempotency_key
       OR NEW.request_fingerprint IS DISTINCT FROM OLD.request_fingerprint
       OR NEW.status_list_id <> OLD.status_list_id OR NEW.status_list_index <> OLD.status_list_index
       OR NEW.credential IS DISTINCT FROM OLD.credential
       OR (OLD.superseded_by IS NOT NULL AND NEW.superseded_by IS DISTINCT FROM OLD.superseded_by)
       OR NEW.superseded_by = NEW.id THEN
        RAISE EXCEPTION 'certificate % cannot change except its state', OLD.number USING ERRCODE = 'integrity_constraint_violation';
    END IF;
    -- Revoked is final: its state, reason and time stay as they were, and nothing supersedes it any more.
    IF OLD.state = 'revoked' AND (NEW.state <> 'revoked' OR NEW.state_reason IS DISTINCT FROM OLD.state_reason
       OR NEW.state_changed_at IS DISTINCT FROM OLD.state_changed_at OR NEW.superseded_by IS DISTINCT FROM OLD.superseded_by) THEN
        RAISE EXCEPTION 'certificate % is revoked for good', OLD.number USING ERRCODE = 'integrity_constraint_violation';
    END IF;
    RETURN NEW;
END $$;
CREATE TRIGGER certificates_guard BEFORE UPDATE ON certificates FOR EACH ROW EXECUTE FUNCTION certificates_guard();
CREATE TRIGGER certificates_no_delete BEFORE DELETE ON certificates FOR EACH ROW EXECUTE FUNCTION refuse_change();
CREATE TRIGGER certificates_no_truncate BEFORE TRUNCATE ON certificates FOR EACH STATEMENT EXECUTE FUNCTION refuse_change();
CREATE TRIGGER certificate_records_append_only BEFORE UPDATE OR DELETE ON certificate_records
    FOR EACH ROW EXECUTE FUNCTION refuse_change();
CREATE TRIGGER certificate_records_no_truncate BEFORE TRUNCATE ON certificate_records
    FOR EACH STATEMENT EXECUTE FUNCTION refuse_change();
-- A revocation list only gains bits: clearing one would un-revoke a certificate in what verifiers read.
CREATE FUNCTION certificate_status_lists_guard() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF NEW.id <> OLD.id OR NEW.purpose <> OLD.purpose OR length(NEW.bits) <> length(OLD.bits)
       OR NEW.allocated < OLD.allocated OR NEW.version < OLD.version
       OR position('1' IN ((('x' || encode(OLD.bits, 'hex'))::varbit & ~(('x' || encode(NEW.bits, 'hex'))::varbit))::text)) > 0 THEN
        RAISE EXCEPTION 'status list % may only gain revocations', OLD.id USING ERRCODE = 'integrity_constraint_violation';
    END IF;
    RETURN NEW;
END $$;
CREATE TRIGGER certificate_status_lists_guard BEFORE UPDATE ON certificate_status_lists
    FOR EACH ROW EXECUTE FUNCTION certificate_status_lists_guard();
CREATE TRIGGER certificate_status_lists_no_delete BEFORE DELETE ON certificate_status_lists
    FOR EACH ROW EXECUTE FUNCTION refuse_change();
CREATE TRIGGER certificate_status_lists_no_truncate BEFORE TRUNCATE ON certificate_status_lists
    FOR EACH STATEMENT EXECUTE FUNCTION refuse_change();
