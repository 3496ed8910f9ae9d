-- FAQ entries from proposal to publication. status: proposed | published | rejected | deleted.
CREATE TABLE faq_entries (
    id                INTEGER PRIMARY KEY AUTOINCREMENT,
    guild_id          BIGINT  NOT NULL,
    status            TEXT    NOT NULL,
    question          TEXT    NOT NULL,
    answer            TEXT    NOT NULL,
    tags              TEXT    NOT NULL DEFAULT '',
    aliases           TEXT    NOT NULL DEFAULT '',
    -- Normalised question + aliases (short-word search) and everything searchable (PostgreSQL search).
    title_text        TEXT    NOT NULL DEFAULT '',
    search_text       TEXT    NOT NULL DEFAULT '',
    source_channel_id BIGINT,
    source_message_id BIGINT,
    answer_author_id  BIGINT,
    proposer_id       BIGINT  NOT NULL,
    origin            TEXT    NOT NULL,
    review_channel_id BIGINT,
    review_message_id BIGINT,
    reviewer_id       BIGINT,
    reviewed_at       BIGINT,
    created_at        BIGINT  NOT NULL,
    updated_at        BIGINT  NOT NULL,
    use_count         BIGINT  NOT NULL DEFAULT 0,
    -- 1 while Discord-side follow-ups (review card, credit, telling the proposer) are outstanding.
    sync_pending      INTEGER NOT NULL DEFAULT 1
);
-- One live entry per source message: a replayed or double-submitted capture finds the first one.
CREATE UNIQUE INDEX ux_faq_entries_source ON faq_entries (guild_id, source_message_id)
    WHERE source_message_id IS NOT NULL AND status IN ('proposed', 'published');
CREATE UNIQUE INDEX ux_faq_entries_card ON faq_entries (review_message_id) WHERE review_message_id IS NOT NULL;
CREATE INDEX ix_faq_entries_guild ON faq_entries (guild_id, status, reviewed_at);
CREATE INDEX ix_faq_entries_pending ON faq_entries (sync_pending) WHERE sync_pending = 1;

CREATE TABLE faq_aliases (
    entry_id  BIGINT NOT NULL REFERENCES faq_entries (id) ON DELETE CASCADE,
    alias_key TEXT   NOT NULL,
    alias     TEXT   NOT NULL,
    PRIMARY KEY (entry_id, alias_key)
);

-- "Did this help?": one vote per member per entry; a member may change their mind.
CREATE TABLE faq_votes (
    entry_id BIGINT  NOT NULL REFERENCES faq_entries (id) ON DELETE CASCADE,
    user_id  BIGINT  NOT NULL,
    helpful  INTEGER NOT NULL,
    voted_at BIGINT  NOT NULL,
    PRIMARY KEY (entry_id, user_id)
);

-- Each time an entry was shown, keyed on the interaction/message that showed it so replays count once.
CREATE TABLE faq_usage (
    entry_id BIGINT NOT NULL REFERENCES faq_entries (id) ON DELETE CASCADE,
    event_id BIGINT NOT NULL,
    kind     TEXT   NOT NULL,
    at       BIGINT NOT NULL,
    PRIMARY KEY (entry_id, event_id)
);

-- Suggestions posted under questions in help channels, and what the asker made of them.
CREATE TABLE faq_nudges (
    id                  INTEGER PRIMARY KEY AUTOINCREMENT,
    guild_id            BIGINT NOT NULL,
    channel_id          BIGINT NOT NULL,
    question_message_id BIGINT NOT NULL UNIQUE,
    asker_id            BIGINT NOT NULL,
    entry_id            BIGINT NOT NULL REFERENCES faq_entries (id) ON DELETE CASCADE,
    score               REAL   NOT NULL,
    reply_message_id    BIGINT,
    outcome             TEXT,
    outcome_by          BIGINT,
    outcome_at          BIGINT,
    created_at          BIGINT NOT NULL
);
CREATE INDEX ix_faq_nudges_entry ON faq_nudges (entry_id, outcome);

-- Per-channel nudge cooldown, claimed with one conditional upsert so concurrent messages cannot both nudge.
CREATE TABLE faq_nudge_channels (
    channel_id    BIGINT NOT NULL PRIMARY KEY,
    last_nudge_at BIGINT NOT NULL
);

-- Published entries only, rowid = faq_entries.id. Trigram tokens give substring matches in any script
-- (Hangul has no spaces between a word and its particle), so partial words and particles still match.
CREATE VIRTUAL TABLE faq_search USING fts5 (
    guild_id UNINDEXED, question, aliases, tags, answer,
    tokenize = 'trigram'
);
