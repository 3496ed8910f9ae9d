using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace CommunityBot.Features.Brainstorming;

/// <summary>
/// Re-renders a card (poll, idea) after votes without one message edit per vote: requests for the same key
/// while a render is running collapse into exactly one more render afterwards. Each render reads the
/// database afresh, so the last one always shows every committed vote; a burst of 200 votes costs a handful
/// of edits instead of 200 (which the per-channel rate limit would stretch into minutes).
/// Renders run in their own DI scope because the requesting interaction's scope ends before they do.
/// </summary>
public sealed class CoalescingRefresher(IServiceScopeFactory scopes, ILogger<CoalescingRefresher> logger)
{
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
