using CommunityBot.Features.Ambassadors;
using CommunityBot.Storage;
using CommunityBot.TestSupport;
using Dapper;

namespace CommunityBot.Tests.Features.Ambassadors;

[Category("Ambassadors")]
public sealed class LedgerTests
{
    private const ulong Alice = 11, Bob = 12;

    [TestCaseSource(typeof(TestDatabase), nameof(TestDatabase.Providers))]
    public async Task An_award_counts_once_per_source_and_uses_the_configured_weight(DatabaseProvider provider)
    {
        await using var kit = await AmbassadorKit.CreateAsync(provider, new AmbassadorSettings { Weights = new PointWeights { FaqAnswer = 7 } });

        var first = await kit.Points.AwardAsync(AmbassadorKit.Guild, Alice, PointSources.FaqAnswer, "answer-1", "accepted FAQ answer");
        var replay = await kit.Points.AwardAsync(AmbassadorKit.Guild, Alice, PointSources.FaqAnswer, "answer-1", "accepted FAQ answer");
        var other = await kit.Points.AwardAsync(AmbassadorKit.Guild, Bob, PointSources.FaqAnswer, "answer-1", "co-author");

        Assert.That(first, Is.EqualTo(new PointsAward(true, 7, first.EntryId)));
        Assert.That(first.EntryId, Is.Not.Null);
        Assert.That(replay.Awarded, Is.False, "the same source never counts twice");
        Assert.That(other.Awarded, Is.True, "the key includes the member");
        Assert.That(await kit.BalanceAsync(Alice), Is.EqualTo(7));
        await kit.AssertLedgerConsistentAsync();
    }

    [TestCaseSource(typeof(TestDatabase), nameof(TestDatabase.Providers))]
    public async Task A_source_the_guild_does_not_weight_earns_nothing(DatabaseProvider provider)
    {
        await using var kit = await AmbassadorKit.CreateAsync(provider, new AmbassadorSettings { Weights = new PointWeights { IdeaAccepted = 0 } });
        var award = await kit.Points.AwardAsync(AmbassadorKit.Guild, Alice, PointSources.IdeaAccepted, "idea-9", "accepted idea");
        var elsewhere = await kit.Points.AwardAsync(999, Alice, PointSources.FaqAnswer, "a", "guild without the program");
        Assert.That(award.Awarded, Is.False);
        Assert.That(elsewhere.Awarded, Is.False);
        Assert.That(elsewhere.WhyNot, Does.Contain("not enabled"));
        Assert.That(await kit.TotalsAsync(Alice), Is.Null);
    }

    [TestCaseSource(typeof(TestDatabase), nameof(TestDatabase.Providers))]
    public async Task Reversing_a_removed_message_takes_back_its_points_and_its_reactions_once(DatabaseProvider provider)
    {
        await using var kit = await AmbassadorKit.CreateAsync(provider, new AmbassadorSettings { Weights = new PointWeights { Message = 3, Reaction = 2 } });
        await kit.Points.AwardMessageAsync(AmbassadorKit.Guild, Alice, 1, 555, "a genuinely helpful message");
        await kit.Points.AwardReactionAsync(AmbassadorKit.Guild, Alice, 555, Bob, "👍");
        await kit.Points.AwardReactionAsync(AmbassadorKit.Guild, Alice, 5550, Bob, "👍"); // another message whose id shares the prefix
        Assert.That(await kit.BalanceAsync(Alice), Is.EqualTo(7));

        var taken = await kit.Points.ReverseSourceAsync(AmbassadorKit.Guild, PointSources.Message, "555", "removed by moderation", actorId: 99);
        var again = await kit.Points.ReverseSourceAsync(AmbassadorKit.Guild, PointSources.Message, "555", "removed by moderation", actorId: 99);

        Assert.That(taken, Is.EqualTo(5));
        Assert.That(again, Is.EqualTo(0), "a reversal happens once");
        Assert.That(await kit.BalanceAsync(Alice), Is.EqualTo(2));
        await using var c = await kit.Db.OpenAsync();
        var reversals = (await c.QueryAsync<(long Id, long Reverses, int Amount, long Actor)>(
            "SELECT r.id, r.reverses_entry_id, r.amount, r.actor_id FROM ambassador_entries r WHERE r.reverses_entry_id IS NOT NULL")).ToList();
        Assert.That(reversals, Has.Count.EqualTo(2));
        Assert.That(reversals.Select(r => r.Amount), Is.EquivalentTo(new[] { -3, -2 }));
        Assert.That(reversals.All(r => r.Actor == 99), Is.True);
        await kit.AssertLedgerConsistentAsync();
    }

