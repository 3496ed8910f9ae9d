-- The points ledger: every change of a member's points is one append-only entry.
-- (guild, source kind, source id, member) is unique, so a replayed event or a double click never counts twice.
-- A reversal is its own entry pointing at the entry it reverses (at most one reversal per entry).
CREATE TABLE ambassador_entries (
    id                INTEGER PRIMARY KEY AUTOINCREMENT,
    guild_id          BIGINT  NOT NULL,
    member_id         BIGINT  NOT NULL,
    amount            INTEGER NOT NULL,
    source_kind       TEXT    NOT NULL,
    source_id         TEXT    NOT NULL,
    reason            TEXT    NOT NULL,
    actor_id          BIGINT,
    created_at        BIGINT  NOT NULL,
    season_id         BIGINT  NOT NULL,
    reverses_entry_id BIGINT  REFERENCES ambassador_entries (id),
    UNIQUE (guild_id, source_kind, source_id, member_id)
);
CREATE UNIQUE INDEX ux_ambassador_entries_reverses ON ambassador_entries (reverses_entry_id) WHERE reverses_entry_id IS NOT NULL;
CREATE INDEX ix_ambassador_entries_member ON ambassador_entries (guild_id, member_id, id);

-- Cached per-member totals, updated in the same transaction as every entry, plus the counters the
-- earning rules need (cooldown, daily caps) and the tier last applied.
CREATE TABLE ambassador_members (
    guild_id               BIGINT  NOT NULL,
    member_id              BIGINT  NOT NULL,
    balance                BIGINT  NOT NULL DEFAULT 0,
    earned                 BIGINT  NOT NULL DEFAULT 0,
    season_id              BIGINT  NOT NULL DEFAULT 0,
    season_earned          BIGINT  NOT NULL DEFAULT 0,
    day                    INTEGER NOT NULL DEFAULT 0,
    day_message_points     INTEGER NOT NULL DEFAULT 0,
    day_reaction_points    INTEGER NOT NULL DEFAULT 0,
    last_message_award_at  BIGINT  NOT NULL DEFAULT 0,
    tier_level             INTEGER NOT NULL DEFAULT 0,
    departed               INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (guild_id, member_id)
);
CREATE INDEX ix_ambassador_members_earned ON ambassador_members (guild_id, earned DESC);
CREATE INDEX ix_ambassador_members_season ON ambassador_members (guild_id, season_id, season_earned DESC);

-- Normalised-content hashes of messages that earned points, for the duplicate-content rule.
CREATE TABLE ambassador_message_hashes (
    guild_id     BIGINT NOT NULL,
    member_id    BIGINT NOT NULL,
    content_hash BIGINT NOT NULL,
    seen_at      BIGINT NOT NULL,
    PRIMARY KEY (guild_id, member_id, content_hash)
);
CREATE INDEX ix_ambassador_message_hashes_seen ON ambassador_message_hashes (seen_at);

CREATE TABLE ambassador_seasons (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    guild_id   BIGINT NOT NULL,
    name       TEXT   NOT NULL,
    started_at BIGINT NOT NULL,
    started_by BIGINT NOT NULL
);
CREATE INDEX ix_ambassador_seasons_guild ON ambassador_seasons (guild_id, id);

-- Units of stock handed out per reward (pending + fulfilled); a conditional UPDATE keeps it within the configured stock.
CREATE TABLE ambassador_reward_claims (
    guild_id  BIGINT NOT NULL,
    reward_id TEXT   NOT NULL,
    claimed   INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (guild_id, reward_id)
);

CREATE TABLE ambassador_redemptions (
    id                INTEGER PRIMARY KEY AUTOINCREMENT,
    guild_id          BIGINT  NOT NULL,
    member_id         BIGINT  NOT NULL,
    reward_id         TEXT    NOT NULL,
    reward_name       TEXT    NOT NULL,
    cost              INTEGER NOT NULL,
    debit_entry_id    BIGINT  NOT NULL REFERENCES ambassador_entries (id),
    status            TEXT    NOT NULL,
    created_at        BIGINT  NOT NULL,
    decided_by        BIGINT,
    decided_at        BIGINT,
    decision_reason   TEXT,
    review_channel_id BIGINT,
    review_message_id BIGINT,
    UNIQUE (debit_entry_id)
);
CREATE INDEX ix_ambassador_redemptions_member ON ambassador_redemptions (guild_id, member_id, reward_id, status);
