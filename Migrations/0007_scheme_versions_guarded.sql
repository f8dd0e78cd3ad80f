-- An approved (or retired) certification scheme version is what decisions were taken under: the database, not
-- only the application, refuses to change its rule or delete it. Only its status may move forward
-- (approved → retired). Drafts stay editable: nothing was decided under them.

CREATE FUNCTION certification_scheme_versions_guard() RETURNS trigger LANGUAGE plpgsql AS $$
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
        OR NEW.definition IS DISTINCT FROM OLD.definition OR NEW.content_checksum IS DISTINCT FROM OLD.content_checksum
        OR (NEW.status IS DISTINCT FROM OLD.status AND NOT (OLD.status = 'approved' AND NEW.status = 'retired'))
    ) THEN
        RAISE EXCEPTION 'version % of % is % and cannot change in place', OLD.version, OLD.scheme_code, OLD.status
            USING ERRCODE = 'integrity_constraint_violation';
    END IF;
    RETURN NEW;
END $$;
CREATE TRIGGER certification_scheme_versions_guard BEFORE UPDATE OR DELETE ON certification_scheme_versions
    FOR EACH ROW EXECUTE FUNCTION certification_scheme_versions_guard();
CREATE TRIGGER certification_scheme_versions_no_truncate BEFORE TRUNCATE ON certification_scheme_versions
    FOR EACH STATEMENT EXECUTE FUNCTION refuse_change();
