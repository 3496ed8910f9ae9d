namespace CommunityBot.Features.Ambassadors;

/// <summary>A ledger row as stored.</summary>
public sealed class LedgerEntry
{
    public long Id { get; set; }
    public ulong GuildId { get; set; }
    public ulong MemberId { get; set; }
    public int Amount { get; set; }
    public string SourceKind { get; set; } = "";
    public string SourceId { get; set; } = "";
    public string Reason { get; set; } = "";
    public ulong? ActorId { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public long SeasonId { get; set; }
    public long? ReversesEntryId { get; set; }
    /// <summary>Filled by queries that join it: the id of the entry that reversed this one.</summary>
    public long? ReversedById { get; set; }
}

/// <summary>A member's cached totals and the counters the earning rules read.</summary>
public sealed class MemberTotals
{
    public long Balance { get; set; }
    public long Earned { get; set; }
    public long SeasonId { get; set; }
    public long SeasonEarned { get; set; }
    public int Day { get; set; }
    public int DayMessagePoints { get; set; }
    public int DayReactionPoints { get; set; }
    public long LastMessageAwardAt { get; set; }
    public int TierLevel { get; set; }
    public bool Departed { get; set; }

    public long SeasonPoints(long currentSeason) => SeasonId == currentSeason ? SeasonEarned : 0;
}

/// <summary>What a committed change did to a member: the entry written and the totals after it.</summary>
public sealed record LedgerChange(ulong GuildId, ulong MemberId, long EntryId, int Amount, long Balance, long Earned, int TierLevel);

/// <summary>A new entry; counters say which daily caps and cooldown it uses.</summary>
public sealed record NewEntry(
    ulong GuildId, ulong MemberId, int Amount, string SourceKind, string SourceId, string Reason, ulong? ActorId, DateTimeOffset At,
    int MessagePoints = 0, int ReactionPoints = 0, bool StartsMessageCooldown = false);

/// <summary>
/// The ledger's writes, run inside a <see cref="LedgerSession"/> by the <see cref="LedgerWriter"/>. Each entry
/// and the member's cached totals change in the same transaction, so balance == sum of entries always holds.
/// Points "earned" (tiers, leaderboards) are every entry except redemption debits and their refunds.
/// </summary>
public static class Ledger
{
    public const int MaxReasonLength = 300;
    public const int MaxSourceIdLength = 200;

    public static int UtcDay(DateTimeOffset at) => (int)(at.ToUnixTimeSeconds() / 86_400);

    public static Task<MemberTotals?> MemberAsync(LedgerSession s, ulong guildId, ulong memberId) =>
        s.QueryPreparedAsync(MemberSql, ReadTotals, ("@guildId", guildId), ("@memberId", memberId));

    internal const string MemberSql = $"SELECT {MemberColumns} FROM ambassador_members WHERE guild_id = @guildId AND member_id = @memberId";

    /// <summary>Reads <see cref="MemberColumns"/> by position (the hot path skips the mapper).</summary>
    private static MemberTotals ReadTotals(System.Data.Common.DbDataReader r) => new()
    {
        Balance = r.GetInt64(0), Earned = r.GetInt64(1), SeasonId = r.GetInt64(2), SeasonEarned = r.GetInt64(3),
        Day = Convert.ToInt32(r.GetValue(4)), DayMessagePoints = Convert.ToInt32(r.GetValue(5)), DayReactionPoints = Convert.ToInt32(r.GetValue(6)),
        LastMessageAwardAt = r.GetInt64(7), TierLevel = Convert.ToInt32(r.GetValue(8)), Departed = Convert.ToInt32(r.GetValue(9)) != 0,
    };

    public const string MemberColumns =
        "balance AS Balance, earned AS Earned, season_id AS SeasonId, season_earned AS SeasonEarned, day AS Day, " +
        "day_message_points AS DayMessagePoints, day_reaction_points AS DayReactionPoints, last_message_award_at AS LastMessageAwardAt, " +
        "tier_level AS TierLevel, departed AS Departed";

    public const string EntryColumns =
        "e.id AS Id, e.guild_id AS GuildId, e.member_id AS MemberId, e.amount AS Amount, e.source_kind AS SourceKind, e.source_id AS SourceId, " +
        "e.reason AS Reason, e.actor_id AS ActorId, e.created_at AS CreatedAt, e.season_id AS SeasonId, e.reverses_entry_id AS ReversesEntryId";

    /// <summary>Appends an award; null when (guild, kind, source, member) already has an entry.</summary>
    public static async Task<LedgerChange?> AppendAsync(LedgerSession s, NewEntry entry)
    {
        var season = await s.Seasons.CurrentAsync(s, entry.GuildId);
        var id = await InsertAsync(s, entry, season, reverses: null);
        if (id is null) return null;
        return await ApplyAsync(s, entry, id.Value, season);
    }

