using CommunityBot.Discord.Models;
using Microsoft.Extensions.Logging;

namespace CommunityBot.Discord.Gateway;

/// <summary>
/// Guards IDENTIFY (G § Identifying, § Session Start Limit): never more than <c>max_concurrency</c> per
/// 5 seconds, and when the daily <c>session_start_limit.remaining</c> is used up wait <c>reset_after</c>
/// instead of identifying (1,000 identifies a day resets the token). RESUMEs do not pass through here.
/// </summary>
internal sealed class IdentifyGate(TimeProvider time, ILogger logger, TimeSpan? window = null)
{
    // Discord times the window from each IDENTIFY's arrival, we from its send: a tenth of the window as slack keeps
    // transport jitter from making two IDENTIFYs look closer together than we spaced them (op 9 d:false).
    private readonly TimeSpan _window = (window ?? TimeSpan.FromSeconds(5)) * 1.1;
    private readonly Queue<long> _recent = new();
    private readonly object _gate = new();
    private int _maxConcurrency = 1;
    private int? _remaining;
    private long _resetAt;

    public void Update(SessionStartLimit limit)
    {
        lock (_gate)
        {
            _maxConcurrency = Math.Max(1, limit.MaxConcurrency);
            _remaining = limit.Remaining;
            _resetAt = time.GetTimestamp() + (long)(limit.ResetAfter / 1000.0 * time.TimestampFrequency);
        }
    }

    public async Task WaitAsync(CancellationToken ct)
    {
        while (true)
        {
            TimeSpan wait;
            lock (_gate)
            {
                var now = time.GetTimestamp();
                if (_remaining is <= 0)
                {
                    if (now < _resetAt)
                    {
                        wait = TimeSpan.FromSeconds((double)(_resetAt - now) / time.TimestampFrequency);
                        logger.LogWarning("Daily IDENTIFY budget used up (session_start_limit.remaining = 0); waiting {Wait} before identifying", wait);
                        goto Wait;
                    }
                    _remaining = null; // the day rolled over; the next /gateway/bot tells the new figure
                }
                while (_recent.TryPeek(out var oldest) && time.GetElapsedTime(oldest, now) >= _window) _recent.Dequeue();
                if (_recent.Count < _maxConcurrency)
                {
                    _recent.Enqueue(now);
                    if (_remaining is { } r) _remaining = r - 1;
                    return;
                }
                wait = _window - time.GetElapsedTime(_recent.Peek(), now);
            }
        Wait:
            await Task.Delay(wait > TimeSpan.Zero ? wait : TimeSpan.FromMilliseconds(1), time, ct).ConfigureAwait(false);
        }
    }
}
