-- Polls: one row per poll; the interaction that created it is unique so a replayed /poll create posts once.
CREATE TABLE polls (
    id                    INTEGER PRIMARY KEY AUTOINCREMENT,
    guild_id              BIGINT  NOT NULL,
    channel_id            BIGINT  NOT NULL,
    message_id            BIGINT  UNIQUE,
    creator_id            BIGINT  NOT NULL,
    create_interaction_id BIGINT  NOT NULL UNIQUE,
    question              TEXT    NOT NULL,
    max_picks             INTEGER NOT NULL,
    anonymous             INTEGER NOT NULL,
    hide_results          INTEGER NOT NULL,
    voter_role_id         BIGINT,
    layout                TEXT    NOT NULL,
    created_at            BIGINT  NOT NULL,
    closes_at             BIGINT  NOT NULL,
    closed                INTEGER NOT NULL DEFAULT 0,
    closed_at             BIGINT,
    closed_by             BIGINT,
    close_announced       INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX ix_polls_guild ON polls (guild_id, id);

-- Answers, numbered from 1. final_count is Discord's finalized count for native polls.
CREATE TABLE poll_options (
    poll_id     BIGINT  NOT NULL REFERENCES polls (id) ON DELETE CASCADE,
    position    INTEGER NOT NULL,
    label       TEXT    NOT NULL,
    final_count INTEGER,
    PRIMARY KEY (poll_id, position)
);

-- One ballot per member per poll (the database, not the code, enforces "one vote per member").
-- last_interaction_id orders changes: snowflakes grow with time, so a replayed or late interaction never
-- overwrites a newer choice.
CREATE TABLE poll_ballots (
    poll_id             BIGINT NOT NULL REFERENCES polls (id) ON DELETE CASCADE,
    voter_id            BIGINT NOT NULL,
    last_interaction_id BIGINT NOT NULL,
    voted_at            BIGINT NOT NULL,
    PRIMARY KEY (poll_id, voter_id)
);

-- The picks on a ballot (several for multiple choice); a pick cannot be counted twice.
CREATE TABLE poll_votes (
    poll_id  BIGINT  NOT NULL,
    voter_id BIGINT  NOT NULL,
    position INTEGER NOT NULL,
    PRIMARY KEY (poll_id, voter_id, position),
    FOREIGN KEY (poll_id, voter_id) REFERENCES poll_ballots (poll_id, voter_id) ON DELETE CASCADE
);
