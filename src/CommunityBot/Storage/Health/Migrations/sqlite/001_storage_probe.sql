-- One row the bot rewrites to prove the database takes writes: at start-up (refuse to start otherwise) and
-- every few seconds during an outage (to notice it has ended).
CREATE TABLE storage_probe (
    id         INTEGER PRIMARY KEY,
    written_at BIGINT NOT NULL,
    written_by TEXT   NOT NULL
);
