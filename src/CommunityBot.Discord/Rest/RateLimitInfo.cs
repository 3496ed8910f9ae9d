using System.Globalization;
using System.Net.Http.Headers;

namespace CommunityBot.Discord.Rest;

/// <summary>The rate-limit facts of one response (RL § Header Format), parsed once.</summary>
internal readonly record struct RateLimitInfo(
    string? Bucket,
    int? Limit,
    int? Remaining,
    TimeSpan? ResetAfter,
    bool Global,
    string? Scope,
    TimeSpan? RetryAfter)
{
    public static RateLimitInfo None => default;

    public bool IsSharedScope => string.Equals(Scope, "shared", StringComparison.OrdinalIgnoreCase);
    public bool IsGlobalScope => Global || string.Equals(Scope, "global", StringComparison.OrdinalIgnoreCase);

    /// <summary>Reads the headers; a 429 body's <c>retry_after</c> (float seconds) wins over the <c>Retry-After</c> header.</summary>
    public static RateLimitInfo From(HttpResponseHeaders headers, double? bodyRetryAfterSeconds = null, bool bodyGlobal = false)
    {
        var retryAfter = bodyRetryAfterSeconds is { } body ? TimeSpan.FromSeconds(body)
            : Seconds(headers, "Retry-After") is { } header ? header : (TimeSpan?)null;
        return new RateLimitInfo(
            Header(headers, "X-RateLimit-Bucket"),
            Int(headers, "X-RateLimit-Limit"),
            Int(headers, "X-RateLimit-Remaining"),
            Seconds(headers, "X-RateLimit-Reset-After"),
            bodyGlobal || string.Equals(Header(headers, "X-RateLimit-Global"), "true", StringComparison.OrdinalIgnoreCase),
            Header(headers, "X-RateLimit-Scope"),
            retryAfter);
    }

    private static string? Header(HttpResponseHeaders headers, string name) =>
        headers.TryGetValues(name, out var values) ? values.FirstOrDefault() : null;

    private static int? Int(HttpResponseHeaders headers, string name) =>
        int.TryParse(Header(headers, name), NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) ? value : null;

    private static TimeSpan? Seconds(HttpResponseHeaders headers, string name) =>
        double.TryParse(Header(headers, name), NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && value >= 0
            ? TimeSpan.FromSeconds(value) : null;
}
