-- Requests counted per address and time window, for the public endpoints anyone may call (certificate
-- verification). In the database, so every server process counts together; UNLOGGED, because counts are worth
-- nothing after a crash and should cost no WAL on every public request.
CREATE UNLOGGED TABLE request_rate_windows (
    bucket        text NOT NULL,
    address       text NOT NULL,
    window_start  timestamptz NOT NULL,
    requests      integer NOT NULL,
    PRIMARY KEY (bucket, address, window_start)
);
CREATE INDEX request_rate_windows_start_idx ON request_rate_windows (window_start);
