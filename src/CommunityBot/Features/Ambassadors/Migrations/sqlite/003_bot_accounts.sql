-- Accounts that never earn points (issue 14): the bot itself, whose id is known only from READY, and every user
-- Discord marks as a bot or that posted through a webhook, as the events show them. The ledger refuses a positive
-- entry for any of them. Points such an account got before it was known (the bot earned "reaction received" on its
-- own cards) are taken back by reversal entries, not deleted, as soon as it is recorded; points_cleared_at says that
-- reversal committed, so a restart in between finishes it (on the next READY).
CREATE TABLE ambassador_bot_accounts (
    user_id           BIGINT NOT NULL PRIMARY KEY,
    first_seen_at     BIGINT NOT NULL,
    points_cleared_at BIGINT
);
