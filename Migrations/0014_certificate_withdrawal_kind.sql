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
