using CommunityBot.Features.Moderation;
using CommunityBot.Features.Moderation.Appeals;
using CommunityBot.Features.Moderation.Cases;
using CommunityBot.Features.Moderation.Queue;
using CommunityBot.Storage;
using CommunityBot.Storage.Migrations;
using CommunityBot.TestSupport;

namespace CommunityBot.Tests.Features.Moderation;

[Category("Moderation")]
public sealed class ModerationRepositoryTests
{
    private static Task<TestDatabase> Database(DatabaseProvider provider) =>
        TestDatabase.CreateMigratedAsync(provider, new MigrationSource("moderation", typeof(ModerationSettings)));

    private static NewCase Case(ulong guild, string key, string kind = CaseKinds.Warn, ulong target = 42) => new()
    {
        GuildId = guild, Kind = kind, TargetId = target, ModeratorId = 7, Reason = "spam", Source = CaseSources.Command, IdempotencyKey = key,
    };

    [TestCaseSource(typeof(TestDatabase), nameof(TestDatabase.Providers))]
    public async Task Case_numbers_are_per_guild_consecutive_and_unique_under_concurrency(DatabaseProvider provider)
    {
        await using var db = await Database(provider);
        var repo = new CaseRepository(db.Factory(), TimeProvider.System);
        var created = await Task.WhenAll(Enumerable.Range(0, 20).Select(i => repo.CreateAsync(Case(1, $"k{i}"))));
        Assert.That(created.Select(c => c.Case.CaseNumber).Order(), Is.EqualTo(Enumerable.Range(1, 20)));
        var other = await repo.CreateAsync(Case(2, "k0"));
        Assert.That(other.Case.CaseNumber, Is.EqualTo(1), "each guild counts from 1");
    }

    [TestCaseSource(typeof(TestDatabase), nameof(TestDatabase.Providers))]
    public async Task The_same_cause_records_one_case(DatabaseProvider provider)
    {
        await using var db = await Database(provider);
        var repo = new CaseRepository(db.Factory(), TimeProvider.System);
        var results = await Task.WhenAll(Enumerable.Range(0, 5).Select(_ => repo.CreateAsync(Case(1, "interaction:99"))));
        Assert.That(results.Count(r => r.Created), Is.EqualTo(1));
        Assert.That(results.Select(r => r.Case.Id).Distinct().Count(), Is.EqualTo(1));
        var next = await repo.CreateAsync(Case(1, "interaction:100"));
        Assert.That(next.Case.CaseNumber, Is.EqualTo(2), "no number was burnt by the duplicates");
    }

    [TestCaseSource(typeof(TestDatabase), nameof(TestDatabase.Providers))]
    public async Task Cases_round_trip_and_warnings_can_be_withdrawn(DatabaseProvider provider)
    {
        await using var db = await Database(provider);
        var repo = new CaseRepository(db.Factory(), TimeProvider.System);
        var (c, _) = await repo.CreateAsync(Case(1, "a") with
        {
            Kind = CaseKinds.Timeout, Duration = TimeSpan.FromHours(1), MessageId = 123456789012345678, ChannelId = 5, MessageSnapshot = "hello", LinkedCases = [1, 2],
        });
        var loaded = await repo.GetByNumberAsync(1, c.CaseNumber);
        Assert.That(loaded!.Duration, Is.EqualTo(TimeSpan.FromHours(1)));
        Assert.That(loaded.MessageId, Is.EqualTo(123456789012345678UL));
        Assert.That(loaded.LinkedCases, Is.EqualTo("1,2"));
        Assert.That(await repo.UpdateReasonAsync(1, c.CaseNumber, "new reason"), Is.True);
        Assert.That((await repo.GetAsync(c.Id))!.Reason, Is.EqualTo("new reason"));

        var (warn, _) = await repo.CreateAsync(Case(1, "w"));
        Assert.That(await repo.ActiveWarningsSinceAsync(1, 42, DateTimeOffset.UtcNow.AddDays(-1)), Has.Count.EqualTo(1));
        await repo.RevokeAsync(warn.Id);
        Assert.That(await repo.ActiveWarningsSinceAsync(1, 42, DateTimeOffset.UtcNow.AddDays(-1)), Is.Empty);
        Assert.That(await repo.ForMemberAsync(1, 42, 10), Has.Count.EqualTo(2));
    }

    [TestCaseSource(typeof(TestDatabase), nameof(TestDatabase.Providers))]
    public async Task One_card_per_message_and_one_claim_wins(DatabaseProvider provider)
    {
        await using var db = await Database(provider);
        var repo = new QueueRepository(db.Factory(), TimeProvider.System);
        var first = await repo.GetOrCreateAsync(1, 500, 10, 42, "bad words", 99);
        var second = await repo.GetOrCreateAsync(1, 500, 10, 42, "bad words", 99);
        Assert.That(first.Created, Is.True);
        Assert.That(second.Created, Is.False);
        Assert.That(second.Card.Id, Is.EqualTo(first.Card.Id));

        Assert.That(await repo.AddFlagAsync(first.Card.Id, FlagSources.Rule, "slurs", null, "x"), Is.True);
        Assert.That(await repo.AddFlagAsync(first.Card.Id, FlagSources.Rule, "slurs", null, "x"), Is.False, "same rule twice");
        Assert.That(await repo.AddFlagAsync(first.Card.Id, FlagSources.Report, "77", 77, "rude"), Is.True);
        Assert.That(await repo.FlagsAsync(first.Card.Id), Has.Count.EqualTo(2));

        await repo.SetCardMessageAsync(first.Card.Id, 9000);
        Assert.That((await repo.FindByCardMessageAsync(9000))!.MessageId, Is.EqualTo(500UL));

        var claims = await Task.WhenAll(Enumerable.Range(0, 8).Select(i => repo.ClaimAsync(first.Card.Id, (ulong)(100 + i), "ban")));
        Assert.That(claims.Count(c => c), Is.EqualTo(1));
        await repo.ResolveAsync(first.Card.Id, "author banned", 3);
        Assert.That(await repo.TakeReportersToNotifyAsync(first.Card.Id), Is.EqualTo(new[] { 77UL }));
        Assert.That(await repo.TakeReportersToNotifyAsync(first.Card.Id), Is.Empty, "told once");
    }

    [TestCaseSource(typeof(TestDatabase), nameof(TestDatabase.Providers))]
    public async Task One_appeal_per_case_and_one_decision(DatabaseProvider provider)
    {
        await using var db = await Database(provider);
        var cases = new CaseRepository(db.Factory(), TimeProvider.System);
        var appeals = new AppealRepository(db.Factory(), TimeProvider.System);
        var (c, _) = await cases.CreateAsync(Case(1, "x", CaseKinds.Ban));
        var appeal = await appeals.CreateAsync(1, c.Id, 42, "sorry");
        Assert.That(appeal, Is.Not.Null);
        Assert.That(await appeals.CreateAsync(1, c.Id, 42, "again"), Is.Null);
        var decisions = await Task.WhenAll(appeals.DecideAsync(appeal!.Id, AppealStatus.Accepted, 7), appeals.DecideAsync(appeal.Id, AppealStatus.Denied, 8));
        Assert.That(decisions.Count(d => d), Is.EqualTo(1));
    }
}
