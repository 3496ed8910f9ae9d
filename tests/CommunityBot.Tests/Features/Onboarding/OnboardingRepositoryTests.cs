using CommunityBot.Features.Onboarding;
using CommunityBot.Storage;
using CommunityBot.Storage.Migrations;
using CommunityBot.TestSupport;

namespace CommunityBot.Tests.Features.Onboarding;

[Category("Onboarding")]
public sealed class OnboardingRepositoryTests
{
    private const ulong Guild = 900;
    private static readonly DateTimeOffset T0 = new(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);

    private static async Task<(TestDatabase Db, OnboardingRepository Repo)> CreateAsync(DatabaseProvider provider)
    {
        var db = await TestDatabase.CreateMigratedAsync(provider, new MigrationSource("onboarding", typeof(OnboardingRepository)));
        return (db, new OnboardingRepository(db.Factory()));
    }

    [TestCaseSource(typeof(TestDatabase), nameof(TestDatabase.Providers))]
    public async Task A_repeated_join_event_finds_the_same_journey(DatabaseProvider provider)
    {
        var (db, repo) = await CreateAsync(provider);
        await using var _ = db;

        var (first, created) = await repo.RecordJoinAsync(Guild, 1, T0);
        var (again, createdAgain) = await repo.RecordJoinAsync(Guild, 1, T0);

        Assert.That((created, createdAgain), Is.EqualTo((true, false)));
        Assert.That(again.JoinedAtMs, Is.EqualTo(first.JoinedAtMs));
        Assert.That(first.IsRejoin, Is.False);
    }

    [TestCaseSource(typeof(TestDatabase), nameof(TestDatabase.Providers))]
    public async Task A_rejoin_is_recognised_with_its_earlier_acceptance(DatabaseProvider provider)
    {
        var (db, repo) = await CreateAsync(provider);
        await using var _ = db;

        var (first, _) = await repo.RecordJoinAsync(Guild, 1, T0);
        Assert.That(await repo.MarkAcceptedAsync(first, T0.AddMinutes(5), AcceptedVia.Button), Is.True);
        Assert.That(await repo.MarkLeftAsync(Guild, 1, T0.AddDays(1)), Is.True);
        Assert.That(await repo.MarkLeftAsync(Guild, 1, T0.AddDays(1)), Is.False, "a repeated leave changes nothing");

        var (second, created) = await repo.RecordJoinAsync(Guild, 1, T0.AddDays(3));
        Assert.That(created, Is.True);
        Assert.That((second.IsRejoin, second.AcceptedBefore, second.AcceptedAtMs), Is.EqualTo((true, true, (long?)null)));

        var (other, _) = await repo.RecordJoinAsync(Guild, 2, T0);
        Assert.That((other.IsRejoin, other.AcceptedBefore), Is.EqualTo((false, false)));
    }

    [TestCaseSource(typeof(TestDatabase), nameof(TestDatabase.Providers))]
    public async Task A_restored_rejoin_is_accepted_from_the_moment_it_is_recorded_so_a_repeated_event_sees_it(DatabaseProvider provider)
    {
        var (db, repo) = await CreateAsync(provider);
        await using var _ = db;
        var (first, _) = await repo.RecordJoinAsync(Guild, 1, T0, restoreAcceptance: true);
        Assert.That(first.AcceptedAtMs, Is.Null, "nothing to restore on a first join");
        await repo.MarkAcceptedAsync(first, T0.AddMinutes(5), AcceptedVia.Button);
        await repo.MarkLeftAsync(Guild, 1, T0.AddDays(1));

        // Discord delivers the rejoin twice, handled at once: whichever call inserts, both see the restored acceptance.
        var rejoinedAt = T0.AddDays(3);
        var both = await Task.WhenAll(Enumerable.Range(0, 2).Select(_ => Task.Run(() => repo.RecordJoinAsync(Guild, 1, rejoinedAt, restoreAcceptance: true))));
        Assert.That(both.Count(r => r.Created), Is.EqualTo(1));
        Assert.That(both.Select(r => (r.Journey.AcceptedVia, r.Journey.AcceptedAtMs)),
            Has.All.EqualTo((AcceptedVia.Restored, (long?)rejoinedAt.ToUnixTimeMilliseconds())));

        // Rejoin mode askAgain: remembered as accepted before, but not accepted now.
        await repo.MarkLeftAsync(Guild, 1, T0.AddDays(4));
        var (asked, _) = await repo.RecordJoinAsync(Guild, 1, T0.AddDays(5), restoreAcceptance: false);
        Assert.That((asked.AcceptedBefore, asked.AcceptedAtMs), Is.EqualTo((true, (long?)null)));
    }

