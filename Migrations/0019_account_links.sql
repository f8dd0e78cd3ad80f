-- Accounts the inspectorate administers through the API: an account may be invited before it has a password, and
-- one-time links (an invitation, or "forgot my password") let its person choose one.

-- An invited account has no password until its person sets one from the link; nothing can sign in to it before.
ALTER TABLE accounts ALTER COLUMN password_hash DROP NOT NULL;

-- One-time links. Only the SHA-256 of the link's random secret is kept, so reading this table lets no one set a
-- password. A link is used at most once: it is taken by one conditional UPDATE (used_at IS NULL AND revoked_at IS
-- NULL AND expires_at > now()), so two uses at once cannot both succeed. A newer link, a password set, or disabling
-- the account revokes the account's links still open.
CREATE TABLE account_links (
    id           uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    account_id   uuid NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    purpose      text NOT NULL CHECK (purpose IN ('invitation', 'reset')),
    secret_hash  bytea NOT NULL UNIQUE CHECK (octet_length(secret_hash) = 32),
    created_at   timestamptz NOT NULL DEFAULT now(),
    expires_at   timestamptz NOT NULL,
    used_at      timestamptz,
    revoked_at   timestamptz,
    CONSTRAINT account_links_expire_after_creation CHECK (expires_at > created_at),
    CONSTRAINT account_links_used_or_revoked CHECK (used_at IS NULL OR revoked_at IS NULL)
);
CREATE INDEX account_links_open_idx ON account_links (account_id) WHERE used_at IS NULL AND revoked_at IS NULL;
