using CommunityBot.Storage;
using Dapper;

namespace CommunityBot.Features.Ambassadors;

/// <summary>A member whose cached totals disagree with the ledger.</summary>
public sealed record LedgerDiscrepancy(ulong GuildId, ulong MemberId, string Total, long Cached, long FromLedger);

/// <summary>
/// Recomputes every member's totals from the ledger and compares them with the cached ones: balance == sum of
/// entries, earned == sum of non-redemption entries, season points == their sum in the member's season, and
/// no entry reversed twice. The tests run it after every scenario; an operator can run it after a restore.
/// </summary>
public static class LedgerAudit
{
    public static async Task<IReadOnlyList<LedgerDiscrepancy>> FindDiscrepanciesAsync(IDbConnectionFactory db, CancellationToken ct = default)
    {
        await using var c = await db.OpenAsync(ct);
        var rows = await c.QueryAsync<AuditRow>(new CommandDefinition($"""
            SELECT m.guild_id AS GuildId, m.member_id AS MemberId, m.balance AS Balance, m.earned AS Earned, m.season_earned AS SeasonEarned,
                   COALESCE(SUM(e.amount), 0) AS LedgerBalance,
                   COALESCE(SUM(CASE WHEN e.source_kind <> '{PointSources.Redemption}' THEN e.amount ELSE 0 END), 0) AS LedgerEarned,
                   COALESCE(SUM(CASE WHEN e.source_kind <> '{PointSources.Redemption}' AND e.season_id = m.season_id THEN e.amount ELSE 0 END), 0) AS LedgerSeason
            FROM ambassador_members m LEFT JOIN ambassador_entries e ON e.guild_id = m.guild_id AND e.member_id = m.member_id
            GROUP BY m.guild_id, m.member_id, m.balance, m.earned, m.season_earned
            """, cancellationToken: ct));
        var problems = new List<LedgerDiscrepancy>();
        foreach (var r in rows)
        {
            if (r.Balance != r.LedgerBalance) problems.Add(new(r.GuildId, r.MemberId, "balance", r.Balance, r.LedgerBalance));
            if (r.Earned != r.LedgerEarned) problems.Add(new(r.GuildId, r.MemberId, "earned", r.Earned, r.LedgerEarned));
            if (r.SeasonEarned != r.LedgerSeason) problems.Add(new(r.GuildId, r.MemberId, "season", r.SeasonEarned, r.LedgerSeason));
        }

        // Entries whose member has no totals row would be invisible to the check above.
        var orphans = await c.QueryAsync<(long GuildId, long MemberId, long Sum)>(new CommandDefinition("""
            SELECT e.guild_id, e.member_id, SUM(e.amount) FROM ambassador_entries e
            WHERE NOT EXISTS (SELECT 1 FROM ambassador_members m WHERE m.guild_id = e.guild_id AND m.member_id = e.member_id)
            GROUP BY e.guild_id, e.member_id
            """, cancellationToken: ct));
        problems.AddRange(orphans.Select(o => new LedgerDiscrepancy((ulong)o.GuildId, (ulong)o.MemberId, "missing totals", 0, o.Sum)));

        var badReversals = await c.QueryAsync<(long GuildId, long MemberId, long Sum)>(new CommandDefinition("""
            SELECT r.guild_id, r.member_id, r.amount FROM ambassador_entries r JOIN ambassador_entries o ON o.id = r.reverses_entry_id
            WHERE r.amount <> -o.amount OR r.member_id <> o.member_id OR o.reverses_entry_id IS NOT NULL
            """, cancellationToken: ct));
        problems.AddRange(badReversals.Select(o => new LedgerDiscrepancy((ulong)o.GuildId, (ulong)o.MemberId, "reversal", o.Sum, 0)));
        return problems;
    }

    private sealed class AuditRow
    {
        public ulong GuildId { get; set; }
        public ulong MemberId { get; set; }
        public long Balance { get; set; }
        public long Earned { get; set; }
        public long SeasonEarned { get; set; }
        public long LedgerBalance { get; set; }
        public long LedgerEarned { get; set; }
        public long LedgerSeason { get; set; }
    }
}
