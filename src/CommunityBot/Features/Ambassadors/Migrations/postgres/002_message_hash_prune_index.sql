-- The repeated-text prune looks for one guild's hashes older than its window. The PRIMARY KEY leads with
-- (guild_id, member_id), so that search read every hash of the guild (issue 22: ~5.5 ms at 20k rows, seconds
-- at 1M). This index answers it with a range seek that stops at the first unexpired row; the seen_at-only index
-- served no query and only cost a write per hash refresh.
DROP INDEX ix_ambassador_message_hashes_seen;
CREATE INDEX ix_ambassador_message_hashes_guild_seen ON ambassador_message_hashes (guild_id, seen_at);