    /// <summary>
    /// Writes the reversal of <paramref name="original"/>: the opposite amount, same kind and season, pointing
    /// at it. Null when it was already reversed. Balances may go below zero: taking back points that were
    /// already spent is a moderator's correction, not a purchase.
    /// </summary>
    public static async Task<LedgerChange?> ReverseAsync(LedgerSession s, LedgerEntry original, string reason, ulong? actorId, DateTimeOffset at)
    {
        if (original.ReversesEntryId is not null) return null;
        var entry = new NewEntry(original.GuildId, original.MemberId, -original.Amount, original.SourceKind,
            original.SourceId + "/reversal", reason, actorId, at);
        var id = await InsertAsync(s, entry, original.SeasonId, original.Id);
        if (id is null) return null;
        return await ApplyAsync(s, entry, id.Value, original.SeasonId);
    }

    public static Task<LedgerEntry?> EntryAsync(LedgerSession s, ulong guildId, long entryId) =>
        s.SingleOrDefaultAsync<LedgerEntry>($"""
            SELECT {EntryColumns}, r.id AS ReversedById
            FROM ambassador_entries e LEFT JOIN ambassador_entries r ON r.reverses_entry_id = e.id
            WHERE e.guild_id = @guildId AND e.id = @entryId
            """, new { guildId, entryId });

    /// <summary>Entries earned by a source that are neither reversals nor reversed yet.</summary>
    public static Task<IReadOnlyList<LedgerEntry>> UnreversedBySourceAsync(LedgerSession s, ulong guildId, string kind, string sourceId) =>
        s.QueryAsync<LedgerEntry>($"""
            SELECT {EntryColumns} FROM ambassador_entries e
            WHERE e.guild_id = @guildId AND e.source_kind = @kind AND e.source_id = @sourceId AND e.reverses_entry_id IS NULL
              AND NOT EXISTS (SELECT 1 FROM ambassador_entries r WHERE r.reverses_entry_id = e.id)
            """, new { guildId, kind, sourceId });

    /// <summary>Reaction entries a message earned (their source ids start with "messageId:").</summary>
    public static Task<IReadOnlyList<LedgerEntry>> UnreversedReactionsOnAsync(LedgerSession s, ulong guildId, string messageId) =>
        s.QueryAsync<LedgerEntry>($"""
            SELECT {EntryColumns} FROM ambassador_entries e
            WHERE e.guild_id = @guildId AND e.source_kind = @kind AND e.source_id >= @from AND e.source_id < @to AND e.reverses_entry_id IS NULL
              AND NOT EXISTS (SELECT 1 FROM ambassador_entries r WHERE r.reverses_entry_id = e.id)
            """, new { guildId, kind = PointSources.ReactionReceived, from = messageId + ":", to = messageId + ";" });

    /// <summary>Credits to one account, in every guild, that are neither reversals nor reversed yet (to take a bot's points back).</summary>
    public static Task<IReadOnlyList<LedgerEntry>> UnreversedCreditsOfAsync(LedgerSession s, ulong memberId) =>
        s.QueryAsync<LedgerEntry>($"""
            SELECT {EntryColumns} FROM ambassador_entries e
            WHERE e.guild_id IN (SELECT guild_id FROM ambassador_members WHERE member_id = @memberId) AND e.member_id = @memberId
              AND e.amount > 0 AND e.reverses_entry_id IS NULL
              AND NOT EXISTS (SELECT 1 FROM ambassador_entries r WHERE r.reverses_entry_id = e.id)
            ORDER BY e.id
            """, new { memberId });

    /// <summary>
    /// Inserts an entry; null on a repeated key, or for a credit to a recorded bot account: the last line of "bots never
    /// earn", which also holds for a bot another process (or a moment ago, this one) recorded. Debits and reversals
    /// always go in, so a bot's points can be taken back.
    /// </summary>
    private static Task<long?> InsertAsync(LedgerSession s, NewEntry e, long season, long? reverses) =>
        s.QueryPreparedAsync<long?>("""
            INSERT INTO ambassador_entries (guild_id, member_id, amount, source_kind, source_id, reason, actor_id, created_at, season_id, reverses_entry_id)
            SELECT @guildId, @memberId, @amount, @kind, @sourceId, @reason, CAST(@actorId AS BIGINT), @at, @season, CAST(@reverses AS BIGINT)
            WHERE @amount <= 0 OR NOT EXISTS (SELECT 1 FROM ambassador_bot_accounts WHERE user_id = @memberId)
            ON CONFLICT DO NOTHING
            RETURNING id
            """, r => r.GetInt64(0),
            ("@guildId", e.GuildId), ("@memberId", e.MemberId), ("@amount", e.Amount), ("@kind", e.SourceKind), ("@sourceId", e.SourceId),
            ("@reason", Truncate(e.Reason, MaxReasonLength)), ("@actorId", e.ActorId is { } a ? (long)a : null), ("@at", e.At), ("@season", season), ("@reverses", reverses));

