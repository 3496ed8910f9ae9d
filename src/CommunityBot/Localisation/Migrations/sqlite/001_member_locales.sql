-- The Discord language each member last used with the bot: a DM (no interaction, so no locale) is written in it.
CREATE TABLE member_locales (
    user_id  BIGINT  NOT NULL PRIMARY KEY,
    locale   TEXT    NOT NULL,
    seen_at  BIGINT  NOT NULL
);
