-- The interest roles each member last chose in the onboarding menu (one row per role), kept across leaving so a
-- returning member whose rules acceptance is restored gets them back: only those the config still offers.
CREATE TABLE onboarding_interest_choices (
    guild_id   BIGINT NOT NULL,
    member_id  BIGINT NOT NULL,
    role_id    BIGINT NOT NULL,
    chosen_at  BIGINT NOT NULL,
    PRIMARY KEY (guild_id, member_id, role_id)
);