    private static async Task<LedgerChange> ApplyAsync(LedgerSession s, NewEntry e, long entryId, long season)
    {
        var earned = e.SourceKind == PointSources.Redemption ? 0 : e.Amount;
        var lastMessage = e.StartsMessageCooldown ? e.At.ToUnixTimeMilliseconds() : 0;
        // SET expressions read the row as it was before this statement (both dialects), so the CASEs compare old values.
        var totals = await s.QueryPreparedAsync($"""
            INSERT INTO ambassador_members (guild_id, member_id, balance, earned, season_id, season_earned, day, day_message_points, day_reaction_points, last_message_award_at)
            VALUES (@guildId, @memberId, @amount, @earned, @season, @earned, @day, @messagePoints, @reactionPoints, @lastMessage)
            ON CONFLICT (guild_id, member_id) DO UPDATE SET
                balance = ambassador_members.balance + excluded.balance,
                earned = ambassador_members.earned + excluded.earned,
                season_earned = CASE
                    WHEN ambassador_members.season_id = excluded.season_id THEN ambassador_members.season_earned + excluded.season_earned
                    WHEN ambassador_members.season_id < excluded.season_id THEN excluded.season_earned
                    ELSE ambassador_members.season_earned END,
                season_id = CASE WHEN ambassador_members.season_id < excluded.season_id THEN excluded.season_id ELSE ambassador_members.season_id END,
                day_message_points = CASE
                    WHEN ambassador_members.day = excluded.day THEN ambassador_members.day_message_points + excluded.day_message_points
                    WHEN ambassador_members.day < excluded.day THEN excluded.day_message_points
                    ELSE ambassador_members.day_message_points END,
                day_reaction_points = CASE
                    WHEN ambassador_members.day = excluded.day THEN ambassador_members.day_reaction_points + excluded.day_reaction_points
                    WHEN ambassador_members.day < excluded.day THEN excluded.day_reaction_points
                    ELSE ambassador_members.day_reaction_points END,
                day = CASE WHEN ambassador_members.day < excluded.day THEN excluded.day ELSE ambassador_members.day END,
                last_message_award_at = CASE WHEN ambassador_members.last_message_award_at < excluded.last_message_award_at
                    THEN excluded.last_message_award_at ELSE ambassador_members.last_message_award_at END
            RETURNING {MemberColumns}
            """, ReadTotals, ("@guildId", e.GuildId), ("@memberId", e.MemberId), ("@amount", e.Amount), ("@earned", earned), ("@season", season),
            ("@day", UtcDay(e.At)), ("@messagePoints", e.MessagePoints), ("@reactionPoints", e.ReactionPoints), ("@lastMessage", lastMessage));
        return new LedgerChange(e.GuildId, e.MemberId, entryId, e.Amount, totals!.Balance, totals.Earned, totals.TierLevel);
    }

    /// <summary>Starts a season: from now on awards count towards it; earlier seasons and all-time totals stay.</summary>
    public static async Task<long> StartSeasonAsync(LedgerSession s, ulong guildId, string name, ulong actorId, DateTimeOffset at)
    {
        var id = await s.ScalarAsync<long>(
            "INSERT INTO ambassador_seasons (guild_id, name, started_at, started_by) VALUES (@guildId, @name, @at, @actorId) RETURNING id",
            new { guildId, name, at, actorId });
        s.Seasons.Started(guildId, id);
        return id;
    }

    /// <summary>Marks a member as gone (left out of leaderboards) or back. Their ledger stays.</summary>
    public static Task SetDepartedAsync(LedgerSession s, ulong guildId, ulong memberId, bool departed) => departed
        ? s.ExecuteAsync("""
            INSERT INTO ambassador_members (guild_id, member_id, departed) VALUES (@guildId, @memberId, 1)
            ON CONFLICT (guild_id, member_id) DO UPDATE SET departed = 1
            """, new { guildId, memberId })
        : s.ExecuteAsync("UPDATE ambassador_members SET departed = 0 WHERE guild_id = @guildId AND member_id = @memberId AND departed = 1",
            new { guildId, memberId });

    /// <summary>Records the tier now applied; false when another change already moved it (so only one announces).</summary>
    public static async Task<bool> ClaimTierLevelAsync(LedgerSession s, ulong guildId, ulong memberId, int from, int to) =>
        await s.ExecuteAsync(
            "UPDATE ambassador_members SET tier_level = @to WHERE guild_id = @guildId AND member_id = @memberId AND tier_level = @from",
            new { guildId, memberId, from, to }) == 1;

    public static string Truncate(string text, int max) => text.Length <= max ? text : text[..(max - 1)] + "…";
}
