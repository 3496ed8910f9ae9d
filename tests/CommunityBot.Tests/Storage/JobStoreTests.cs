using CommunityBot.Jobs;
using CommunityBot.Storage;
using CommunityBot.TestSupport;

namespace CommunityBot.Tests.Storage;

[Category("Storage")]
public sealed class JobStoreTests
{
    private sealed class ManualClock(DateTimeOffset start) : TimeProvider
    {
        public DateTimeOffset Now { get; set; } = start;
        public override DateTimeOffset GetUtcNow() => Now;
    }

    [TestCaseSource(typeof(TestDatabase), nameof(TestDatabase.Providers))]
    public async Task A_job_is_claimed_only_when_due_and_only_once(DatabaseProvider provider)
    {
        await using var database = await TestDatabase.CreateMigratedAsync(provider);
        var clock = new ManualClock(DateTimeOffset.FromUnixTimeSeconds(1_800_000_000));
        var store = new JobStore(database.Factory(), clock);

        await store.ScheduleAsync("nudge", "g1:u1", clock.Now.AddHours(24), "{\"user\":1}", guildId: 1);
        await store.ScheduleAsync("nudge", "g1:u1", clock.Now.AddHours(1)); // same key: idempotent, keeps the first
        Assert.That(await store.ClaimNextAsync("a", TimeSpan.FromMinutes(5), default), Is.Null, "not due yet");

        clock.Now = clock.Now.AddHours(24);
        var job = await store.ClaimNextAsync("a", TimeSpan.FromMinutes(5), default);
        Assert.That(job, Is.Not.Null);
        Assert.That(job!.Payload, Is.EqualTo("{\"user\":1}"));
        Assert.That(job.Attempt, Is.EqualTo(1));
        Assert.That(await store.ClaimNextAsync("b", TimeSpan.FromMinutes(5), default), Is.Null, "claimed jobs are not handed out twice");

        await store.CompleteAsync(job, "a", default);
        Assert.That(await store.ExistsAsync("nudge", "g1:u1"), Is.False);
    }

    [TestCaseSource(typeof(TestDatabase), nameof(TestDatabase.Providers))]
    public async Task A_crashed_claim_is_retried_after_its_lease(DatabaseProvider provider)
    {
        await using var database = await TestDatabase.CreateMigratedAsync(provider);
        var clock = new ManualClock(DateTimeOffset.FromUnixTimeSeconds(1_800_000_000));
        var store = new JobStore(database.Factory(), clock);
        await store.ScheduleAsync("poll-close", "42", clock.Now);

        var first = await store.ClaimNextAsync("dead-process", TimeSpan.FromMinutes(5), default);
        Assert.That(first, Is.Not.Null);
        clock.Now = clock.Now.AddMinutes(6);
        var again = await store.ClaimNextAsync("new-process", TimeSpan.FromMinutes(5), default);
        Assert.That(again?.Id, Is.EqualTo(first!.Id));
        Assert.That(again!.Attempt, Is.EqualTo(2), "the handler can tell it may have partly run");
    }

    [TestCaseSource(typeof(TestDatabase), nameof(TestDatabase.Providers))]
    public async Task Concurrent_claimers_each_get_distinct_jobs(DatabaseProvider provider)
    {
        await using var database = await TestDatabase.CreateMigratedAsync(provider);
        var clock = new ManualClock(DateTimeOffset.FromUnixTimeSeconds(1_800_000_000));
        var store = new JobStore(database.Factory(), clock);
        for (var i = 0; i < 40; i++) await store.ScheduleAsync("k", i.ToString(), clock.Now);

        var claimed = new System.Collections.Concurrent.ConcurrentBag<long>();
        await Task.WhenAll(Enumerable.Range(0, 8).Select(worker => Task.Run(async () =>
        {
            while (await store.ClaimNextAsync($"w{worker}", TimeSpan.FromMinutes(5), default) is { } job) claimed.Add(job.Id);
        })));

        Assert.That(claimed, Has.Count.EqualTo(40));
        Assert.That(claimed.Distinct().Count(), Is.EqualTo(40), "no job claimed twice");
    }

    [TestCaseSource(typeof(TestDatabase), nameof(TestDatabase.Providers))]
    public async Task A_failed_job_backs_off_and_is_parked_after_max_attempts(DatabaseProvider provider)
    {
        await using var database = await TestDatabase.CreateMigratedAsync(provider);
        var clock = new ManualClock(DateTimeOffset.FromUnixTimeSeconds(1_800_000_000));
        var store = new JobStore(database.Factory(), clock);
        await store.ScheduleAsync("dm", "x", clock.Now);

        for (var attempt = 1; attempt <= JobStore.MaxAttempts; attempt++)
        {
            var job = await store.ClaimNextAsync("a", TimeSpan.FromMinutes(5), default);
            Assert.That(job?.Attempt, Is.EqualTo(attempt));
            await store.FailAsync(job!, "a", "boom", default);
            Assert.That(await store.ClaimNextAsync("a", TimeSpan.FromMinutes(5), default), Is.Null, "backs off before retrying");
            clock.Now = clock.Now.AddHours(2);
        }
        Assert.That(await store.ClaimNextAsync("a", TimeSpan.FromMinutes(5), default), Is.Null, "parked as dead after the last attempt");
        Assert.That(await store.ExistsAsync("dm", "x"), Is.True, "kept for inspection, not silently dropped");
    }
}
