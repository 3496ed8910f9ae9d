using CommunityBot.Jobs;
using CommunityBot.Storage;
using CommunityBot.Storage.Health;
using CommunityBot.Storage.Migrations;
using CommunityBot.TestSupport;
using Dapper;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace CommunityBot.Tests.Storage;

/// <summary>
/// A job's claim is a short lease the runner renews while the job runs: a job whose process died mid-run (kill -9) runs
/// again seconds later, and a long job is never taken over while its runner is alive.
/// </summary>
[Category("Storage")]
public sealed class JobLeaseTests
{
    private sealed class HoldingJob : IJobHandler
    {
        public TaskCompletionSource Started { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
        public TaskCompletionSource Release { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
        public int Runs;
        public string Kind => "hold";

        public async Task HandleAsync(Job job, CancellationToken ct)
        {
            Interlocked.Increment(ref Runs);
            Started.TrySetResult();
            await Release.Task.WaitAsync(ct);
        }
    }

    private static async Task<(TestDatabase Database, JobStore Store, JobRunner Runner, HoldingJob Handler, FakeTimeProvider Clock)> RunnerAsync(DatabaseProvider provider)
    {
        var database = await TestDatabase.CreateMigratedAsync(provider, new MigrationSource("storage-health", typeof(StorageHealth)));
        var clock = new FakeTimeProvider(DateTimeOffset.FromUnixTimeSeconds(1_800_000_000));
        var store = new JobStore(database.Factory(), clock);
        var handler = new HoldingJob();
        var services = new ServiceCollection().AddSingleton<IJobHandler>(handler).BuildServiceProvider();
        var storage = new StorageHealth(database.Factory(), clock, Options.Create(new StorageHealthOptions()), NullLogger<StorageHealth>.Instance);
        var runner = new JobRunner(store, services.GetRequiredService<IServiceScopeFactory>(), storage, clock, NullLogger<JobRunner>.Instance);
        return (database, store, runner, handler, clock);
    }

    private static async Task<DateTimeOffset?> ClaimedUntilAsync(TestDatabase database)
    {
        await using var c = await database.Factory().OpenAsync();
        var ms = await c.ExecuteScalarAsync<long?>("SELECT claimed_until FROM jobs WHERE kind = 'hold'");
        return ms is { } v ? DateTimeOffset.FromUnixTimeMilliseconds(v) : null;
    }

    [TestCaseSource(typeof(TestDatabase), nameof(TestDatabase.Providers))]
    public async Task A_job_whose_process_died_mid_run_runs_again_within_seconds(DatabaseProvider provider)
    {
        Assert.That(JobRunner.Lease, Is.LessThanOrEqualTo(TimeSpan.FromSeconds(30)), "a newcomer's welcome must not wait minutes after a crash");
        var (database, store, runner, handler, clock) = await RunnerAsync(provider);
        await using var _ = database;
        await store.ScheduleAsync("hold", "1", clock.GetUtcNow());
        Assert.That(await store.ClaimNextAsync("killed-process", JobRunner.Lease, default), Is.Not.Null, "claimed by a process that then dies");

        await runner.StartAsync(default);
        try
        {
            clock.Advance(JobRunner.Lease + TimeSpan.FromSeconds(1));
            await handler.Started.Task.WaitAsync(TimeSpan.FromSeconds(10));
            Assert.That(handler.Runs, Is.EqualTo(1));
        }
        finally
        {
            handler.Release.TrySetResult();
            await runner.StopAsync(default);
        }
    }

    [TestCaseSource(typeof(TestDatabase), nameof(TestDatabase.Providers))]
    public async Task A_long_job_keeps_its_claim_while_its_runner_is_alive(DatabaseProvider provider)
    {
        var (database, store, runner, handler, clock) = await RunnerAsync(provider);
        await using var _ = database;
        await store.ScheduleAsync("hold", "1", clock.GetUtcNow());
        await runner.StartAsync(default);
        try
        {
            await handler.Started.Task.WaitAsync(TimeSpan.FromSeconds(10));
            for (var beat = 0; beat < 12; beat++) // four leases' worth of time
            {
                clock.Advance(JobRunner.Lease / 3);
                var now = clock.GetUtcNow();
                await Eventually.TrueAsync(async () => await ClaimedUntilAsync(database) >= now + JobRunner.Lease - TimeSpan.FromMilliseconds(1),
                    "the lease renewed", TimeSpan.FromSeconds(10));
                Assert.That(await store.ClaimNextAsync("other-process", JobRunner.Lease, default), Is.Null, $"taken over after {beat + 1} beat(s)");
            }
            handler.Release.TrySetResult();
            await Eventually.TrueAsync(async () => !await store.ExistsAsync("hold", "1"), "the job to complete");
            Assert.That(handler.Runs, Is.EqualTo(1));
        }
        finally
        {
            handler.Release.TrySetResult();
            await runner.StopAsync(default);
        }
    }
}
