using System.Net;
using System.Text.Json;
using CommunityBot.Discord.Json;

namespace CommunityBot.Discord.Rest;

/// <summary>
/// Puts <see cref="RestRateLimiter"/> inside the HTTP pipeline: waits for a slot, sends, feeds the
/// response headers back, and on a 429 waits the advertised time and re-sends (up to a few times).
/// Also owns the per-attempt timeout so time spent waiting for a bucket never counts against it.
/// </summary>
internal sealed class DiscordRateLimitHandler(RestRateLimiter limiter, TimeSpan attemptTimeout, int max429Retries = 3) : DelegatingHandler
{
    public static readonly HttpRequestOptionsKey<RestRoute> RouteOption = new("discord.route");

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken ct)
    {
        if (!request.Options.TryGetValue(RouteOption, out var route))
            throw new InvalidOperationException("Every Discord request must carry its RestRoute.");
        for (var attempt = 0; ; attempt++)
        {
            var lease = await limiter.AcquireAsync(route, ct).ConfigureAwait(false);
            HttpResponseMessage response;
            try
            {
                response = await SendWithTimeoutAsync(request, route, ct).ConfigureAwait(false);
            }
            catch
            {
                limiter.Abandon(lease);
                throw;
            }

            double? bodyRetryAfter = null;
            var bodyGlobal = false;
            if (response.StatusCode == HttpStatusCode.TooManyRequests)
                (bodyRetryAfter, bodyGlobal) = await ReadRetryAfterAsync(response, ct).ConfigureAwait(false);
            limiter.Complete(lease, response.StatusCode, RateLimitInfo.From(response.Headers, bodyRetryAfter, bodyGlobal));

            if (response.StatusCode != HttpStatusCode.TooManyRequests || attempt >= max429Retries)
                return response;
            response.Dispose(); // the limiter now blocks the bucket (or everything); AcquireAsync waits it out
        }
    }

    private async Task<HttpResponseMessage> SendWithTimeoutAsync(HttpRequestMessage request, RestRoute route, CancellationToken ct)
    {
        using var attemptCts = CancellationTokenSource.CreateLinkedTokenSource(ct);
        attemptCts.CancelAfter(attemptTimeout);
        try
        {
            var response = await base.SendAsync(request, attemptCts.Token).ConfigureAwait(false);
            await response.Content.LoadIntoBufferAsync(attemptCts.Token).ConfigureAwait(false);
            return response;
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            throw new TimeoutException($"Discord did not answer {route.TemplateKey} within {attemptTimeout.TotalSeconds:0.#}s.");
        }
    }

    private static async Task<(double?, bool)> ReadRetryAfterAsync(HttpResponseMessage response, CancellationToken ct)
    {
        try
        {
            var bytes = await response.Content.ReadAsByteArrayAsync(ct).ConfigureAwait(false);
            var body = JsonSerializer.Deserialize(bytes, DiscordJsonContext.Default.DiscordErrorBody);
            return (body?.RetryAfter, body?.Global ?? false);
        }
        catch (JsonException)
        {
            return (null, false); // Cloudflare's HTML 429: fall back to the headers
        }
    }
}
