using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CommunityBot.Storage.Health;

public sealed class StorageHealthOptions
{
    public const string SectionName = "StorageHealth";
    /// <summary>How often a failing database is tried with a small write, to notice that it is back.</summary>
    public TimeSpan ProbeInterval { get; set; } = TimeSpan.FromSeconds(5);
}

/// <summary>
/// Whether the database currently takes writes, as learnt from the operations that fail on it. The first transient
/// failure starts an outage and is logged (once: a database that is down for ten minutes must not write a stack
/// trace per event); from then on a small write is tried every <see cref="StorageHealthOptions.ProbeInterval"/>,
/// and the first that succeeds ends the outage with one summary line. Event handlers waiting to be retried are
/// released at that moment (<see cref="WhenAvailable"/>), and the health file is not touched meanwhile.
/// </summary>
public sealed class StorageHealth(IDbConnectionFactory db, TimeProvider time, IOptions<StorageHealthOptions> options, ILogger<StorageHealth> logger)
    : BackgroundService
{
    private readonly Lock _gate = new();
    private readonly SemaphoreSlim _outageStarted = new(0);
    private Outage? _outage;
    private TaskCompletionSource _available = Completed();
    private int _waiting;

    private sealed class Outage(DateTimeOffset since)
    {
        public DateTimeOffset Since { get; } = since;
        public int Failed;
        public int Dropped;
    }

    /// <summary>True from the first transient storage failure until a probe write succeeds.</summary>
    public bool IsFailing
    {
        get { lock (_gate) return _outage is not null; }
    }

    /// <summary>Completes when the database takes writes again (at once when no outage is known).</summary>
    public Task WhenAvailable
    {
        get { lock (_gate) return _available.Task; }
    }

    /// <summary>An operation failed with a <see cref="TransientStorageError"/>; the first of an outage is logged.</summary>
    public void ReportFailure(Exception error, string operation)
    {
        bool first;
        lock (_gate)
        {
            first = _outage is null;
            if (first)
            {
                _outage = new Outage(time.GetUtcNow());
                _available = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            }
            _outage!.Failed++;
        }
        if (!first) return;
        _outageStarted.Release();
        logger.LogError(error, "The {Provider} database is failing ({Operation}: {Error}). Events are kept and retried until it takes writes again; " +
            "it is probed every {Interval} and the health file is not touched meanwhile. Further failures are counted, not logged",
            db.Provider, operation, error.Message, options.Value.ProbeInterval);
    }

    /// <summary>Event handlers waiting to be retried; the outage summary says how many it released.</summary>
    public int WaitingForRetry => Volatile.Read(ref _waiting);

    public void RetryWaiting() => Interlocked.Increment(ref _waiting);
    public void RetryDone() => Interlocked.Decrement(ref _waiting);

    /// <summary>An event handler given up for good (its ids are logged by the caller); counted in the summary.</summary>
    public void ReportDropped()
    {
        lock (_gate) if (_outage is not null) _outage.Dropped++;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            while (true)
            {
                await _outageStarted.WaitAsync(stoppingToken);
                while (IsFailing)
                {
                    await Task.Delay(options.Value.ProbeInterval, time, stoppingToken);
                    if (await ProbeAsync(stoppingToken)) End();
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested) { }
    }

    private async Task<bool> ProbeAsync(CancellationToken ct)
    {
        try
        {
            await StorageProbe.WriteAsync(db, time.GetUtcNow(), ct);
            return true;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            logger.LogDebug("Storage probe failed: {Error}", ex.Message);
            return false;
        }
    }

    private void End()
    {
        Outage ended;
        TaskCompletionSource available;
        lock (_gate)
        {
            if (_outage is null) return;
            ended = _outage;
            available = _available;
            _outage = null;
        }
        var duration = time.GetUtcNow() - ended.Since;
        logger.LogWarning("The {Provider} database takes writes again after {Duration:g}: {Failed} operation(s) failed during the outage, " +
            "{Waiting} waiting event handler(s) are being retried now, {Dropped} were given up",
            db.Provider, duration, ended.Failed, WaitingForRetry, ended.Dropped);
        available.TrySetResult();
    }

    private static TaskCompletionSource Completed()
    {
        var done = new TaskCompletionSource();
        done.SetResult();
        return done;
    }
}
