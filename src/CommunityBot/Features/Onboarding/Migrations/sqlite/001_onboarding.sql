-- One row per join instance: a member who leaves and comes back starts a new journey (is_rejoin = 1).
-- (guild_id, member_id, joined_at) is Discord's joined_at, so a repeated GUILD_MEMBER_ADD finds the same row.
-- Times are UTC epoch milliseconds; a NULL step has not happened.
CREATE TABLE onboarding_journeys (
    guild_id             BIGINT  NOT NULL,
    member_id            BIGINT  NOT NULL,
    joined_at            BIGINT  NOT NULL,
    is_rejoin            INTEGER NOT NULL DEFAULT 0,
    accepted_before      INTEGER NOT NULL DEFAULT 0,
    invite_code          TEXT,
    welcome_message_id   BIGINT,
    welcome_dm_status    TEXT,
    accepted_at          BIGINT,
    accepted_via         TEXT,
    native_onboarded_at  BIGINT,
    first_message_at     BIGINT,
    first_reply_at       BIGINT,
    active_week2_at      BIGINT,
    left_at              BIGINT,
    nudged_at            BIGINT,
    nudge_status         TEXT,
    PRIMARY KEY (guild_id, member_id, joined_at)
);
CREATE INDEX ix_onboarding_journeys_cohort ON onboarding_journeys (guild_id, joined_at);

-- Messages (and threads) of members still waiting for their first reply, so a reply to them or a message
-- in their thread can be credited. Kept only during the first weeks after joining.
CREATE TABLE onboarding_tracked_messages (
    guild_id    BIGINT NOT NULL,
    message_id  BIGINT NOT NULL,
    member_id   BIGINT NOT NULL,
    joined_at   BIGINT NOT NULL,
    PRIMARY KEY (guild_id, message_id)
);
CREATE INDEX ix_onboarding_tracked_member ON onboarding_tracked_messages (guild_id, member_id);
CREATE INDEX ix_onboarding_tracked_age ON onboarding_tracked_messages (guild_id, joined_at);

-- The published rules message per guild, so /onboarding publish edits it instead of posting again.
CREATE TABLE onboarding_rules_messages (
    guild_id     BIGINT NOT NULL PRIMARY KEY,
    channel_id   BIGINT NOT NULL,
    message_id   BIGINT NOT NULL,
    published_at BIGINT NOT NULL
);
