using System.Net;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace CommunityBot.Discord.Rest;

/// <summary>
/// Discord's REST rate limits as a small state machine (checklist §6.2): waits *before* sending rather
/// than failing after. Pure apart from the injected <see cref="TimeProvider"/>, so tests drive it with a
/// fake clock and scripted headers.
/// <list type="bullet">
/// <item>Route key = method + template + major parameter; an unknown route has one request in flight
/// until a response names its bucket (<c>X-RateLimit-Bucket</c>); routes naming the same bucket share it.</item>
/// <item>Remaining/reset are tracked on the monotonic clock and decremented locally before each send;
/// a stale header (out-of-order response) never raises the local count within a window.</item>
/// <item>A pre-emptive global budget (50 in any sliding second: Discord's window is not aligned with ours, and a
/// fixed window of our own could put 50 at the end of one second and 50 at the start of the next, which Discord
/// may count in one) for everything except webhook-token routes.</item>
/// <item>When a window ends locally, requests still in flight count against the next one: Discord may have counted
/// them there (our reset time is later than Discord's, by the response's travel time).</item>
/// <item>Exhausted buckets and global blocks survive a restart through <see cref="RateLimitMemory"/> when a path is given.</item>
/// <item>429: block the bucket, or everything when global, for the body's <c>retry_after</c>.</item>
/// <item>401/403/429 (except <c>shared</c> 429s) are counted in a sliding 10-minute window; a 401 opens a
/// circuit: the token is dead and every further call fails fast.</item>
/// </list>
/// </summary>
internal sealed class RestRateLimiter
{
    public const int InvalidRequestBanThreshold = 10_000;
    private static readonly TimeSpan InvalidWindow = TimeSpan.FromMinutes(10);
    private static readonly TimeSpan SameWindowTolerance = TimeSpan.FromMilliseconds(250);
    private static readonly int[] WarningThresholds = [500, 1_000, 2_500, 5_000, 7_500, 9_000];

    private readonly TimeProvider _time;
    private readonly ILogger _log;
    private readonly int _globalPerSecond;
    private readonly TimeSpan _idleEviction;
    private readonly object _gate = new();
    private readonly Dictionary<string, string> _bucketHashByTemplate = new();
    private readonly Dictionary<string, Bucket> _buckets = new();
    private readonly Queue<long> _invalidRequests = new();
    private TaskCompletionSource _changed = NewSignal();
    private readonly Queue<long> _globalSends = new();
    private readonly RateLimitMemory? _memory;
    private long _memoryVersion;
    private long _globalBlockedUntil;
    private long _lastSweep;
    private bool _tokenRejected;

    public RestRateLimiter(TimeProvider? time = null, ILogger? logger = null, int globalPerSecond = 50, TimeSpan? idleEviction = null,
        string? memoryPath = null)
    {
        _time = time ?? TimeProvider.System;
        _log = logger ?? NullLogger.Instance;
        _globalPerSecond = globalPerSecond;
        _idleEviction = idleEviction ?? TimeSpan.FromMinutes(1);
        _lastSweep = _time.GetTimestamp();
        if (memoryPath is not null)
        {
            _memory = new RateLimitMemory(memoryPath, _time, _log);
            Restore(_memory.Load());
        }
    }

    /// <summary>Re-creates what the previous process knew was exhausted, each until its recorded end.</summary>
    private void Restore(RateLimitMemory.Snapshot? snapshot)
    {
        if (snapshot is null) return;
        var now = _time.GetTimestamp();
        var wallNow = _time.GetUtcNow();
        long Deadline(DateTimeOffset until) => now + (long)((until - wallNow).TotalSeconds * _time.TimestampFrequency);
        if (snapshot.GlobalBlockedUntil is { } global) _globalBlockedUntil = Deadline(global);
        foreach (var state in snapshot.Buckets)
        {
            foreach (var template in state.Templates) _bucketHashByTemplate[template] = state.Hash;
            var bucket = GetOrCreate($"{state.Hash}|{state.MajorParameter}", now, known: true);
            bucket.Limit = Math.Max(1, state.Limit);
            bucket.Remaining = 0;
            bucket.ResetAt = Deadline(state.Until);
        }
        if (snapshot.Buckets.Count > 0 || snapshot.GlobalBlockedUntil is not null)
            _log.LogInformation("Rate limits from before the restart: {Count} bucket(s) exhausted, global block {Global}; waiting them out",
                snapshot.Buckets.Count, snapshot.GlobalBlockedUntil?.ToString("O") ?? "none");
    }

