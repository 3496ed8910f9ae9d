using CommunityBot.Storage;
using Dapper;

namespace CommunityBot.Features.Ambassadors;

public sealed record SeasonInfo(long Id, string Name, DateTimeOffset StartedAt);

public sealed record LeaderboardRow(ulong MemberId, long Points);

/// <summary>What /points shows a member, read in one connection.</summary>
public sealed record PointsSummary(MemberTotals Totals, SeasonInfo? Season, long Rank, long Ranked, IReadOnlyList<LedgerEntry> Recent);

/// <summary>The read side: summaries, leaderboards, history and export. Reads never go through the writer.</summary>
public sealed class AmbassadorQueries(IDbConnectionFactory db)
{
    public async Task<PointsSummary> SummaryAsync(ulong guildId, ulong memberId, int recent, CancellationToken ct = default)
    {
        await using var c = await db.OpenAsync(ct);
        var totals = await c.QuerySingleOrDefaultAsync<MemberTotals>(new CommandDefinition(
            $"SELECT {Ledger.MemberColumns} FROM ambassador_members WHERE guild_id = @guildId AND member_id = @memberId",
            new { guildId, memberId }, cancellationToken: ct)) ?? new MemberTotals();
        var season = await SeasonAsync(c, guildId, ct);
        // Rank among present members by points earned all-time; ties share a rank.
        var ahead = await c.ExecuteScalarAsync<long>(new CommandDefinition(
            "SELECT COUNT(*) FROM ambassador_members WHERE guild_id = @guildId AND departed = 0 AND earned > @earned",
            new { guildId, earned = totals.Earned }, cancellationToken: ct));
        var ranked = await c.ExecuteScalarAsync<long>(new CommandDefinition(
            "SELECT COUNT(*) FROM ambassador_members WHERE guild_id = @guildId AND departed = 0 AND earned > 0",
            new { guildId }, cancellationToken: ct));
        var entries = await HistoryAsync(c, guildId, memberId, recent, ct);
        return new PointsSummary(totals, season, ahead + 1, ranked, entries);
    }

    public async Task<SeasonInfo?> SeasonAsync(ulong guildId, CancellationToken ct = default)
    {
        await using var c = await db.OpenAsync(ct);
        return await SeasonAsync(c, guildId, ct);
    }

    private static async Task<SeasonInfo?> SeasonAsync(System.Data.Common.DbConnection c, ulong guildId, CancellationToken ct)
    {
        var row = await c.QuerySingleOrDefaultAsync<SeasonRow>(new CommandDefinition(
            "SELECT id AS Id, name AS Name, started_at AS StartedAt FROM ambassador_seasons WHERE guild_id = @guildId ORDER BY id DESC LIMIT 1",
            new { guildId }, cancellationToken: ct));
        return row is null ? null : new SeasonInfo(row.Id, row.Name, DateTimeOffset.FromUnixTimeMilliseconds(row.StartedAt));
    }

    private sealed class SeasonRow
    {
        public long Id { get; set; }
        public string Name { get; set; } = "";
        public long StartedAt { get; set; }
    }

    /// <summary>Top members, departed ones left out: by points earned in <paramref name="seasonId"/>, or all-time when null.</summary>
    public async Task<IReadOnlyList<LeaderboardRow>> LeaderboardAsync(ulong guildId, long? seasonId, int limit, CancellationToken ct = default)
    {
        await using var c = await db.OpenAsync(ct);
        var sql = seasonId is null
            ? "SELECT member_id AS MemberId, earned AS Points FROM ambassador_members WHERE guild_id = @guildId AND departed = 0 AND earned > 0 ORDER BY earned DESC, member_id LIMIT @limit"
            : "SELECT member_id AS MemberId, season_earned AS Points FROM ambassador_members WHERE guild_id = @guildId AND season_id = @seasonId AND departed = 0 AND season_earned > 0 ORDER BY season_earned DESC, member_id LIMIT @limit";
        return (await c.QueryAsync<LeaderboardRow>(new CommandDefinition(sql, new { guildId, seasonId, limit }, cancellationToken: ct))).AsList();
    }

    public async Task<IReadOnlyList<LedgerEntry>> HistoryAsync(ulong guildId, ulong memberId, int limit, CancellationToken ct = default)
    {
        await using var c = await db.OpenAsync(ct);
        return await HistoryAsync(c, guildId, memberId, limit, ct);
    }

    private static async Task<IReadOnlyList<LedgerEntry>> HistoryAsync(System.Data.Common.DbConnection c, ulong guildId, ulong memberId, int limit, CancellationToken ct) =>
        (await c.QueryAsync<LedgerEntry>(new CommandDefinition($"""
            SELECT {Ledger.EntryColumns}, (SELECT r.id FROM ambassador_entries r WHERE r.reverses_entry_id = e.id) AS ReversedById
            FROM ambassador_entries e WHERE e.guild_id = @guildId AND e.member_id = @memberId ORDER BY e.id DESC LIMIT @limit
            """, new { guildId, memberId, limit }, cancellationToken: ct))).AsList();

    /// <summary>The whole ledger of a guild, oldest first, streamed.</summary>
    public async IAsyncEnumerable<LedgerEntry> ExportAsync(ulong guildId, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken ct = default)
    {
        await using var c = await db.OpenAsync(ct);
        var rows = c.QueryUnbufferedAsync<LedgerEntry>(
            $"SELECT {Ledger.EntryColumns} FROM ambassador_entries e WHERE e.guild_id = @guildId ORDER BY e.id", new { guildId });
        await foreach (var row in rows.WithCancellation(ct)) yield return row;
    }

    /// <summary>Per reward: units handed out (stock) and how many this member holds (limit). Denied ones count for neither.</summary>
    public async Task<(IReadOnlyDictionary<string, int> Claimed, IReadOnlyDictionary<string, int> Mine)> RewardUsageAsync(ulong guildId, ulong memberId, CancellationToken ct = default)
    {
        await using var c = await db.OpenAsync(ct);
        var claimed = (await c.QueryAsync<(string RewardId, long Claimed)>(new CommandDefinition(
            "SELECT reward_id, claimed FROM ambassador_reward_claims WHERE guild_id = @guildId", new { guildId }, cancellationToken: ct)))
            .ToDictionary(r => r.RewardId, r => (int)r.Claimed, StringComparer.OrdinalIgnoreCase);
        var mine = (await c.QueryAsync<(string RewardId, long Count)>(new CommandDefinition(
            "SELECT reward_id, COUNT(*) FROM ambassador_redemptions WHERE guild_id = @guildId AND member_id = @memberId AND status <> 'denied' GROUP BY reward_id",
            new { guildId, memberId }, cancellationToken: ct)))
            .ToDictionary(r => r.RewardId, r => (int)r.Count, StringComparer.OrdinalIgnoreCase);
        return (claimed, mine);
    }
}
