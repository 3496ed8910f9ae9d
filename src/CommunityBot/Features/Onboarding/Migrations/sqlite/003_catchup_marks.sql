-- Where the catch-up after downtime starts looking for missed joins in a guild where no join has been recorded yet: the
-- first time the bot ran there with onboarding on (epoch ms). Members who joined before that are not newcomers it missed.
CREATE TABLE onboarding_catchup_marks (
    guild_id  BIGINT NOT NULL PRIMARY KEY,
    since     BIGINT NOT NULL
);