    [TestCaseSource(typeof(TestDatabase), nameof(TestDatabase.Providers))]
    public async Task A_missed_leave_is_closed_by_the_next_join(DatabaseProvider provider)
    {
        var (db, repo) = await CreateAsync(provider);
        await using var _ = db;

        await repo.RecordJoinAsync(Guild, 1, T0);
        await repo.RecordJoinAsync(Guild, 1, T0.AddDays(2));

        var first = await repo.GetAsync(Guild, 1, T0.ToUnixTimeMilliseconds());
        Assert.That(first!.LeftAt, Is.EqualTo(T0.AddDays(2)));
        Assert.That((await repo.GetLatestAsync(Guild, 1))!.LeftAtMs, Is.Null);
    }

    [TestCaseSource(typeof(TestDatabase), nameof(TestDatabase.Providers))]
    public async Task Accepting_twice_keeps_the_first_time(DatabaseProvider provider)
    {
        var (db, repo) = await CreateAsync(provider);
        await using var _ = db;

        var (journey, _) = await repo.RecordJoinAsync(Guild, 1, T0);
        Assert.That(await repo.MarkAcceptedAsync(journey, T0.AddMinutes(3), AcceptedVia.Button), Is.True);
        Assert.That(await repo.MarkAcceptedAsync(journey, T0.AddMinutes(9), AcceptedVia.Button), Is.False);
        Assert.That((await repo.GetLatestAsync(Guild, 1))!.AcceptedAt, Is.EqualTo(T0.AddMinutes(3)));
    }

    [TestCaseSource(typeof(TestDatabase), nameof(TestDatabase.Providers))]
    public async Task The_nudge_is_claimed_once_and_never_after_accepting(DatabaseProvider provider)
    {
        var (db, repo) = await CreateAsync(provider);
        await using var _ = db;

        var (waiting, _) = await repo.RecordJoinAsync(Guild, 1, T0);
        Assert.That(await repo.TryClaimNudgeAsync(waiting, T0.AddHours(24)), Is.True);
        Assert.That(await repo.TryClaimNudgeAsync(waiting, T0.AddHours(24)), Is.False);

        var (accepted, _) = await repo.RecordJoinAsync(Guild, 2, T0);
        await repo.MarkAcceptedAsync(accepted, T0.AddHours(1), AcceptedVia.Button);
        Assert.That(await repo.TryClaimNudgeAsync(accepted, T0.AddHours(24)), Is.False);
    }

    [TestCaseSource(typeof(TestDatabase), nameof(TestDatabase.Providers))]
    public async Task Messages_credit_first_message_week_two_and_replies_once(DatabaseProvider provider)
    {
        var (db, repo) = await CreateAsync(provider);
        await using var _ = db;
        var (journey, _) = await repo.RecordJoinAsync(Guild, 1, T0);

        var credit = await repo.RecordMessageAsync(Guild, 1, T0.AddHours(2));
        Assert.That(credit!.JoinedAtMs, Is.EqualTo(journey.JoinedAtMs));
        await repo.TrackMessageAsync(Guild, 5555, 1, credit.JoinedAtMs, T0.AddHours(2));
        await repo.RecordMessageAsync(Guild, 1, T0.AddHours(5));
        await repo.RecordMessageAsync(Guild, 1, T0.AddDays(8));
        await repo.RecordMessageAsync(Guild, 1, T0.AddDays(9));

        Assert.That(await repo.FindTrackedAuthorAsync(Guild, 5555, 42), Is.EqualTo(1UL), "a reply to the message");
        Assert.That(await repo.FindTrackedAuthorAsync(Guild, null, 5555), Is.EqualTo(1UL), "a message in the thread started from it");
        Assert.That(await repo.RecordReplyReceivedAsync(Guild, 1, T0.AddHours(3)), Is.True);
        Assert.That(await repo.RecordReplyReceivedAsync(Guild, 1, T0.AddHours(4)), Is.False);
        Assert.That(await repo.FindTrackedAuthorAsync(Guild, 5555, 42), Is.Null, "forgotten once credited");

        var after = await repo.GetLatestAsync(Guild, 1);
        Assert.That((after!.FirstMessageAt, after.FirstReplyAt, after.ActiveWeek2At), Is.EqualTo((T0.AddHours(2), T0.AddHours(3), T0.AddDays(8))));
        Assert.That(await repo.RecordMessageAsync(Guild, 1, T0.AddDays(30)), Is.Null, "nothing left to learn: no write");
    }

