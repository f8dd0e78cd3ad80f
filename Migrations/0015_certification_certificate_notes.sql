-- Certificates revoked as issued in error, and the certificates that replaced them, as certification notes them:
-- the holder's status stands, and its explanation says which certificate was withdrawn and whether another
-- replaced it. Rows are only added.
CREATE TABLE certification_certificate_notes (
    id                  uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    person_id           uuid NOT NULL REFERENCES people (id),
    scheme_code         text NOT NULL,
    event               text NOT NULL CHECK (event IN ('withdrawn_in_error', 'replaced')),
    certificate_number  text NOT NULL,
    on_date             date NOT NULL,
    -- For a withdrawal, why; for a replacement, the number of the certificate that replaces it.
    detail              text NOT NULL,
    recorded_by         text NOT NULL,
    recorded_at         timestamptz NOT NULL DEFAULT clock_timestamp()
);
CREATE INDEX certification_certificate_notes_person_idx ON certification_certificate_notes (person_id, scheme_code);
CREATE TRIGGER certification_certificate_notes_append_only BEFORE UPDATE OR DELETE ON certification_certificate_notes
    FOR EACH ROW EXECUTE FUNCTION refuse_change();
CREATE TRIGGER certification_certificate_notes_no_truncate BEFORE TRUNCATE ON certification_certificate_notes
    FOR EACH STATEMENT EXECUTE FUNCTION refuse_change();
