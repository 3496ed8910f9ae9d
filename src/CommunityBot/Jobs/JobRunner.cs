using CommunityBot.Storage;
using CommunityBot.Storage.Health;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace CommunityBot.Jobs;

/// <summary>
/// Claims due jobs and runs them through the <see cref="IJobHandler"/> for their kind, each in its own DI
/// scope. Sleeps until the next due time (capped, so jobs scheduled by another process are noticed) or
/// until this process schedules something. A claim is a short lease, renewed while the job runs: when the process dies
/// mid-job (kill -9, an OOM kill, a lost host) the job is claimable again seconds later, not minutes.
/// </summary>
public sealed class JobRunner(JobStore store, IServiceScopeFactory scopes, StorageHealth storage, TimeProvider time, ILogger<JobRunner> logger) : BackgroundService
{
    /// <summary>How long a claim holds without renewal: how late a job whose runner died may start again elsewhere.</summary>
    public static readonly TimeSpan Lease = TimeSpan.FromSeconds(15);
    private static readonly TimeSpan RenewEvery = Lease / 3;
    private static readonly TimeSpan MaxIdle = TimeSpan.FromSeconds(15);
    private readonly string _owner = $"{Environment.MachineName}:{Environment.ProcessId}:{Guid.NewGuid():N}";
    private readonly SemaphoreSlim _wake = new(0);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        store.Scheduled += OnScheduled;
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                try
                {
                    while (await store.ClaimNextAsync(_owner, Lease, stoppingToken) is { } job)
                        await RunAsync(job, stoppingToken);
                    await WaitForNextAsync(stoppingToken);
                }
                catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested) { }
                catch (Exception ex) when (TransientStorageError.Is(ex))
                {
                    // Logged once per outage by StorageHealth; pick up again as soon as it sees the database back.
                    storage.ReportFailure(ex, "claiming due jobs");
                    await Task.WhenAny(storage.WhenAvailable, Task.Delay(TimeSpan.FromSeconds(2), time, stoppingToken)).ContinueWith(_ => { }, CancellationToken.None);
                }
                catch (Exception ex)
                {
                    logger.LogError(ex, "Job runner loop failed; retrying shortly");
                    await Task.Delay(TimeSpan.FromSeconds(2), time, stoppingToken).ContinueWith(_ => { }, CancellationToken.None);
                }
            }
        }
        finally
        {
            store.Scheduled -= OnScheduled;
        }
    }

    private void OnScheduled() => _wake.Release();

    private async Task WaitForNextAsync(CancellationToken ct)
    {
        var next = await store.NextDueAsync(ct);
        var delay = next is { } due ? due - time.GetUtcNow() : MaxIdle;
        if (delay <= TimeSpan.Zero) return;
        if (delay > MaxIdle) delay = MaxIdle;
        using var timeout = new CancellationTokenSource(delay, time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(ct, timeout.Token);
        try { await _wake.WaitAsync(linked.Token); }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested) { }
    }

    private async Task RunAsync(Job job, CancellationToken ct)
    {
        using var running = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var lease = KeepLeaseAsync(job, running.Token);
        try
        {
            await RunClaimedAsync(job, ct);
        }
        finally
        {
            await running.CancelAsync();
            await lease;
        }
    }

    /// <summary>Renews the claim until the job is done; a failed renewal is retried at the next beat (the lease still holds meanwhile).</summary>
    private async Task KeepLeaseAsync(Job job, CancellationToken ct)
    {
        try
        {
            while (true)
            {
                await Task.Delay(RenewEvery, time, ct);
                try
                {
                    if (!await store.RenewAsync(job, _owner, Lease, ct))
                        logger.LogWarning("Job {Kind}/{Key} outlived its lease and may run elsewhere too", job.Kind, job.Key);
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    logger.LogDebug(ex, "Could not renew the lease of job {Kind}/{Key}", job.Kind, job.Key);
                }
            }
        }
        catch (OperationCanceledException) { }
    }

    private async Task RunClaimedAsync(Job job, CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var handler = scope.ServiceProvider.GetServices<IJobHandler>().FirstOrDefault(h => h.Kind == job.Kind);
        try
        {
            if (handler is null) throw new InvalidOperationException($"No handler registered for job kind '{job.Kind}'.");
            await handler.HandleAsync(job, ct);
            await store.CompleteAsync(job, _owner, ct);
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            // Shutting down mid-job: hand it back so the next start runs it without waiting out the lease.
            await store.ReleaseAsync(job, _owner, CancellationToken.None);
            throw;
        }
        catch (Exception ex) when (TransientStorageError.Is(ex))
        {
            // The job did not fail, the database did: hand it back once the database is writable again, so it runs
            // then instead of after its lease or a backoff.
            storage.ReportFailure(ex, $"job {job.Kind}");
            await storage.WhenAvailable.WaitAsync(ct);
            await store.ReleaseAsync(job, _owner, CancellationToken.None);
        }
        catch (Exception ex)
        {
            logger.LogWarning(ex, "Job {Kind}/{Key} failed on attempt {Attempt}", job.Kind, job.Key, job.Attempt);
            await store.FailAsync(job, _owner, ex.Message, CancellationToken.None);
        }
    }
}
