-- Durable schedules for every feature (poll deadlines, nudges, reminders, retried Discord calls).
CREATE TABLE jobs (
    id            BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    kind          TEXT    NOT NULL,
    job_key       TEXT    NOT NULL,
    guild_id      BIGINT,
    payload       TEXT    NOT NULL,
    due_at        BIGINT  NOT NULL,
    attempts      INTEGER NOT NULL DEFAULT 0,
    claimed_by    TEXT,
    claimed_until BIGINT,
    dead          INTEGER NOT NULL DEFAULT 0,
    last_error    TEXT,
    UNIQUE (kind, job_key)
);
CREATE INDEX ix_jobs_due ON jobs (dead, due_at);

-- Hash of the command definitions last registered per scope ('global' or a guild id).
CREATE TABLE command_registrations (
    scope         TEXT   NOT NULL PRIMARY KEY,
    hash          TEXT   NOT NULL,
    registered_at BIGINT NOT NULL
);
