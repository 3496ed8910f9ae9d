-- Ideas: the submitting modal's interaction is unique, so a replayed submit posts one card.
CREATE TABLE ideas (
    id                    BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    guild_id              BIGINT NOT NULL,
    channel_id            BIGINT NOT NULL,
    message_id            BIGINT UNIQUE,
    thread_id             BIGINT,
    author_id             BIGINT NOT NULL,
    submit_interaction_id BIGINT NOT NULL UNIQUE,
    title                 TEXT   NOT NULL,
    description           TEXT   NOT NULL,
    status                TEXT   NOT NULL DEFAULT 'new',
    status_reason         TEXT,
    duplicate_of          BIGINT REFERENCES ideas (id),
    created_at            BIGINT NOT NULL,
    status_changed_at     BIGINT NOT NULL,
    shipped_at            BIGINT
);
CREATE INDEX ix_ideas_guild_status ON ideas (guild_id, status);

-- One vote per member per idea (+1 / -1), changeable; last_interaction_id keeps replays from undoing a newer vote.
CREATE TABLE idea_votes (
    idea_id             BIGINT  NOT NULL REFERENCES ideas (id) ON DELETE CASCADE,
    voter_id            BIGINT  NOT NULL,
    value               INTEGER NOT NULL CHECK (value IN (-1, 1)),
    last_interaction_id BIGINT  NOT NULL,
    voted_at            BIGINT  NOT NULL,
    PRIMARY KEY (idea_id, voter_id)
);

-- Every status change (the history, and the unit of notification). A replayed command changes nothing.
CREATE TABLE idea_status_changes (
    id             BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    idea_id        BIGINT NOT NULL REFERENCES ideas (id) ON DELETE CASCADE,
    from_status    TEXT   NOT NULL,
    to_status      TEXT   NOT NULL,
    reason         TEXT,
    actor_id       BIGINT NOT NULL,
    changed_at     BIGINT NOT NULL,
    interaction_id BIGINT NOT NULL UNIQUE
);

-- Who is told about a change: pending until sent, or failed with the reason (e.g. 50007, DMs closed) — never retried forever.
CREATE TABLE idea_notifications (
    change_id BIGINT  NOT NULL REFERENCES idea_status_changes (id) ON DELETE CASCADE,
    member_id BIGINT  NOT NULL,
    role      TEXT    NOT NULL,
    state     TEXT    NOT NULL DEFAULT 'pending',
    attempts  INTEGER NOT NULL DEFAULT 0,
    error     TEXT,
    PRIMARY KEY (change_id, member_id)
);
