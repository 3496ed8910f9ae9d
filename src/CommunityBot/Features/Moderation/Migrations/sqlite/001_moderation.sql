-- Per-guild case numbers: the counter row is bumped in the same transaction that inserts the case.
CREATE TABLE mod_case_counters (
    guild_id    BIGINT  NOT NULL PRIMARY KEY,
    last_number INTEGER NOT NULL
);

-- Every moderation action, whatever the path (automod, queue reaction, command, escalation, appeal).
CREATE TABLE mod_cases (
    id                INTEGER PRIMARY KEY AUTOINCREMENT,
    guild_id          BIGINT  NOT NULL,
    case_number       INTEGER NOT NULL,
    kind              TEXT    NOT NULL,
    target_id         BIGINT  NOT NULL,
    moderator_id      BIGINT  NOT NULL,
    reason            TEXT    NOT NULL,
    duration_seconds  BIGINT,
    message_id        BIGINT,
    channel_id        BIGINT,
    message_snapshot  TEXT,
    source            TEXT    NOT NULL,
    linked_cases      TEXT,
    dm_delivered      INTEGER,
    modlog_message_id BIGINT,
    revoked           INTEGER NOT NULL DEFAULT 0,
    idempotency_key   TEXT    NOT NULL,
    created_at        BIGINT  NOT NULL,
    UNIQUE (guild_id, case_number),
    UNIQUE (guild_id, idempotency_key)
);
CREATE INDEX ix_mod_cases_target ON mod_cases (guild_id, target_id, created_at);

-- One card per flagged message; the unique key makes a second rule or a report join the same card.
CREATE TABLE mod_queue_cards (
    id                INTEGER PRIMARY KEY AUTOINCREMENT,
    guild_id          BIGINT  NOT NULL,
    message_id        BIGINT  NOT NULL,
    channel_id        BIGINT  NOT NULL,
    author_id         BIGINT  NOT NULL,
    content           TEXT    NOT NULL,
    card_channel_id   BIGINT  NOT NULL,
    card_message_id   BIGINT,
    status            TEXT    NOT NULL,
    acted_by          BIGINT,
    outcome           TEXT,
    case_number       INTEGER,
    message_deleted   INTEGER NOT NULL DEFAULT 0,
    created_at        BIGINT  NOT NULL,
    resolved_at       BIGINT,
    UNIQUE (guild_id, message_id)
);
CREATE INDEX ix_mod_queue_cards_card ON mod_queue_cards (card_message_id);

CREATE TABLE mod_queue_flags (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    card_id     BIGINT  NOT NULL REFERENCES mod_queue_cards (id),
    source      TEXT    NOT NULL,
    flag_key    TEXT    NOT NULL,
    reporter_id BIGINT,
    detail      TEXT    NOT NULL,
    notified    INTEGER NOT NULL DEFAULT 0,
    created_at  BIGINT  NOT NULL,
    UNIQUE (card_id, source, flag_key)
);

-- At most one appeal per case.
CREATE TABLE mod_appeals (
    id              INTEGER PRIMARY KEY AUTOINCREMENT,
    guild_id        BIGINT  NOT NULL,
    case_id         BIGINT  NOT NULL UNIQUE REFERENCES mod_cases (id),
    member_id       BIGINT  NOT NULL,
    text            TEXT    NOT NULL,
    status          TEXT    NOT NULL,
    card_channel_id BIGINT,
    card_message_id BIGINT,
    resolved_by     BIGINT,
    created_at      BIGINT  NOT NULL,
    resolved_at     BIGINT
);
