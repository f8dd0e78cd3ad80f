-- An approved scheme version's rule never changes in place, but its documentation may be corrected: a citation
-- that named a file instead of the published law, an assumption's note. The guard now lets the definition and its
-- checksum change when everything but `source`, `assumptions`, `note` and `status` (which moves on its own, checked
-- below) is the same. Who amended it and what it cited before is in the audit trail.

CREATE OR REPLACE FUNCTION certification_scheme_versions_guard() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'DELETE' THEN
        IF OLD.status <> 'draft' THEN
            RAISE EXCEPTION 'version % of % is % and cannot be deleted', OLD.version, OLD.scheme_code, OLD.status
                USING ERRCODE = 'integrity_constraint_violation';
        END IF;
        RETURN OLD;
    END IF;
    IF OLD.status <> 'draft' AND (
        NEW.scheme_code IS DISTINCT FROM OLD.scheme_code OR NEW.version IS DISTINCT FROM OLD.version
        OR NEW.effective_from IS DISTINCT FROM OLD.effective_from OR NEW.effective_until IS DISTINCT FROM OLD.effective_until
        OR (NEW.definition - 'source' - 'assumptions' - 'note' - 'status')
            IS DISTINCT FROM (OLD.definition - 'source' - 'assumptions' - 'note' - 'status')
        OR (NEW.status IS DISTINCT FROM OLD.status AND NOT (OLD.status = 'approved' AND NEW.status = 'retired'))
    ) THEN
        RAISE EXCEPTION 'version % of % is % and its rule cannot change in place', OLD.version, OLD.scheme_code, OLD.status
            USING ERRCODE = 'integrity_constraint_violation';
    END IF;
    RETURN NEW;
END $$;
