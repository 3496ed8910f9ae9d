using System.Data.Common;
using CommunityBot.Features.Ambassadors;
using CommunityBot.Storage;
using CommunityBot.TestSupport;
using Dapper;

namespace CommunityBot.Tests.Features.Ambassadors;

/// <summary>
/// The statements every award runs must cost the same on a ledger of a million rows as on an empty one (issue 22:
/// the repeated-text prune read every hash of the guild on each award). Timing belongs in the benchmarks
/// (<c>ledger-growth</c>); here the plans are pinned: each per-award statement is an index seek, never a scan.
/// </summary>
[Category("Ambassadors")]
public sealed class LedgerQueryPlanTests
{
    private const ulong Guild = AmbassadorKit.Guild;

    [TestCaseSource(typeof(TestDatabase), nameof(TestDatabase.Providers))]
    public async Task Every_statement_an_award_runs_beside_its_keyed_writes_is_an_index_seek(DatabaseProvider provider)
    {
        await using var kit = await AmbassadorKit.CreateAsync(provider);
        var plan = await PlanAsync(kit, EarningRules.PruneExpiredHashesSql, new { guildId = (long)Guild, windowStart = 5_000L });
        var cap = await PlanAsync(kit, EarningRules.PointsOnMessageSql,
            new { guildId = (long)Guild, kind = PointSources.ReactionReceived, from = "555:", to = "555;" });
        var member = await PlanAsync(kit, Ledger.MemberSql, new { guildId = (long)Guild, memberId = 11L });

        if (provider == DatabaseProvider.Sqlite)
        {
            Assert.That(plan, Does.Contain("USING COVERING INDEX ix_ambassador_message_hashes_guild_seen (guild_id=? AND seen_at<?)")
                .Or.Contain("USING INDEX ix_ambassador_message_hashes_guild_seen (guild_id=? AND seen_at<?)"), "the expired rows are found by a range seek");
            Assert.That(plan, Does.Contain("(guild_id=? AND member_id=? AND content_hash=?)"), "each chosen row is deleted through the primary key");
            Assert.That(plan, Does.Not.Contain("SCAN"), plan);
            Assert.That(cap, Does.Contain("(guild_id=? AND source_kind=? AND source_id>? AND source_id<?)"), "the reaction cap reads one message's entries");
            Assert.That(member, Does.Contain("(guild_id=? AND member_id=?)"), member);
            Assert.That(cap + member, Does.Not.Contain("SCAN"));
        }
        else
        {
            Assert.That(plan, Does.Contain("ix_ambassador_message_hashes_guild_seen"), plan);
            Assert.That(plan, Does.Match(@"Index Cond: \(\(guild_id = .*\) AND \(seen_at < .*\)\)"), "seen_at is part of the seek, not a filter over the guild's rows");
            Assert.That(plan, Does.Not.Contain("Seq Scan"), plan);
            Assert.That(cap, Does.Match(@"Index Cond: \(\(guild_id = .*\) AND \(source_kind = .*\) AND \(source_id >= .*\) AND \(source_id < .*\)\)"), cap);
            Assert.That(member, Does.Match(@"Index Cond: \(\(guild_id = .*\) AND \(member_id = .*\)\)"), member);
        }
    }

    [TestCaseSource(typeof(TestDatabase), nameof(TestDatabase.Providers))]
    public async Task An_award_prunes_the_oldest_expired_hashes_one_batch_at_a_time_and_never_an_unexpired_one(DatabaseProvider provider)
    {
        var rules = new MessagePointRules { CooldownSeconds = 0, MinLength = 1, DailyCap = 0, DuplicateWindowHours = 24 };
        await using var kit = await AmbassadorKit.CreateAsync(provider, new AmbassadorSettings { Messages = rules });
        var now = kit.Clock.Now.ToUnixTimeMilliseconds();
        var windowStart = now - 24 * 3_600_000L;
        // 250 expired and 250 unexpired hashes, interleaved across members so key order and age order differ (the oldest has the highest key).
        await using (var c = await kit.Db.OpenAsync())
        {
            await using var tx = await c.BeginTransactionAsync();
            for (var i = 0; i < 500; i++)
            {
                var seenAt = i % 2 == 0 ? windowStart - 1 - i : windowStart + 1 + i;
                await c.ExecuteAsync("INSERT INTO ambassador_message_hashes (guild_id, member_id, content_hash, seen_at) VALUES (@g, @m, @h, @at)",
                    new { g = (long)Guild, m = (long)i, h = (long)i, at = seenAt }, tx);
            }
            await tx.CommitAsync();
        }

        Assert.That((await kit.Points.AwardMessageAsync(Guild, 7, 1, 9001, "a new message")).Awarded, Is.True);
        var (expired, unexpired, oldestExpired) = await CountAsync(kit, windowStart);
        Assert.That(expired, Is.EqualTo(250 - EarningRules.HashPruneBatch), "one batch of expired hashes went with the award");
        Assert.That(unexpired, Is.EqualTo(250 + 1), "every unexpired hash stays, and the new one is there");
        Assert.That(oldestExpired, Is.EqualTo(windowStart - 1 - 2 * (250 - EarningRules.HashPruneBatch - 1)), "the oldest went first");

        Assert.That((await kit.Points.AwardMessageAsync(Guild, 7, 1, 9002, "another new message")).Awarded, Is.True);
        Assert.That((await kit.Points.AwardMessageAsync(Guild, 7, 1, 9003, "a third new message")).Awarded, Is.True);
        (expired, unexpired, _) = await CountAsync(kit, windowStart);
        Assert.That(expired, Is.Zero);
        Assert.That(unexpired, Is.EqualTo(250 + 3));
    }

    private static async Task<(long Expired, long Unexpired, long? OldestExpired)> CountAsync(AmbassadorKit kit, long windowStart)
    {
        await using var c = await kit.Db.OpenAsync();
        var row = await c.QuerySingleAsync<(long, long, long?)>("""
            SELECT SUM(CASE WHEN seen_at < @windowStart THEN 1 ELSE 0 END), SUM(CASE WHEN seen_at >= @windowStart THEN 1 ELSE 0 END),
                   MIN(CASE WHEN seen_at < @windowStart THEN seen_at END)
            FROM ambassador_message_hashes WHERE guild_id = @g
            """, new { windowStart, g = (long)Guild });
        return row;
    }

    /// <summary>
    /// The plan as text. PostgreSQL plans from statistics, and on a test's tiny table a sequential scan is cheapest
    /// whatever the indexes; with sequential scans priced out it shows which index, if any, can serve the query.
    /// </summary>
    private static async Task<string> PlanAsync(AmbassadorKit kit, string sql, object args)
    {
        await using var c = await kit.Db.OpenAsync();
        await using DbTransaction tx = await c.BeginTransactionAsync();
        if (kit.Db.Provider == DatabaseProvider.Sqlite)
        {
            var rows = await c.QueryAsync("EXPLAIN QUERY PLAN " + sql, args, tx);
            return string.Join("\n", rows.Select(r => (string)((IDictionary<string, object>)r)["detail"]));
        }
        await c.ExecuteAsync("SET LOCAL enable_seqscan = off", transaction: tx);
        return string.Join("\n", await c.QueryAsync<string>("EXPLAIN " + sql, args, tx));
    }
}
