-- The daily passes the server now runs itself (reminders and the national view, minimum warnings, feedback
-- release): when each last ran and how it ended, for /ready, /metrics and the start-up check ("older than a day").
CREATE TABLE daily_pass_runs (
    id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    started_at   timestamptz NOT NULL DEFAULT now(),
    finished_at  timestamptz,
    succeeded    boolean,
    summary      text,
    run_by       text NOT NULL,
    CHECK ((finished_at IS NULL) = (succeeded IS NULL))
);
CREATE INDEX daily_pass_runs_started_idx ON daily_pass_runs (started_at DESC);
