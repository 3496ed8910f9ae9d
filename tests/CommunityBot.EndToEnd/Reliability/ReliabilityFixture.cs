namespace CommunityBot.EndToEnd.Reliability;

/// <summary>
/// Runs one scripted reliability run in the fixture's set-up, then checks one invariant per test, so a failure names the
/// invariant that broke and the others still report. The bot runs as its own process; the stand-in stays up as "Discord".
/// </summary>
[Category("Reliability")]
[NonParallelizable]
public abstract class ReliabilityFixture
{
    protected ReliabilityRig Rig { get; private set; } = null!;
    protected ReliabilityRun Run { get; private set; } = null!;

    /// <summary>Creates the rig (its database included) for this fixture.</summary>
    protected abstract Task<ReliabilityRig> CreateRigAsync();

    /// <summary>The scripted troubles between <see cref="ReliabilityRun.StartAsync"/> and <see cref="ReliabilityRun.FinishAsync"/>.</summary>
    protected abstract Task TroubleAsync(ReliabilityRun run);

    protected virtual Task CleanUpAsync() => Task.CompletedTask;

    [OneTimeSetUp]
    public async Task RunScenario()
    {
        if (!OperatingSystem.IsLinux()) Assert.Ignore("Kills the bot with signals: Linux only.");
        Rig = await CreateRigAsync();
        Run = new ReliabilityRun(Rig, seed: 14);
        try
        {
            await Run.StartAsync();
            await TroubleAsync(Run);
            await Run.FinishAsync();
        }
        catch (Exception ex)
        {
            Assert.Fail($"The run itself failed: {ex}\n--- bot output ---\n{Rig.BotOutput}");
        }
        TestContext.Progress.WriteLine("Reliability run: " + Run.Summary());
    }

    [OneTimeTearDown]
    public async Task TearDown()
    {
        if (Rig is not null)
        {
            // The bots' own account of the run, for whoever reads a failure.
            var log = Path.Combine(TestContext.CurrentContext.WorkDirectory, $"reliability-{GetType().Name}-{Rig.Provider}.log");
            await File.WriteAllTextAsync(log, Run?.Summary() + "\n" + Rig.BotOutput);
            TestContext.Progress.WriteLine("Bot output: " + log);
        }
        if (Rig is not null) await Rig.DisposeAsync();
        await CleanUpAsync();
    }

    private void Expect(IReadOnlyList<string> violations, string invariant) =>
        Assert.That(violations, Is.Empty, $"{invariant} ({Run.Summary()}):\n{string.Join("\n", violations.Take(30))}");

    [Test]
    public async Task Every_cached_balance_equals_the_sum_of_its_ledger_entries() =>
        Expect(await Run.Invariants.LedgerMismatchesAsync(), "balance == sum of ledger entries");

    [Test]
    public async Task No_source_is_awarded_twice_and_every_award_names_the_members_own_message() =>
        Expect(await Run.Invariants.DoubleOrBogusAwardsAsync(), "no double or bogus awards");

    [Test]
    public async Task No_bot_holds_points() => Expect(await Run.Invariants.BotsHoldingPointsAsync(), "no bot holds points");

    [Test]
    public async Task Every_acknowledged_vote_is_counted_exactly_once()
    {
        Assert.That(Run.Invariants.AcknowledgedVotes, Is.GreaterThan(0), "the run should have acknowledged votes to check");
        Expect(await Run.Invariants.LostOrMiscountedVotesAsync(), "acknowledged votes counted once");
    }

    [Test]
    public virtual void Every_join_is_welcomed_once_including_joins_during_downtime()
    {
        Assert.That(Run.Load.Joined, Is.Not.Empty);
        Expect(Run.Invariants.WrongWelcomeCounts(), "one welcome per join");
    }

    [Test]
    public async Task No_queue_card_is_posted_twice() => Expect(await Run.Invariants.DuplicatedCardsAsync(), "no duplicated card");

    [Test]
    public async Task Cards_decided_during_downtime_are_resolved()
    {
        Assert.That(Run.DecidedDuringDowntime, Is.Not.Empty, "the run should have decided cards while the bot or its database was down");
        Expect(await Run.Invariants.UnresolvedDowntimeDecisionsAsync(), "downtime decisions resolved");
    }

    [Test]
    public virtual async Task Every_scheduled_job_fires_once() => Expect(await Run.Invariants.JobsNotFiredOnceAsync(), "every job fired once");
}