    /// <summary>401/403/429 responses in the last 10 minutes (Discord bans the IP at 10,000).</summary>
    public int InvalidRequestCount
    {
        get { lock (_gate) { TrimInvalid(_time.GetTimestamp()); return _invalidRequests.Count; } }
    }

    /// <summary>True after a 401: the token no longer works and calls fail without reaching Discord.</summary>
    public bool IsTokenRejected { get { lock (_gate) return _tokenRejected; } }

    public int BucketCount { get { lock (_gate) return _buckets.Count; } }

    /// <summary>The bucket hash learned for a route, if any (for tests and diagnostics).</summary>
    public string? LearnedBucket(RestRoute route) { lock (_gate) return _bucketHashByTemplate.GetValueOrDefault(route.TemplateKey); }

    /// <summary>Waits until the route's bucket and the global budget allow one more request, and takes it.</summary>
    public async ValueTask<RateLimitLease> AcquireAsync(RestRoute route, CancellationToken ct)
    {
        while (true)
        {
            TimeSpan wait;
            Task changed;
            lock (_gate)
            {
                if (_tokenRejected)
                    throw new DiscordRestException(HttpStatusCode.Unauthorized, 0,
                        "An earlier call was answered 401: the bot token is invalid, REST calls are stopped.", null, route.TemplateKey);
                var now = _time.GetTimestamp();
                SweepIdle(now);
                var bucket = Resolve(route, now);
                if (TryTake(bucket, route, now, out wait))
                    return new RateLimitLease(route, bucket);
                changed = _changed.Task;
            }
            // Either a deadline is known (reset, retry_after, global window) or we wait for an in-flight
            // request to report its headers; the fallback delay guards against a lost signal.
            var delay = wait > TimeSpan.Zero ? wait : TimeSpan.FromSeconds(5);
            using var cts = CancellationTokenSource.CreateLinkedTokenSource(ct);
            var timer = Task.Delay(delay, _time, cts.Token);
            await Task.WhenAny(timer, changed.WaitAsync(ct)).ConfigureAwait(false);
            cts.Cancel();
            ct.ThrowIfCancellationRequested();
        }
    }

    private bool TryTake(Bucket bucket, RestRoute route, long now, out TimeSpan wait)
    {
        wait = TimeSpan.Zero;
        if (_globalBlockedUntil > now && !route.UsesWebhookToken)
        {
            wait = Until(now, _globalBlockedUntil);
            return false;
        }
        if (bucket.BlockedUntil > now)
        {
            wait = Until(now, bucket.BlockedUntil);
            return false;
        }
        if (!bucket.Known)
        {
            if (bucket.InFlight > 0) return false; // learn the bucket from the first response first
        }
        else if (!bucket.Unlimited)
        {
            if (bucket.ResetAt != 0 && bucket.ResetAt <= now)
            {
                // The window is over; the next response tells us the new one. What is still in flight was sent in the
                // old window by our clock but may reach Discord in the new one, so it counts there.
                bucket.Remaining = Math.Max(0, bucket.Limit - bucket.InFlight);
                bucket.ResetAt = 0;
            }
            if (bucket.Remaining <= 0 && bucket.ResetAt == 0 && bucket.InFlight == 0)
                bucket.Remaining = bucket.Limit; // the responses carried no window (e.g. proxy errors): start afresh
            if (bucket.Remaining <= 0)
            {
                if (bucket.ResetAt != 0) wait = Until(now, bucket.ResetAt);
                return false;
            }
        }
        if (!route.UsesWebhookToken && !TakeGlobal(now, out wait)) return false;
        if (bucket.Known && !bucket.Unlimited) bucket.Remaining--;
        bucket.InFlight++;
        bucket.LastUsed = now;
        return true;
    }

    private bool TakeGlobal(long now, out TimeSpan wait)
    {
        wait = TimeSpan.Zero;
        while (_globalSends.TryPeek(out var oldest) && _time.GetElapsedTime(oldest, now) >= TimeSpan.FromSeconds(1))
            _globalSends.Dequeue();
        if (_globalSends.Count >= _globalPerSecond)
        {
            wait = TimeSpan.FromSeconds(1) - _time.GetElapsedTime(_globalSends.Peek(), now);
            return false;
        }
        _globalSends.Enqueue(now);
        return true;
    }

