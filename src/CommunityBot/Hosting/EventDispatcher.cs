using CommunityBot.Discord.Gateway;
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
    /// order matters, but a hung handler must not hold a member's later events forever.
    /// </summary>
    public TimeSpan OrderWaitLimit { get; set; } = TimeSpan.FromSeconds(30);
    /// <summary>How long shutdown waits for in-flight handlers.</summary>
    public TimeSpan DrainTimeout { get; set; } = TimeSpan.FromSeconds(20);
}

/// <summary>
/// Takes dispatches off the gateway's bounded queue and runs every registered handler for each one in its
/// own DI scope and try/catch, concurrently up to a limit, except that events sharing an
/// <see cref="EventOrderKey"/> (the same member, message, or member on a message) run in arrival order.
/// The gateway's receive loop never waits on a handler, so a slow or failing handler cannot stall heartbeats
/// or other handlers. On shutdown it stops taking events and drains what is in flight.
/// </summary>
public sealed class EventDispatcher(
    IGatewayClient gateway,
    EventHandlerRegistry registry,
    IServiceScopeFactory scopes,
    IOptions<EventPipelineOptions> options,
    ILogger<EventDispatcher> logger) : BackgroundService
{
    private readonly SemaphoreSlim _slots = new(options.Value.MaxConcurrentHandlers);
    private readonly HashSet<Task> _inFlight = [];
    /// <summary>Per order key, the task that completes when the latest event with that key has been handled.</summary>
    private readonly Dictionary<EventOrderKey, Task> _lastByKey = [];

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
                var predecessor = key is { } k ? Predecessor(k) : null;
                if (predecessor is null)
                {
                    // Nothing to wait for: take the slots here, so a full pipeline slows the loop down (back-pressure).
                    var runs = new Task[registrations.Count];
                    for (var i = 0; i < runs.Length; i++)
                    {
                        await _slots.WaitAsync(stoppingToken);
                        Track(runs[i] = RunAsync(registrations[i], evt, receipt));
                    }
                    if (key is { } started) Remember(started, Task.WhenAll(runs));
                }
                else
                {
                    // Wait for the earlier event off the loop, so other keys keep flowing meanwhile.
                    var run = RunAfterAsync(predecessor, registrations, evt, receipt);
                    Track(run);
                    Remember(key!.Value, run);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested) { }
    }

    private Task? Predecessor(EventOrderKey key)
    {
        lock (_lastByKey) return _lastByKey.TryGetValue(key, out var last) && !last.IsCompleted ? last : null;
    }

    private void Remember(EventOrderKey key, Task handled)
    {
        lock (_lastByKey) _lastByKey[key] = handled;
        handled.ContinueWith(_ =>
        {
            lock (_lastByKey)
                if (_lastByKey.TryGetValue(key, out var last) && last == handled) _lastByKey.Remove(key);
        }, TaskScheduler.Default);
    }

    private async Task RunAfterAsync(Task predecessor, IReadOnlyList<EventHandlerRegistry.Registration> registrations, GatewayEvent evt, EventReceipt receipt)
    {
        try
        {
            await predecessor.WaitAsync(options.Value.OrderWaitLimit);
        }
        catch (TimeoutException)
        {
            logger.LogWarning("{Event} (seq {Sequence}) waited {Limit} for an earlier event about the same member or message; handling it anyway",
                evt.Name, evt.Sequence, options.Value.OrderWaitLimit);
        }
        var runs = new Task[registrations.Count];
        for (var i = 0; i < runs.Length; i++)
        {
            await _slots.WaitAsync();
            runs[i] = RunAsync(registrations[i], evt, receipt);
        }
        await Task.WhenAll(runs);
    }

    private async Task RunAsync(EventHandlerRegistry.Registration registration, GatewayEvent evt, EventReceipt receipt)
    {
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            scope.ServiceProvider.GetRequiredService<CurrentEvent>().Set(evt, receipt);
            // Handlers get their own token: shutdown lets them finish (drain) rather than cancelling them mid-write.
            await registration.Invoke(scope.ServiceProvider, evt, CancellationToken.None);
        }
        catch (Exception ex)
        {
            logger.LogError(ex, "{Handler} failed on {Event} (seq {Sequence})", registration.HandlerType.Name, evt.Name, evt.Sequence);
        }
        finally
        {
            _slots.Release();
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
        Task[] pending;
        lock (_inFlight) pending = [.. _inFlight];
        if (pending.Length == 0) return;
        logger.LogInformation("Waiting for {Count} in-flight handler(s) to finish", pending.Length);
        var drained = Task.WhenAll(pending);
        if (await Task.WhenAny(drained, Task.Delay(options.Value.DrainTimeout, cancellationToken)) != drained)
            logger.LogWarning("{Count} handler(s) still running after {Timeout}; stopping anyway", pending.Count(t => !t.IsCompleted), options.Value.DrainTimeout);
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
