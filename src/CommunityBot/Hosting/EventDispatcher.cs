using CommunityBot.Discord.Gateway;
using CommunityBot.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CommunityBot.Hosting;

public sealed class EventPipelineOptions
{
    /// <summary>How many handler invocations may run at once; a hung handler holds one slot, never the queue.</summary>
    public int MaxConcurrentHandlers { get; set; } = 32;
    /// <summary>
    /// How long an event waits for an earlier event with the same <see cref="EventOrderKey"/> before running anyway:
    /// order matters, but a hung handler must not hold a member's later events forever. (An earlier event waiting out
    /// a storage outage is not hung: its successors keep waiting, and the retry limit bounds that.)
    /// </summary>
    public TimeSpan OrderWaitLimit { get; set; } = TimeSpan.FromSeconds(30);
    /// <summary>How long shutdown waits for in-flight handlers.</summary>
    public TimeSpan DrainTimeout { get; set; } = TimeSpan.FromSeconds(20);
    /// <summary>How long a handler that failed on a transient storage error keeps being retried before it is given up.</summary>
    public TimeSpan StorageRetryLimit { get; set; } = TimeSpan.FromMinutes(10);
    /// <summary>First wait before retrying; it doubles up to <see cref="StorageRetryMaxDelay"/> (storage coming back ends it early).</summary>
    public TimeSpan StorageRetryFirstDelay { get; set; } = TimeSpan.FromSeconds(1);
    public TimeSpan StorageRetryMaxDelay { get; set; } = TimeSpan.FromSeconds(30);
    /// <summary>At most this many handler invocations wait for a retry at once (memory bound); beyond it they are given up.</summary>
    public int MaxWaitingForStorage { get; set; } = 20_000;
}