    /// <summary>The request ended without a response (network error, timeout, cancellation).</summary>
    public void Abandon(RateLimitLease lease)
    {
        lock (_gate)
        {
            lease.Bucket.InFlight = Math.Max(0, lease.Bucket.InFlight - 1);
            Signal();
        }
    }

    /// <summary>Records a response. For a 429 returns how long the route (or everything) is now blocked.</summary>
    public TimeSpan Complete(RateLimitLease lease, HttpStatusCode status, RateLimitInfo info)
    {
        (long Version, RateLimitMemory.Snapshot Snapshot)? remember = null;
        var blocked = CompleteLocked(lease, status, info, ref remember);
        if (remember is { } r) _memory!.Save(r.Version, r.Snapshot); // outside the gate: a file write must not hold up other routes
        return blocked;
    }

    private TimeSpan CompleteLocked(RateLimitLease lease, HttpStatusCode status, RateLimitInfo info, ref (long, RateLimitMemory.Snapshot)? remember)
    {
        lock (_gate)
        {
            var now = _time.GetTimestamp();
            var bucket = lease.Bucket;
            bucket.InFlight = Math.Max(0, bucket.InFlight - 1);
            bucket.LastUsed = now;

            if (info.Bucket is { Length: > 0 } hash)
            {
                _bucketHashByTemplate[lease.Route.TemplateKey] = hash;
                var target = GetOrCreate($"{hash}|{lease.Route.MajorParameter}", now);
                if (!ReferenceEquals(target, bucket) && !bucket.Known && bucket.InFlight == 0)
                    _buckets.Remove(bucket.Key); // the placeholder for the unknown route is no longer needed
                bucket = target;
                ApplyHeaders(bucket, info, now);
            }
            else if (!bucket.Known && (int)status < 400)
            {
                bucket.Known = true; // no headers on a success: this route has no per-route limit
                bucket.Unlimited = true;
            }

            var blockedFor = TimeSpan.Zero;
            if (status == HttpStatusCode.TooManyRequests)
            {
                blockedFor = info.RetryAfter ?? info.ResetAfter ?? TimeSpan.FromSeconds(1);
                var until = now + (long)(blockedFor.TotalSeconds * _time.TimestampFrequency);
                if (info.IsGlobalScope) _globalBlockedUntil = Math.Max(_globalBlockedUntil, until);
                else
                {
                    bucket.BlockedUntil = Math.Max(bucket.BlockedUntil, until);
                    bucket.Remaining = 0;
                }
                _log.LogWarning("Discord rate limit hit (429) on {Route}, bucket {Bucket}, scope {Scope}; waiting {RetryAfter:0.###}s",
                    lease.Route.TemplateKey, info.Bucket ?? "(unknown)", info.Scope ?? (info.Global ? "global" : "user"), blockedFor.TotalSeconds);
                if (!info.IsSharedScope) CountInvalid(now);
            }
            else if (status is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden)
            {
                CountInvalid(now);
                if (status == HttpStatusCode.Unauthorized && !_tokenRejected)
                {
                    _tokenRejected = true;
                    _log.LogCritical("Discord answered 401 on {Route}: the bot token is invalid. Further REST calls are stopped; check Discord__Token.",
                        lease.Route.TemplateKey);
                }
            }
            if (_memory is not null && (status == HttpStatusCode.TooManyRequests || (bucket.Known && !bucket.Unlimited && bucket.Remaining == 0 && bucket.ResetAt > now)))
                remember = (++_memoryVersion, Snapshot(now));
            Signal();
            return blockedFor;
        }
    }

    /// <summary>Everything exhausted or blocked now, with wall-clock ends (under the gate).</summary>
    private RateLimitMemory.Snapshot Snapshot(long now)
    {
        var wallNow = _time.GetUtcNow();
        DateTimeOffset Wall(long deadline) => wallNow + Until(now, deadline);
        var templatesByHash = _bucketHashByTemplate.GroupBy(p => p.Value).ToDictionary(g => g.Key, g => g.Select(p => p.Key).ToArray());
        var buckets = new List<RateLimitMemory.BucketState>();
        foreach (var bucket in _buckets.Values)
        {
            var until = Math.Max(bucket.BlockedUntil, bucket.Remaining == 0 ? bucket.ResetAt : 0);
            if (!bucket.Known || bucket.Unlimited || until <= now || bucket.Key.StartsWith('?')) continue;
            var separator = bucket.Key.IndexOf('|');
            var hash = bucket.Key[..separator];
            buckets.Add(new RateLimitMemory.BucketState(hash, bucket.Key[(separator + 1)..], templatesByHash.GetValueOrDefault(hash) ?? [], bucket.Limit, Wall(until)));
        }
        return new RateLimitMemory.Snapshot(_globalBlockedUntil > now ? Wall(_globalBlockedUntil) : null, buckets);
    }

