-- The issuer's public keys and its identity live with the data, so they are backed up with it: losing or replacing
-- the key folder (which holds only the secret halves) never makes a credential unverifiable, and every server
-- process publishes every key any of them may sign with, hearing of a new one on the change feed (0012).

-- Every key the issuer may ever sign with. A key is published here before it signs (from `signs_from`), and stays
-- published for good: credentials it signed are verified against it. Retiring it (`retired_at`) only ends its
-- signing; its row, and its place in the DID document, remain.
CREATE TABLE issuer_keys (
    -- The fragment of its verification method (`did:web:…#key-3`): never given to another key.
    id                     text PRIMARY KEY CHECK (id ~ '^key-[1-9][0-9]*$'),
    public_key_multibase   text NOT NULL UNIQUE CHECK (public_key_multibase ~ '^z6Mk[1-9A-HJ-NP-Za-km-z]+$'),
    created_at             timestamptz NOT NULL,
    published_at           timestamptz NOT NULL DEFAULT now(),
    signs_from             timestamptz NOT NULL,
    retired_at             timestamptz
);

-- Published is for good: nothing changes but a retirement, recorded once.
CREATE FUNCTION issuer_keys_guard() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF NEW.id <> OLD.id OR NEW.public_key_multibase <> OLD.public_key_multibase OR NEW.created_at <> OLD.created_at
       OR NEW.published_at <> OLD.published_at OR NEW.signs_from <> OLD.signs_from
       OR (OLD.retired_at IS NOT NULL AND NEW.retired_at IS DISTINCT FROM OLD.retired_at) THEN
        RAISE EXCEPTION 'issuer key % is published for good; it can only be retired, once', OLD.id
            USING ERRCODE = 'integrity_constraint_violation';
    END IF;
    RETURN NEW;
END $$;
CREATE TRIGGER issuer_keys_guard BEFORE UPDATE ON issuer_keys FOR EACH ROW EXECUTE FUNCTION issuer_keys_guard();
CREATE TRIGGER issuer_keys_no_delete BEFORE DELETE ON issuer_keys FOR EACH ROW EXECUTE FUNCTION refuse_change();
CREATE TRIGGER issuer_keys_no_truncate BEFORE TRUNCATE ON issuer_keys FOR EACH STATEMENT EXECUTE FUNCTION refuse_change();
CREATE TRIGGER issuer_keys_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON issuer_keys
    FOR EACH STATEMENT EXECUTE FUNCTION notify_table_changed();

-- Who the credentials name as issuer, fixed by the first certificate signed: its did:web and the public address its
-- status lists are under. One row, never changed, so a process configured for another address cannot issue under
-- another identity, and a restored backup is verified under the identity its credentials name.
CREATE TABLE issuer_identity (
    singleton    boolean PRIMARY KEY DEFAULT true CHECK (singleton),
    did          text NOT NULL CHECK (did ~ '^did:web:[^#/?\s]+$'),
    public_url   text NOT NULL CHECK (public_url ~ '^https?://[^/?#\s]+$'),
    recorded_at  timestamptz NOT NULL DEFAULT now()
);
CREATE TRIGGER issuer_identity_append_only BEFORE UPDATE OR DELETE ON issuer_identity FOR EACH ROW EXECUTE FUNCTION refuse_change();
CREATE TRIGGER issuer_identity_no_truncate BEFORE TRUNCATE ON issuer_identity FOR EACH STATEMENT EXECUTE FUNCTION refuse_change();
CREATE TRIGGER issuer_identity_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON issuer_identity
    FOR EACH STATEMENT EXECUTE FUNCTION notify_table_changed();

-- An installation that signed certificates before this migration: the first one names the identity they were issued
-- under (its issuer, and the address of its status list).
INSERT INTO issuer_identity (did, public_url, recorded_at)
SELECT credential::jsonb -> 'issuer' ->> 'id',
       regexp_replace(credential::jsonb -> 'credentialStatus' ->> 'statusListCredential', '/v1/status-lists/[0-9]+$', ''),
       issued_at
FROM certificates
WHERE credential IS NOT NULL
ORDER BY issued_at, number
LIMIT 1;
