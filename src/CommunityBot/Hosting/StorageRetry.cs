using CommunityBot.Discord.Gateway;
using CommunityBot.Storage;
using CommunityBot.Storage.Health;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CommunityBot.Hosting;

/// <summary>
/// Retries an event handler that failed on a <see cref="TransientStorageError"/> (database restarting, disk full,
/// file locked or read-only), with doubling waits that end early the moment <see cref="StorageHealth"/> sees the
/// database take writes again, until <see cref="EventPipelineOptions.StorageRetryLimit"/>; then the event is given
/// up and logged once with its ids. Retrying is safe because handlers must already survive Discord delivering an
/// event twice: their writes are keyed on the message, member or reaction (ledger source keys, card per message,
/// join per joined_at), so a second run adds nothing the first one wrote.
/// The waiting events live in memory, not in a local inbox file: the outages this covers are the database's
/// (the disk a local inbox would use is often the full one), a bound keeps memory in check, and a process
/// killed during an outage loses only what was still waiting — the catch-up after a restart is the net for that.
/// Interactions are never retried here: the member is told to try again instead (a retry minutes later would
/// act on a click they no longer expect, with a token that may have expired).
/// </summary>
public sealed class StorageRetry(StorageHealth storage, TimeProvider time, IOptions<EventPipelineOptions> options, ILogger<StorageRetry> logger)
{
    private readonly CancellationTokenSource _stopping = new();
    private int _waiting;

    /// <summary>Runs <paramref name="attempt"/>, retrying it on transient storage errors; other errors are thrown.</summary>
    /// <param name="waiting">Called once, when the first attempt failed and the event starts waiting for a retry.</param>
    /// <param name="slot">The concurrency slot the handler runs in: given back while it waits, so waiting events hold no slot.</param>
    public async Task RunAsync(string handler, GatewayEvent evt, Func<Task> attempt, Action waiting, HandlerSlot slot)
    {
        var settings = options.Value;
        DateTimeOffset? firstFailure = null;
        var delay = settings.StorageRetryFirstDelay;
        try
        {
            while (true)
            {
                try
                {
                    await attempt();
                    return;
                }
                catch (Exception ex) when (evt is not InteractionCreateEvent && TransientStorageError.Is(ex))
                {
                    storage.ReportFailure(ex, $"{handler} on {evt.Name}");
                    if (firstFailure is null)
                    {
                        firstFailure = time.GetUtcNow();
                        storage.RetryWaiting();
                        if (Interlocked.Increment(ref _waiting) > settings.MaxWaitingForStorage)
                        {
                            GiveUp(handler, evt, firstFailure.Value, $"{settings.MaxWaitingForStorage} events are already waiting for the database");
                            return;
                        }
                        waiting();
                    }
                    else if (time.GetUtcNow() - firstFailure.Value >= settings.StorageRetryLimit)
                    {
                        GiveUp(handler, evt, firstFailure.Value, $"the database still failed after {settings.StorageRetryLimit:g} ({ex.Message})");
                        return;
                    }
                }
                slot.Release();
                if (!await WaitAsync(delay))
                {
                    GiveUp(handler, evt, firstFailure.Value, "the bot is stopping");
                    return;
                }
                await slot.TakeAsync();
                delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, settings.StorageRetryMaxDelay.Ticks));
            }
        }
        finally
        {
            if (firstFailure is not null)
            {
                Interlocked.Decrement(ref _waiting);
                storage.RetryDone();
            }
        }
    }

    /// <summary>Gives up every waiting handler (shutdown): each is logged with its ids rather than silently lost.</summary>
    public void Stop() => _stopping.Cancel();

    /// <returns>False when the bot is stopping.</returns>
    private async Task<bool> WaitAsync(TimeSpan delay)
    {
        try
        {
            await Task.WhenAny(Task.Delay(delay, time, _stopping.Token), storage.WhenAvailable.WaitAsync(_stopping.Token));
            return !_stopping.IsCancellationRequested;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    private void GiveUp(string handler, GatewayEvent evt, DateTimeOffset firstFailure, string why)
    {
        storage.ReportDropped();
        logger.LogError("Gave up {Handler} for {Ids}, first failed {Elapsed:g} ago: {Reason}. What it would have recorded is lost",
            handler, EventIds.Describe(evt), time.GetUtcNow() - firstFailure, why);
    }
}

/// <summary>A handler's place among the dispatcher's concurrent handlers, which it can give back while it waits.</summary>
public sealed class HandlerSlot(SemaphoreSlim slots)
{
    private bool _held = true;

    public void Release()
    {
        if (!_held) return;
        _held = false;
        slots.Release();
    }

    public async Task TakeAsync()
    {
        await slots.WaitAsync();
        _held = true;
    }
}