    [TestCaseSource(typeof(TestDatabase), nameof(TestDatabase.Providers))]
    public async Task Message_rules_apply_cooldown_length_daily_cap_channel_and_duplicates(DatabaseProvider provider)
    {
        var rules = new MessagePointRules { CooldownSeconds = 60, MinLength = 5, DailyCap = 3, ExcludedChannelIds = [77], DuplicateWindowHours = 24 };
        await using var kit = await AmbassadorKit.CreateAsync(provider, new AmbassadorSettings { Messages = rules });
        ulong id = 100;
        Task<PointsAward> Say(string text, ulong channel = 1) => kit.Points.AwardMessageAsync(AmbassadorKit.Guild, Alice, channel, ++id, text);

        Assert.That((await Say("hello everyone")).Awarded, Is.True);
        Assert.That((await Say("and another thing")).WhyNot, Does.Contain("cooldown"));
        kit.Clock.Now += TimeSpan.FromSeconds(61);
        Assert.That((await Say("hi")).WhyNot, Does.Contain("shorter"));
        Assert.That((await Say("a long message", channel: 77)).WhyNot, Does.Contain("channel"));
        Assert.That((await Say("  HELLO   everyone! ")).WhyNot, Does.Contain("same text"), "case and spacing do not make a repeat new");
        Assert.That((await Say("something new")).Awarded, Is.True);
        kit.Clock.Now += TimeSpan.FromSeconds(61);
        Assert.That((await Say("third message")).Awarded, Is.True);
        kit.Clock.Now += TimeSpan.FromSeconds(61);
        Assert.That((await Say("fourth message")).WhyNot, Does.Contain("daily"));
        Assert.That(await kit.BalanceAsync(Alice), Is.EqualTo(3));

        kit.Clock.Now += TimeSpan.FromDays(1);
        Assert.That((await Say("hello everyone")).Awarded, Is.True, "a new day resets the cap and the duplicate window has passed");
        await kit.AssertLedgerConsistentAsync();
    }

    [TestCaseSource(typeof(TestDatabase), nameof(TestDatabase.Providers))]
    public async Task Repeated_text_hashes_older_than_the_window_are_pruned_in_batches_and_the_rule_still_holds(DatabaseProvider provider)
    {
        var rules = new MessagePointRules { CooldownSeconds = 0, MinLength = 1, DailyCap = 0, DuplicateWindowHours = 24 };
        await using var kit = await AmbassadorKit.CreateAsync(provider, new AmbassadorSettings { Messages = rules });
        ulong id = 100;
        Task<PointsAward> Say(ulong member, string text) => kit.Points.AwardMessageAsync(AmbassadorKit.Guild, member, 1, ++id, text);
        async Task<long> HashesAsync(ulong guild)
        {
            await using var c = await kit.Db.OpenAsync();
            return await c.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM ambassador_message_hashes WHERE guild_id = @guild", new { guild });
        }
        // Another guild's rows follow that guild's own window: never touched from here.
        await using (var c = await kit.Db.OpenAsync())
            await c.ExecuteAsync("INSERT INTO ambassador_message_hashes (guild_id, member_id, content_hash, seen_at) VALUES (999, 1, 1, 0)");

        for (var i = 0; i < 150; i++) Assert.That((await Say(Alice, $"old message number {i}")).Awarded, Is.True);
        kit.Clock.Now += TimeSpan.FromHours(20);
        Assert.That((await Say(Alice, "a recent thought")).Awarded, Is.True);
        Assert.That(await HashesAsync(AmbassadorKit.Guild), Is.EqualTo(151), "nothing has expired yet");

        kit.Clock.Now += TimeSpan.FromHours(5); // the 150 are now 25 h old; "a recent thought" is 5 h old
        Assert.That((await Say(Bob, "first new message")).Awarded, Is.True);
        Assert.That(await HashesAsync(AmbassadorKit.Guild), Is.EqualTo(151 + 1 - EarningRules.HashPruneBatch), "one batch of expired rows went");
        Assert.That((await Say(Bob, "second new message")).Awarded, Is.True);
        Assert.That(await HashesAsync(AmbassadorKit.Guild), Is.EqualTo(3), "the rest of the expired rows went; the three recent ones stay");
        Assert.That(await HashesAsync(999), Is.EqualTo(1));

        Assert.That((await Say(Alice, "A recent thought!")).WhyNot, Does.Contain("same text"), "a repeat inside the window still earns nothing");
        Assert.That((await Say(Bob, "first new message")).WhyNot, Does.Contain("same text"));
        Assert.That((await Say(Alice, "old message number 7")).Awarded, Is.True, "text whose window has passed earns again");
        Assert.That((await Say(Alice, "old message number 7")).WhyNot, Does.Contain("same text"), "and is remembered again");
        await kit.AssertLedgerConsistentAsync();
    }