/// <summary>
/// Takes dispatches off the gateway's bounded queue and runs every registered handler for each one in its
/// own DI scope and try/catch, concurrently up to a limit, except that events sharing an
/// <see cref="EventOrderKey"/> (the same member, message, or member on a message) run in arrival order.
/// The gateway's receive loop never waits on a handler, so a slow or failing handler can neither stall heartbeats
/// nor other handlers. A handler that fails on a <see cref="TransientStorageError"/> is retried (see
/// <see cref="StorageRetry"/>), and later events with its key wait for it. On shutdown it stops taking events
/// and drains what is in flight.
/// </summary>
public sealed class EventDispatcher(
    IGatewayClient gateway,
    EventHandlerRegistry registry,
    IServiceScopeFactory scopes,
    StorageRetry retry,
    IOptions<EventPipelineOptions> options,
    ILogger<EventDispatcher> logger) : BackgroundService
{
    private readonly SemaphoreSlim _slots = new(options.Value.MaxConcurrentHandlers);
    private readonly HashSet<Task> _inFlight = [];
    /// <summary>Per order key, the latest event with that key, until it has been handled.</summary>
    private readonly Dictionary<EventOrderKey, EventRun> _lastByKey = [];

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await foreach (var evt in gateway.Events.ReadAllAsync(stoppingToken))
            {
                // The deadline runs from when the gateway decoded the frame, not from when we got to it.
                var receipt = evt.ReceivedAt != 0 ? new EventReceipt(evt.ReceivedAt) : EventReceipt.Now();
                var registrations = registry.For(evt.GetType());
                if (registrations.Count == 0) continue;
                var key = EventOrderKey.For(evt);
                var run = new EventRun(key is { } k ? Predecessor(k) : null);
                if (run.Predecessor is null)
                {
                    // Nothing to wait for: take the slots here, so a full pipeline slows the loop down (back-pressure).
                    var runs = new Task[registrations.Count];
                    for (var i = 0; i < runs.Length; i++)
                    {
                        await _slots.WaitAsync(stoppingToken);
                        Track(runs[i] = RunAsync(registrations[i], evt, receipt, run));
                    }
                    run.Handled = Task.WhenAll(runs);
                }
                else
                {
                    // Wait for the earlier event off the loop, so other keys keep flowing meanwhile.
                    Track(run.Handled = RunAfterAsync(run, registrations, evt, receipt));
                }
                if (key is { } started) Remember(started, run);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested) { }
    }

    private EventRun? Predecessor(EventOrderKey key)
    {
        lock (_lastByKey) return _lastByKey.TryGetValue(key, out var last) && !last.Handled.IsCompleted ? last : null;
    }

    private void Remember(EventOrderKey key, EventRun run)
    {
        lock (_lastByKey) _lastByKey[key] = run;
        run.Handled.ContinueWith(_ =>
        {
            lock (_lastByKey)
                if (_lastByKey.TryGetValue(key, out var last) && last == run) _lastByKey.Remove(key);
        }, TaskScheduler.Default);
    }

    private async Task RunAfterAsync(EventRun run, IReadOnlyList<EventHandlerRegistry.Registration> registrations, GatewayEvent evt, EventReceipt receipt)
    {
        await WaitForPredecessorAsync(run, evt);
        var runs = new Task[registrations.Count];
        for (var i = 0; i < runs.Length; i++)
        {
            await _slots.WaitAsync();
            runs[i] = RunAsync(registrations[i], evt, receipt, run);
        }
        await Task.WhenAll(runs);
    }

    private async Task WaitForPredecessorAsync(EventRun run, GatewayEvent evt)
    {
        var predecessor = run.Predecessor!;
        while (true)
        {
            try
            {
                await predecessor.Handled.WaitAsync(options.Value.OrderWaitLimit);
                break;
            }
            catch (TimeoutException) when (predecessor.HeldByStorage)
            {
                // Waiting out a storage outage is not hanging: running now would apply this event before the earlier one.
                logger.LogDebug("{Event} (seq {Sequence}) keeps waiting for an earlier event about the same member or message that waits for the database",
                    evt.Name, evt.Sequence);
            }
            catch (TimeoutException)
            {
                logger.LogWarning("{Event} (seq {Sequence}) waited {Limit} for an earlier event about the same member or message; handling it anyway",
                    evt.Name, evt.Sequence, options.Value.OrderWaitLimit);
                break;
            }
        }
        run.Predecessor = null; // let the chain of handled events be collected
    }

    /// <summary>Runs one handler in its own scope; the caller has taken a slot, which this releases.</summary>
    private async Task RunAsync(EventHandlerRegistry.Registration registration, GatewayEvent evt, EventReceipt receipt, EventRun run)
    {
        var slot = new HandlerSlot(_slots);
        try
        {
            await retry.RunAsync(registration.HandlerType.Name, evt, async () =>
            {
                await using var scope = scopes.CreateAsyncScope();
                scope.ServiceProvider.GetRequiredService<CurrentEvent>().Set(evt, receipt);
                // Handlers get their own token: shutdown lets them finish (drain) rather than cancelling them mid-write.
                await registration.Invoke(scope.ServiceProvider, evt, CancellationToken.None);
            }, run.MarkHeldByStorage, slot);
        }
        catch (Exception ex)
        {
            logger.LogError(ex, "{Handler} failed on {Event} (seq {Sequence})", registration.HandlerType.Name, evt.Name, evt.Sequence);
        }
        finally
        {
            slot.Release();
        }
    }

    private void Track(Task task)
    {
        lock (_inFlight) _inFlight.Add(task);
        task.ContinueWith(t => { lock (_inFlight) _inFlight.Remove(t); }, TaskScheduler.Default);
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        // Handlers waiting for the database give up now (each logged with its ids) instead of holding up the drain.
        retry.Stop();
        Task[] pending;
        lock (_inFlight) pending = [.. _inFlight];
        if (pending.Length == 0) return;
        logger.LogInformation("Waiting for {Count} in-flight handler(s) to finish", pending.Length);
        var drained = Task.WhenAll(pending);
        if (await Task.WhenAny(drained, Task.Delay(options.Value.DrainTimeout, cancellationToken)) != drained)
            logger.LogWarning("{Count} handler(s) still running after {Timeout}; stopping anyway", pending.Count(t => !t.IsCompleted), options.Value.DrainTimeout);
    }

    /// <summary>One event on its way through the pipeline: what it waits for, and whether a storage outage holds it.</summary>
    private sealed class EventRun(EventRun? predecessor)
    {
        private volatile bool _heldByStorage;
        public EventRun? Predecessor { get; set; } = predecessor;
        public Task Handled { get; set; } = Task.CompletedTask;

        public void MarkHeldByStorage() => _heldByStorage = true;

        /// <summary>Waiting for a storage retry, itself or through the earlier event it waits for.</summary>
        public bool HeldByStorage
        {
            get
            {
                for (var run = this; run is not null; run = run.Predecessor)
                {
                    if (run.Handled.IsCompleted && run != this) return false;
                    if (run._heldByStorage) return true;
                }
                return false;
            }
        }
    }
}

/// <summary>The event a scope was created for, with its receipt time (scoped).</summary>
public sealed class CurrentEvent
{
    public GatewayEvent? Event { get; private set; }
    public EventReceipt Receipt { get; private set; }

    internal void Set(GatewayEvent evt, EventReceipt receipt)
    {
        Event = evt;
        Receipt = receipt;
    }
}
