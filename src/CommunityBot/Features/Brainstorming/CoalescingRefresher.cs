using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace CommunityBot.Features.Brainstorming;

/// <summary>
/// Re-renders a card (poll, idea) after votes without one message edit per vote: requests for the same key
/// while a render is running collapse into exactly one more render afterwards. Each render reads the
/// database afresh, so the last one always shows every committed vote; a burst of 200 votes costs a handful
/// of edits instead of 200 (which the per-channel rate limit would stretch into minutes).
/// Renders run in their own DI scope because the requesting interaction's scope ends before they do, and
/// shutdown waits for the ones in flight, so a render from before a redeploy cannot land after the next
/// process has already drawn a newer card.
/// </summary>
public sealed class CoalescingRefresher(IServiceScopeFactory scopes, ILogger<CoalescingRefresher> logger) : IHostedService
{
    private static readonly TimeSpan DrainTimeout = TimeSpan.FromSeconds(10);

    private sealed class Slot
    {
        public bool Dirty;
        public Func<IServiceProvider, CancellationToken, Task> Work = null!;
        public Task? Loop;
    }

    private readonly Dictionary<string, Slot> _slots = [];

    /// <summary>Asks for a render of <paramref name="key"/>; the returned task completes after a render that started after this call.</summary>
    public Task RequestAsync(string key, Func<IServiceProvider, CancellationToken, Task> work)
    {
        lock (_slots)
        {
            if (!_slots.TryGetValue(key, out var slot)) _slots[key] = slot = new Slot();
            slot.Dirty = true;
            slot.Work = work;
            return slot.Loop ??= Task.Run(() => LoopAsync(key, slot));
        }
    }

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        Task[] running;
        lock (_slots) running = _slots.Values.Select(s => s.Loop).OfType<Task>().ToArray();
        if (running.Length == 0) return;
        var drained = Task.WhenAll(running);
        if (await Task.WhenAny(drained, Task.Delay(DrainTimeout, cancellationToken)) != drained)
            logger.LogWarning("{Count} card refresh(es) still running at shutdown", running.Count(t => !t.IsCompleted));
    }

    private async Task LoopAsync(string key, Slot slot)
    {
        while (true)
        {
            Func<IServiceProvider, CancellationToken, Task> work;
            lock (_slots)
            {
                if (!slot.Dirty)
                {
                    _slots.Remove(key);
                    slot.Loop = null;
                    return;
                }
                slot.Dirty = false;
                work = slot.Work;
            }
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                await work(scope.ServiceProvider, CancellationToken.None);
            }
            catch (Exception ex)
            {
                // The next vote or the close renders again; a failed edit must not stop later ones.
                logger.LogWarning(ex, "Refreshing {Key} failed", key);
            }
        }
    }
}