    [TestCaseSource(typeof(TestDatabase), nameof(TestDatabase.Providers))]
    public async Task Reactions_earn_for_the_author_within_the_caps(DatabaseProvider provider)
    {
        await using var kit = await AmbassadorKit.CreateAsync(provider, new AmbassadorSettings { Reactions = new ReactionPointRules { PerMessageCap = 2, DailyCap = 3 } });
        var g = AmbassadorKit.Guild;
        Assert.That((await kit.Points.AwardReactionAsync(g, Alice, 1, Alice, "👍")).Awarded, Is.False, "own reactions earn nothing");
        Assert.That((await kit.Points.AwardReactionAsync(g, Alice, 1, 21, "👍")).Awarded, Is.True);
        Assert.That((await kit.Points.AwardReactionAsync(g, Alice, 1, 21, "👍")).Awarded, Is.False, "same reactor and emoji: once");
        Assert.That((await kit.Points.AwardReactionAsync(g, Alice, 1, 21, "🎉")).Awarded, Is.True);
        Assert.That((await kit.Points.AwardReactionAsync(g, Alice, 1, 22, "👍")).Awarded, Is.False, "per-message cap");
        Assert.That((await kit.Points.AwardReactionAsync(g, Alice, 2, 22, "👍")).Awarded, Is.True);
        Assert.That((await kit.Points.AwardReactionAsync(g, Alice, 3, 22, "👍")).Awarded, Is.False, "daily cap");
        Assert.That(await kit.BalanceAsync(Alice), Is.EqualTo(3));
        await kit.AssertLedgerConsistentAsync();
    }

    [TestCaseSource(typeof(TestDatabase), nameof(TestDatabase.Providers))]
    public async Task Concurrent_awards_and_replays_keep_every_balance_equal_to_its_entries(DatabaseProvider provider)
    {
        await using var kit = await AmbassadorKit.CreateAsync(provider, new AmbassadorSettings { Weights = new PointWeights { FaqAnswer = 2 } });
        var tasks = Enumerable.Range(0, 400).Select(i =>
            kit.Points.AwardAsync(AmbassadorKit.Guild, (ulong)(i % 7), PointSources.FaqAnswer, $"answer-{i % 100}", "answer")).ToList();
        var results = await Task.WhenAll(tasks);

        // 100 distinct sources x members: i%100 and i%7 pair up uniquely per (source, member) 100 x ... count the distinct keys.
        var distinct = Enumerable.Range(0, 400).Select(i => (i % 100, i % 7)).Distinct().Count();
        Assert.That(results.Count(r => r.Awarded), Is.EqualTo(distinct));
        await kit.AssertLedgerConsistentAsync();
    }

    [TestCaseSource(typeof(TestDatabase), nameof(TestDatabase.Providers))]
    public async Task Revoke_restores_the_balance_and_cannot_happen_twice(DatabaseProvider provider)
    {
        await using var kit = await AmbassadorKit.CreateAsync(provider);
        var grant = await kit.Points.GrantAsync(AmbassadorKit.Guild, Alice, 40, "organised the meetup", actorId: 99, interactionId: 5001);
        var replay = await kit.Points.GrantAsync(AmbassadorKit.Guild, Alice, 40, "organised the meetup", actorId: 99, interactionId: 5001);
        Assert.That(grant, Is.Not.Null);
        Assert.That(replay, Is.Null, "a redelivered command grants once");

        var (outcome, _, _) = await kit.Points.RevokeAsync(AmbassadorKit.Guild, grant!.EntryId, "granted by mistake", 99);
        var (second, _, _) = await kit.Points.RevokeAsync(AmbassadorKit.Guild, grant.EntryId, "again", 99);
        var (missing, _, _) = await kit.Points.RevokeAsync(AmbassadorKit.Guild, 987654, "nope", 99);
        Assert.That(outcome, Is.EqualTo(AmbassadorPoints.RevokeOutcome.Revoked));
        Assert.That(second, Is.EqualTo(AmbassadorPoints.RevokeOutcome.AlreadyReversed));
        Assert.That(missing, Is.EqualTo(AmbassadorPoints.RevokeOutcome.NotFound));
        Assert.That(await kit.BalanceAsync(Alice), Is.EqualTo(0));
        await kit.AssertLedgerConsistentAsync();
    }

    [TestCaseSource(typeof(TestDatabase), nameof(TestDatabase.Providers))]
    public async Task A_new_season_restarts_season_points_and_keeps_all_time_totals(DatabaseProvider provider)
    {
        await using var kit = await AmbassadorKit.CreateAsync(provider);
        var early = await kit.Points.GrantAsync(AmbassadorKit.Guild, Alice, 10, "before", 99, 1);
        await kit.Writer.RunAsync(s => Ledger.StartSeasonAsync(s, AmbassadorKit.Guild, "Spring", 99, kit.Clock.Now));
        var season = await kit.Writer.RunAsync(s => s.Seasons.CurrentAsync(s, AmbassadorKit.Guild));
        await kit.Points.GrantAsync(AmbassadorKit.Guild, Alice, 4, "during", 99, 2);
        await kit.Points.RevokeAsync(AmbassadorKit.Guild, early!.EntryId, "old mistake", 99);

        var totals = await kit.TotalsAsync(Alice);
        Assert.That(totals!.Earned, Is.EqualTo(4), "all-time: 10 + 4 - 10");
        Assert.That(totals.SeasonPoints(season), Is.EqualTo(4), "reversing a last-season entry does not touch this season");
        await kit.AssertLedgerConsistentAsync();
    }
}
