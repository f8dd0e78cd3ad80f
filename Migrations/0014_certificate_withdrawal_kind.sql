-- Why a certificate was suspended or revoked. For cause, the certification itself is withdrawn, so the holder's
-- status follows (an override naming the certificate is recorded with it). Issued in error (a wrong name or
-- date), the holder's status stands and a replacement may be issued. NULL for an active certificate and for
-- changes made before the kind was asked for.
ALTER TABLE certificates ADD COLUMN state_kind text CHECK (state_kind IN ('for_cause', 'issued_in_error'));

-- As before, only the state (now with its kind), its reason and time, and the superseding link may change; a
-- revoked certificate's kind is as final as the rest of its revocation.
CREATE OR REPLACE FUNCTION certificates_guard() RETURNS trigger LANGUAGE plpgsql AS $$
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
       OR NEW.state_changed_at IS DISTINCT FROM OLD.state_changed_at OR NEW.superseded_by IS DISTINCT FROM OLD.superseded_by
       OR NEW.state_kind IS DISTINCT FROM OLD.state_kind) THEN
        RAISE EXCEPTION 'certificate % is revoked for good', OLD.number USING ERRCODE = 'integrity_constraint_violation';
    END IF;
    RETURN NEW;
END $$;

-- The certificate whose suspension, revocation or reinstatement for cause made the override, if any.
ALTER TABLE certification_overrides ADD COLUMN certificate_number text;

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
