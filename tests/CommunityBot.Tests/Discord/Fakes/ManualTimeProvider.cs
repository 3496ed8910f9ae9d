namespace CommunityBot.Tests.Discord.Fakes;

/// <summary>
/// A clock that moves only when a test says so. Timers (and so <c>Task.Delay(…, timeProvider)</c>) fire
/// during <see cref="Advance"/>; every timer's due time is recorded so tests can assert on waits.
/// </summary>
internal sealed class ManualTimeProvider : TimeProvider
{
    private readonly object _gate = new();
    private readonly List<ManualTimer> _timers = [];
    private readonly List<TimeSpan> _dueTimes = [];
    private long _now = TimeSpan.FromHours(1).Ticks;

    public override long TimestampFrequency => TimeSpan.TicksPerSecond;
    public override long GetTimestamp() => Interlocked.Read(ref _now);
    public override DateTimeOffset GetUtcNow() => new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero) + TimeSpan.FromTicks(GetTimestamp());

    /// <summary>The due time of every timer created so far, in creation order.</summary>
    public IReadOnlyList<TimeSpan> DueTimes { get { lock (_gate) return _dueTimes.ToArray(); } }

    public int ActiveTimers { get { lock (_gate) return _timers.Count(t => t.DueAt is not null); } }

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var timer = new ManualTimer(this, callback, state);
        lock (_gate)
        {
            _timers.Add(timer);
            _dueTimes.Add(dueTime);
        }
        timer.Change(dueTime, period);
        return timer;
    }

    public void Advance(TimeSpan by)
    {
        var target = GetTimestamp() + by.Ticks;
        while (true)
        {
            ManualTimer? next;
            lock (_gate)
            {
                next = _timers.Where(t => t.DueAt is { } due && due <= target).MinBy(t => t.DueAt);
                if (next is null)
                {
                    Interlocked.Exchange(ref _now, target);
                    return;
                }
                Interlocked.Exchange(ref _now, Math.Max(_now, next.DueAt!.Value));
                next.DueAt = next.Period is { } p ? _now + p : null;
            }
            next.Fire();
        }
    }

    private sealed class ManualTimer(ManualTimeProvider owner, TimerCallback callback, object? state) : ITimer
    {
        public long? DueAt { get; set; }
        public long? Period { get; set; }

        public void Fire() => callback(state);

        public bool Change(TimeSpan dueTime, TimeSpan period)
        {
            lock (owner._gate)
            {
                DueAt = dueTime == Timeout.InfiniteTimeSpan ? null : owner.GetTimestamp() + dueTime.Ticks;
                Period = period == Timeout.InfiniteTimeSpan || period == TimeSpan.Zero ? null : period.Ticks;
            }
            return true;
        }

        public void Dispose()
        {
            lock (owner._gate)
            {
                DueAt = null;
                owner._timers.Remove(this);
            }
        }

        public ValueTask DisposeAsync()
        {
            Dispose();
            return ValueTask.CompletedTask;
        }
    }
}

internal static class Wait
{
    /// <summary>Polls a condition every few ms until it holds or the deadline passes (no fixed sleeps).</summary>
    public static async Task UntilAsync(Func<bool> condition, string what, TimeSpan? timeout = null, Action? eachRound = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(10));
        while (!condition())
        {
            if (DateTime.UtcNow > deadline) Assert.Fail($"Timed out waiting for: {what}");
            eachRound?.Invoke();
            await Task.Delay(5);
        }
    }

    public static async Task<T> WithTimeout<T>(this Task<T> task, string what, TimeSpan? timeout = null)
    {
        try { return await task.WaitAsync(timeout ?? TimeSpan.FromSeconds(10)); }
        catch (TimeoutException) { Assert.Fail($"Timed out waiting for: {what}"); throw; }
    }

    public static async Task WithTimeout(this Task task, string what, TimeSpan? timeout = null)
    {
        try { await task.WaitAsync(timeout ?? TimeSpan.FromSeconds(10)); }
        catch (TimeoutException) { Assert.Fail($"Timed out waiting for: {what}"); throw; }
    }
}
