using System.Net;
using Polly;
using Polly.Retry;

namespace CommunityBot.Discord.Rest;

/// <summary>
/// Polly retries for failures that say nothing about the request itself: network errors, attempt
/// timeouts and 500/502/503/504. Only ever applied to idempotent routes (see <see cref="RestRoute.IsIdempotent"/>);
/// 4xx answers are final and 429s are handled by the rate limiter, not here.
/// </summary>
internal static class TransientRetry
{
    public static bool IsTransient(HttpStatusCode status) =>
        status is HttpStatusCode.InternalServerError or HttpStatusCode.BadGateway
            or HttpStatusCode.ServiceUnavailable or HttpStatusCode.GatewayTimeout;

    public static ResiliencePipeline<HttpResponseMessage> Create(TimeProvider time, int maxRetries, TimeSpan baseDelay) =>
        new ResiliencePipelineBuilder<HttpResponseMessage> { TimeProvider = time }
            .AddRetry(new RetryStrategyOptions<HttpResponseMessage>
            {
                MaxRetryAttempts = maxRetries,
                Delay = baseDelay,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                ShouldHandle = new PredicateBuilder<HttpResponseMessage>()
                    .Handle<HttpRequestException>()
                    .Handle<TimeoutException>()
                    .HandleResult(response => IsTransient(response.StatusCode)),
                OnRetry = args =>
                {
                    args.Outcome.Result?.Dispose();
                    return default;
                },
            })
            .Build();
}
