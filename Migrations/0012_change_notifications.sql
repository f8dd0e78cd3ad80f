-- Tables whose rows server processes keep copies of tell every process when they change: on commit, PostgreSQL
-- delivers the table's name on channel pilnveide_changes to each one listening (ChangeFeed), which then stops
-- serving its copies. One notification per statement is enough (the copies of the whole table go), and PostgreSQL
-- folds identical ones in a transaction into one.
CREATE FUNCTION notify_table_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_notify('pilnveide_changes', TG_TABLE_NAME);
    RETURN NULL;
END $$;

-- Public verification answers from copies of certificates (with the number of the one that superseded each).
CREATE TRIGGER certificates_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON certificates
    FOR EACH STATEMENT EXECUTE FUNCTION notify_table_changed();

-- Every signed-in request's caller: its token, account, roles and the person's organisation. A new token or account
-- changes no copy (copies are of tokens found), so only their updates and deletions notify.
CREATE TRIGGER access_tokens_changed AFTER UPDATE OR DELETE OR TRUNCATE ON access_tokens
    FOR EACH STATEMENT EXECUTE FUNCTION notify_table_changed();
CREATE TRIGGER accounts_changed AFTER UPDATE OR DELETE OR TRUNCATE ON accounts
    FOR EACH STATEMENT EXECUTE FUNCTION notify_table_changed();
CREATE TRIGGER account_roles_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON account_roles
    FOR EACH STATEMENT EXECUTE FUNCTION notify_table_changed();
CREATE TRIGGER people_changed AFTER UPDATE OR DELETE OR TRUNCATE ON people
    FOR EACH STATEMENT EXECUTE FUNCTION notify_table_changed();

-- People and their organisations in the statuses shown (a person's, a court's).
CREATE TRIGGER organisations_changed AFTER UPDATE OR DELETE OR TRUNCATE ON organisations
    FOR EACH STATEMENT EXECUTE FUNCTION notify_table_changed();

-- The schemes every status shown is worked out under.
CREATE TRIGGER certification_scheme_versions_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON certification_scheme_versions
    FOR EACH STATEMENT EXECUTE FUNCTION notify_table_changed();

-- Course versions in brief (code, version, title), named by every group shown.
CREATE TRIGGER course_versions_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON course_versions
    FOR EACH STATEMENT EXECUTE FUNCTION notify_table_changed();