    [TestCaseSource(typeof(TestDatabase), nameof(TestDatabase.Providers))]
    public async Task A_reply_before_any_message_of_theirs_is_not_credited(DatabaseProvider provider)
    {
        var (db, repo) = await CreateAsync(provider);
        await using var _ = db;
        await repo.RecordJoinAsync(Guild, 1, T0);
        Assert.That(await repo.RecordReplyReceivedAsync(Guild, 1, T0.AddHours(1)), Is.False);
    }

    [TestCaseSource(typeof(TestDatabase), nameof(TestDatabase.Providers))]
    public async Task Scripted_cohort_of_20_gives_exact_funnel_numbers(DatabaseProvider provider)
    {
        var (db, repo) = await CreateAsync(provider);
        await using var _ = db;
        await ScriptedCohort.SeedAsync(repo, Guild, T0);
        await repo.RecordJoinAsync(Guild, 9999, T0.AddDays(-90)); // outside the window

        var now = T0.AddDays(30);
        var cohort = await repo.ListCohortAsync(Guild, now.AddDays(-60));
        FunnelReportTests.AssertScriptedCohort(FunnelReport.Compute(cohort.ToList(), now, 60));
    }

    [TestCaseSource(typeof(TestDatabase), nameof(TestDatabase.Providers))]
    public async Task The_interest_choice_is_replaced_by_each_answer_and_kept_after_leaving(DatabaseProvider provider)
    {
        var (db, repo) = await CreateAsync(provider);
        await using var _ = db;
        Assert.That(await repo.GetInterestChoiceAsync(Guild, 1), Is.Empty);

        await repo.RecordJoinAsync(Guild, 1, T0);
        await repo.SaveInterestChoiceAsync(Guild, 1, [40, 41, 42], T0.AddMinutes(5));
        await repo.SaveInterestChoiceAsync(Guild, 1, [42, 43], T0.AddMinutes(6));
        await repo.SaveInterestChoiceAsync(Guild, 2, [40], T0.AddMinutes(6));
        await repo.SaveInterestChoiceAsync(Guild + 1, 1, [50], T0.AddMinutes(6));
        await repo.MarkLeftAsync(Guild, 1, T0.AddDays(1));

        Assert.That(await repo.GetInterestChoiceAsync(Guild, 1), Is.EqualTo(new ulong[] { 42, 43 }), "the latest answer, not a union, and still there after leaving");
        Assert.That(await repo.GetInterestChoiceAsync(Guild, 2), Is.EqualTo(new ulong[] { 40 }));

        await repo.SaveInterestChoiceAsync(Guild, 1, [], T0.AddDays(2));
        Assert.That(await repo.GetInterestChoiceAsync(Guild, 1), Is.Empty, "choosing nothing forgets everything");
        Assert.That(await repo.GetInterestChoiceAsync(Guild + 1, 1), Is.EqualTo(new ulong[] { 50 }), "per guild");
    }

    [TestCaseSource(typeof(TestDatabase), nameof(TestDatabase.Providers))]
    public async Task The_rules_message_is_remembered_and_replaced(DatabaseProvider provider)
    {
        var (db, repo) = await CreateAsync(provider);
        await using var _ = db;
        Assert.That(await repo.GetRulesMessageAsync(Guild), Is.Null);
        await repo.SaveRulesMessageAsync(Guild, new RulesMessageRef(10, 20), T0);
        await repo.SaveRulesMessageAsync(Guild, new RulesMessageRef(11, 21), T0);
        Assert.That(await repo.GetRulesMessageAsync(Guild), Is.EqualTo(new RulesMessageRef(11, 21)));
    }
}