    private void ApplyHeaders(Bucket bucket, RateLimitInfo info, long now)
    {
        if (info.Limit is { } limit) bucket.Limit = limit;
        if (info.Remaining is not { } remaining || info.ResetAfter is not { } resetAfter)
        {
            if (!bucket.Known) { bucket.Known = true; bucket.Remaining = Math.Max(0, bucket.Limit - bucket.InFlight); }
            return;
        }
        var resetAt = now + (long)(resetAfter.TotalSeconds * _time.TimestampFrequency);
        var tolerance = (long)(SameWindowTolerance.TotalSeconds * _time.TimestampFrequency);
        var newWindow = !bucket.Known || bucket.Unlimited || bucket.ResetAt == 0 || bucket.ResetAt <= now || resetAt > bucket.ResetAt + tolerance;
        if (newWindow)
        {
            // Requests still in flight were counted locally but may not be in this header yet.
            bucket.Remaining = Math.Max(0, remaining - bucket.InFlight);
            bucket.ResetAt = resetAt;
        }
        else
        {
            // Same window: an out-of-order (older) response must not hand back slots we already used.
            bucket.Remaining = Math.Min(bucket.Remaining, remaining);
        }
        bucket.Known = true;
        bucket.Unlimited = false;
    }

    private Bucket Resolve(RestRoute route, long now) =>
        _bucketHashByTemplate.TryGetValue(route.TemplateKey, out var hash)
            ? GetOrCreate($"{hash}|{route.MajorParameter}", now, known: false)
            : GetOrCreate("?" + route.Key, now);

    private Bucket GetOrCreate(string key, long now, bool known = false)
    {
        if (!_buckets.TryGetValue(key, out var bucket))
        {
            bucket = new Bucket(key) { Known = known, LastUsed = now };
            _buckets[key] = bucket;
        }
        return bucket;
    }

    private void CountInvalid(long now)
    {
        _invalidRequests.Enqueue(now);
        TrimInvalid(now);
        var count = _invalidRequests.Count;
        if (Array.IndexOf(WarningThresholds, count) >= 0)
            _log.LogWarning("{Count} invalid Discord requests (401/403/429) in the last 10 minutes; Discord bans the IP at {Limit}",
                count, InvalidRequestBanThreshold);
    }

    private void TrimInvalid(long now)
    {
        while (_invalidRequests.TryPeek(out var oldest) && _time.GetElapsedTime(oldest, now) > InvalidWindow)
            _invalidRequests.Dequeue();
    }

    private void SweepIdle(long now)
    {
        if (_time.GetElapsedTime(_lastSweep, now) < _idleEviction / 2) return;
        _lastSweep = now;
        foreach (var (key, bucket) in _buckets.ToArray())
        {
            if (bucket.InFlight == 0 && bucket.BlockedUntil <= now && bucket.ResetAt <= now
                && _time.GetElapsedTime(bucket.LastUsed, now) > _idleEviction)
                _buckets.Remove(key);
        }
    }

    private TimeSpan Until(long now, long deadline) =>
        TimeSpan.FromSeconds((double)(deadline - now) / _time.TimestampFrequency);

    private void Signal()
    {
        var previous = _changed;
        _changed = NewSignal();
        previous.TrySetResult();
    }

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    internal sealed class Bucket(string key)
    {
        public string Key { get; } = key;
        public bool Known { get; set; }
        public bool Unlimited { get; set; }
        public int Limit { get; set; } = 1;
        public int Remaining { get; set; }
        public long ResetAt { get; set; }
        public long BlockedUntil { get; set; }
        public int InFlight { get; set; }
        public long LastUsed { get; set; }
    }
}

internal sealed record RateLimitLease(RestRoute Route, RestRateLimiter.Bucket Bucket);
