namespace CommunityBot.Discord.Gateway;

/// <summary>
/// G § Rate Limiting: 120 sends per connection per 60 s; going over closes with 4008. A few slots are
/// kept for heartbeats so a burst of presence updates or member requests can never starve them.
/// Sliding window on the injected clock; one instance per connection.
/// </summary>
internal sealed class GatewaySendLimiter(TimeProvider time, int limit = 120, int reservedForHeartbeats = 3, TimeSpan? window = null)
{
    private readonly TimeSpan _window = window ?? TimeSpan.FromSeconds(60);
    private readonly Queue<long> _sent = new();
    private readonly object _gate = new();

    /// <summary>Takes a slot now, or says how long until one frees up.</summary>
    public bool TryAcquire(bool heartbeat, out TimeSpan wait)
    {
        lock (_gate)
        {
            var now = time.GetTimestamp();
            while (_sent.TryPeek(out var oldest) && time.GetElapsedTime(oldest, now) >= _window) _sent.Dequeue();
            var allowed = heartbeat ? limit : limit - reservedForHeartbeats;
            if (_sent.Count < allowed)
            {
                _sent.Enqueue(now);
                wait = TimeSpan.Zero;
                return true;
            }
            // The slot frees when the (Count - allowed + 1)-th oldest send leaves the window.
            var index = _sent.Count - allowed;
            var freeing = _sent.ElementAt(index);
            wait = _window - time.GetElapsedTime(freeing, now);
            if (wait <= TimeSpan.Zero) wait = TimeSpan.FromMilliseconds(1);
            return false;
        }
    }

    public async ValueTask AcquireAsync(bool heartbeat, CancellationToken ct)
    {
        while (!TryAcquire(heartbeat, out var wait))
            await Task.Delay(wait, time, ct).ConfigureAwait(false);
    }
}
