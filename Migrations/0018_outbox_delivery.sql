-- The outbox is now delivered by e-mail. A message may name its recipient's address (an account's sign-in address
-- when it is not the person's directory address), carry an HTML body and a calendar attachment, and keeps one
-- Message-ID across attempts, so a resend after a crash between the server's 250 and our update is recognisably
-- the same message. Attempts back off (`next_attempt_at`); a permanent refusal marks it failed with the reply.
ALTER TABLE notification_outbox
    ADD COLUMN recipient        text,
    ADD COLUMN html_body        text,
    ADD COLUMN calendar         text,
    ADD COLUMN message_id       text UNIQUE,
    ADD COLUMN attempts         integer NOT NULL DEFAULT 0 CHECK (attempts >= 0),
    ADD COLUMN next_attempt_at  timestamptz NOT NULL DEFAULT now(),
    ADD COLUMN failed_at        timestamptz,
    ADD COLUMN last_reply       text,
    ADD CONSTRAINT notification_outbox_sent_or_failed CHECK (sent_at IS NULL OR failed_at IS NULL);

-- What a sender claims: due, neither sent nor failed.
CREATE INDEX notification_outbox_due_idx ON notification_outbox (next_attempt_at, id) WHERE sent_at IS NULL AND failed_at IS NULL;
