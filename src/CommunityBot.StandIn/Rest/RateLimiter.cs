using System.Security.Cryptography;
using System.Text;

namespace CommunityBot.StandIn.Rest;

/// <summary>What the limiter decided for one request, and the headers that describe its bucket (RL § Header Format).</summary>
internal sealed record RateDecision(string Bucket, int Limit, int Remaining, double ResetAfter, DateTimeOffset ResetAt)
{
    public bool Limited { get; init; }
    public bool Global { get; init; }
    public string Scope { get; init; } = "user";
    public double RetryAfter { get; init; }
}

/// <summary>
/// Discord's rate-limit model: per-route buckets (some routes share one) counted per major parameter, plus a global
/// per-second budget that interaction and webhook-token routes do not use. Early retries after a 429 count as exceeded.
/// </summary>
internal sealed class RateLimiter(StandInOptions options)
{
    private readonly object _lock = new();
    private readonly Dictionary<string, Window> _windows = new();
    private DateTimeOffset _globalStart;
    private int _globalCount;
    private DateTimeOffset _globalBlockedUntil;

    private sealed class Window
    {
        public int Count;
        public DateTimeOffset ResetAt;
        public DateTimeOffset BlockedUntil;
        public string BlockScope = "user";
    }

    /// <summary>Counts the request. <paramref name="exceeded"/> is set when the client sent it despite a known limit.</summary>
    public RateDecision Check(string method, string template, IReadOnlyDictionary<string, string> parameters, bool globalBudget,
        StandInFaults.PendingRateLimit? injected, out bool exceeded)
    {
        var group = BucketGroup(method, template);
        var bucket = BucketHash(group);
        var key = bucket + ":" + MajorParameter(parameters);
        var (limit, window) = LimitFor(method, template);
        var now = DateTimeOffset.UtcNow;
        exceeded = false;
        lock (_lock)
        {
            if (!_windows.TryGetValue(key, out var w) || now >= w.ResetAt)
            {
                var blocked = w?.BlockedUntil ?? default;
                var scope = w?.BlockScope ?? "user";
                w = new Window { ResetAt = now + window, BlockedUntil = blocked, BlockScope = scope };
                _windows[key] = w;
            }
            RateDecision Headers(int remaining) =>
                new(bucket, limit, Math.Max(0, remaining), Math.Max(0, (w.ResetAt - now).TotalSeconds), w.ResetAt);

            if (injected is not null)
            {
                var until = now + TimeSpan.FromSeconds(injected.RetryAfterSeconds);
                if (injected.Global) _globalBlockedUntil = until;
                else { w.BlockedUntil = until; w.BlockScope = injected.Scope; }
                return Headers(0) with { Limited = true, Global = injected.Global, Scope = injected.Scope, RetryAfter = injected.RetryAfterSeconds };
            }
            if (globalBudget && _globalBlockedUntil > now)
            {
                exceeded = true;
                return Headers(limit - w.Count) with { Limited = true, Global = true, Scope = "global", RetryAfter = (_globalBlockedUntil - now).TotalSeconds };
            }
            if (w.BlockedUntil > now)
            {
                exceeded = true;
                return Headers(0) with { Limited = true, Scope = w.BlockScope, RetryAfter = (w.BlockedUntil - now).TotalSeconds };
            }
            if (w.Count >= limit)
            {
                exceeded = true;
                return Headers(0) with { Limited = true, RetryAfter = (w.ResetAt - now).TotalSeconds };
            }
            if (globalBudget)
            {
                if (now - _globalStart >= TimeSpan.FromSeconds(1)) { _globalStart = now; _globalCount = 0; }
                if (_globalCount >= options.GlobalRequestsPerSecond)
                {
                    exceeded = true;
                    return Headers(limit - w.Count) with
                    {
                        Limited = true, Global = true, Scope = "global",
                        RetryAfter = Math.Max(0.001, (_globalStart + TimeSpan.FromSeconds(1) - now).TotalSeconds),
                    };
                }
                _globalCount++;
            }
            w.Count++;
            return Headers(limit - w.Count);
        }
    }

    private (int Limit, TimeSpan Window) LimitFor(string method, string template)
    {
        if (options.BucketLimits.TryGetValue($"{method} {template}", out var specific)) return specific;
        if (options.BucketLimits.TryGetValue(template, out var any)) return any;
        return (options.DefaultBucketLimit, options.DefaultBucketWindow);
    }

    /// <summary>Routes Discord puts in one bucket: a message's reaction routes share one.</summary>
    private static string BucketGroup(string method, string template) =>
        template.Contains("/reactions/", StringComparison.Ordinal) ? "reactions" : method + " " + template;

    private static string BucketHash(string group) =>
        Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(group)))[..16].ToLowerInvariant();

    /// <summary>RL: limits are counted per major parameter (channel, guild, webhook id + token).</summary>
    private static string MajorParameter(IReadOnlyDictionary<string, string> p)
    {
        if (p.TryGetValue("channel_id", out var channel)) return "c" + channel;
        if (p.TryGetValue("guild_id", out var guild)) return "g" + guild;
        if (p.TryGetValue("webhook_id", out var webhook))
            return "w" + webhook + (p.TryGetValue("webhook_token", out var token) ? ":" + token : "");
        if (p.TryGetValue("interaction_id", out var interaction)) return "i" + interaction;
        return "";
    }
}
