using System.Net;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using CommunityBot.Discord.Json;
using CommunityBot.Discord.Json.Wire;
using CommunityBot.Discord.Models;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Polly;

namespace CommunityBot.Discord.Rest;

/// <summary>
/// <see cref="IDiscordRestClient"/> on <see cref="HttpClient"/>: every call goes through the rate limiter
/// (<see cref="DiscordRateLimitHandler"/>), idempotent calls through Polly's transient retry, and any
/// non-success answer becomes a <see cref="DiscordRestException"/>. The token is only ever written into the
/// Authorization header: routes are logged and reported by template, never with ids or tokens.
/// </summary>
public sealed partial class DiscordRestClient : IDiscordRestClient, IDisposable
{
    private readonly HttpClient _http;
    private readonly RestRateLimiter _limiter;
    private readonly DiscordClientOptions _options;
    private readonly ILogger _log;
    private readonly string _baseUrl;
    private readonly string _authorization;
    private readonly ResiliencePipeline<HttpResponseMessage> _retry;
    private readonly DmChannelCache _dmChannels;
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, byte> _unreadableRoutes = new();

    public DiscordRestClient(IOptions<DiscordClientOptions> options, ILogger<DiscordRestClient> logger)
        : this(options.Value, logger, new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5) },
            TimeProvider.System, TimeSpan.FromMilliseconds(500))
    {
    }

    internal DiscordRestClient(DiscordClientOptions options, ILogger logger, HttpMessageHandler transport, TimeProvider time, TimeSpan retryBaseDelay)
    {
        _options = options;
        _log = logger;
        _baseUrl = options.ApiBaseUrl.TrimEnd('/');
        _authorization = "Bot " + options.Token;
        _limiter = new RestRateLimiter(time, logger,
            memoryPath: string.IsNullOrWhiteSpace(options.RateLimitMemoryPath) ? null : options.RateLimitMemoryPath);
        _http = new HttpClient(new DiscordRateLimitHandler(_limiter, options.RequestTimeout) { InnerHandler = transport })
        {
            Timeout = Timeout.InfiniteTimeSpan, // per-attempt timeouts live in the handler, after the rate-limit wait
        };
        _retry = TransientRetry.Create(time, maxRetries: 3, retryBaseDelay);
        _dmChannels = new DmChannelCache(options.DmChannelCacheSize);
    }

    /// <summary>401/403/429 answers in the last 10 minutes; Discord bans the IP at 10,000.</summary>
    public int InvalidRequestCount => _limiter.InvalidRequestCount;

    /// <summary>True after a 401: the circuit is open and calls fail without reaching Discord.</summary>
    public bool IsTokenRejected => _limiter.IsTokenRejected;

    internal RestRateLimiter RateLimiter => _limiter;

    public void Dispose() => _http.Dispose();

    // ---- plumbing -------------------------------------------------------------------------------

    private static string Id(ulong id) => id.ToString(System.Globalization.CultureInfo.InvariantCulture);

    private static RestRoute ChannelRoute(HttpMethod method, string template, ulong channelId) => new(method, template, "channel:" + Id(channelId));
    private static RestRoute GuildRoute(HttpMethod method, string template, ulong guildId) => new(method, template, "guild:" + Id(guildId));

    /// <summary>Webhook-token routes: keyed by application id + token (kept as a hash so keys never hold the token).</summary>
    private static RestRoute WebhookRoute(HttpMethod method, string template, ulong applicationId, string token) =>
        new(method, template, $"webhook:{Id(applicationId)}:{token.GetHashCode():x8}", UsesWebhookToken: true);

    private static RequestBody JsonBody<T>(T value, JsonTypeInfo<T> typeInfo) =>
        RequestBody.Json(JsonSerializer.SerializeToUtf8Bytes(value, typeInfo));

    private static RequestBody Body<T>(T value, JsonTypeInfo<T> typeInfo, IReadOnlyList<FileUpload>? files) =>
        files is { Count: > 0 }
            ? RequestBody.Multipart(JsonSerializer.SerializeToUtf8Bytes(value, typeInfo), files)
            : JsonBody(value, typeInfo);

    private static AttachmentUpload[]? AttachmentsFor(IReadOnlyList<FileUpload>? files, AttachmentUpload[]? given) =>
        given ?? (files is { Count: > 0 }
            ? files.Select((file, i) => new AttachmentUpload { Id = (ulong)i, Filename = file.FileName }).ToArray()
            : null);

    private async Task<T> SendAsync<T>(RestRoute route, string path, RequestBody? body, JsonTypeInfo<T> resultType, string? auditReason, CancellationToken ct)
    {
        using var response = await SendAsync(route, path, body, auditReason, ct).ConfigureAwait(false);
        var bytes = await response.Content.ReadAsByteArrayAsync(ct).ConfigureAwait(false);
        try
        {
            return JsonSerializer.Deserialize(bytes, resultType)
                ?? throw new DiscordRestException(response.StatusCode, 0, "Empty response body", null, route.TemplateKey);
        }
        catch (Exception e) when (IsDecodeFailure(e))
        {
            throw Unreadable(route, response.StatusCode, e);
        }
    }

    private static bool IsDecodeFailure(Exception e) => e is JsonException or InvalidOperationException or FormatException or OverflowException;

    /// <summary>
    /// Discord did what was asked (2xx) but its answer could not be read: the caller learns it succeeded (and gets no
    /// result), and the log says so once per route, not on every call.
    /// </summary>
    private DiscordUnreadableAnswerException Unreadable(RestRoute route, HttpStatusCode status, Exception e)
    {
        if (_unreadableRoutes.TryAdd(route.TemplateKey, 0))
            _log.LogWarning("Discord answered {Status} on {Route} but the answer could not be read ({Error}); the call succeeded, its result is not available",
                (int)status, route.TemplateKey, e.Message);
        return new DiscordUnreadableAnswerException(route.TemplateKey, status, e);
    }

    private void LogSkippedFields(RestRoute route)
    {
        while (WireTolerance.TryTakeNew(out var skipped)) _log.LogWarning("In Discord's answer on {Route}: {Problem}", route.TemplateKey, skipped);
    }

    /// <summary>
    /// For the models the gateway reads by hand (messages, members, channels): the same reader here, so a field
    /// Discord leaves out gets the model's declared default on both paths (see <see cref="WireReader"/>).
    /// </summary>
    private async Task<T> SendAsync<T>(RestRoute route, string path, RequestBody? body, ValueReader<T> read, string? auditReason, CancellationToken ct)
    {
        using var response = await SendAsync(route, path, body, auditReason, ct).ConfigureAwait(false);
        var bytes = await response.Content.ReadAsByteArrayAsync(ct).ConfigureAwait(false);
        try
        {
            var reader = new Utf8JsonReader(bytes);
            if (!reader.Read()) throw new DiscordRestException(response.StatusCode, 0, "Empty response body", null, route.TemplateKey);
            return read(ref reader);
        }
        catch (Exception e) when (IsDecodeFailure(e))
        {
            throw Unreadable(route, response.StatusCode, e);
        }
        finally
        {
            LogSkippedFields(route);
        }
    }

    private async Task<HttpResponseMessage> SendAsync(RestRoute route, string path, RequestBody? body, string? auditReason, CancellationToken ct)
    {
        var uri = new Uri(_baseUrl + path, UriKind.Absolute);
        var pipeline = route.IsIdempotent ? _retry : ResiliencePipeline<HttpResponseMessage>.Empty;
        var response = await pipeline.ExecuteAsync(async token =>
        {
            using var request = new HttpRequestMessage(route.Method, uri);
            request.Options.Set(DiscordRateLimitHandler.RouteOption, route);
            request.Headers.TryAddWithoutValidation("User-Agent", _options.UserAgent);
            if (!route.UsesWebhookToken) request.Headers.TryAddWithoutValidation("Authorization", _authorization);
            if (AuditLogReason.Encode(auditReason) is { } reason) request.Headers.TryAddWithoutValidation("X-Audit-Log-Reason", reason);
            request.Content = body?.CreateContent();
            return await _http.SendAsync(request, HttpCompletionOption.ResponseContentRead, token).ConfigureAwait(false);
        }, ct).ConfigureAwait(false);

        if (response.IsSuccessStatusCode) return response;
        using (response)
            throw await ToExceptionAsync(response, route, ct).ConfigureAwait(false);
    }

    private async Task<DiscordRestException> ToExceptionAsync(HttpResponseMessage response, RestRoute route, CancellationToken ct)
    {
        var bytes = await response.Content.ReadAsByteArrayAsync(ct).ConfigureAwait(false);
        DiscordErrorBody? error = null;
        try
        {
            if (bytes.Length > 0) error = JsonSerializer.Deserialize(bytes, DiscordJsonContext.Default.DiscordErrorBody);
        }
        catch (JsonException)
        {
            // Not Discord's JSON (a proxy's HTML page): keep status + reason phrase.
        }
        var exception = new DiscordRestException(response.StatusCode, error?.Code ?? 0,
            error?.Message ?? response.ReasonPhrase ?? response.StatusCode.ToString(), error?.Errors?.GetRawText(), route.TemplateKey);
        _log.LogDebug("Discord answered {Status} {Code} on {Route}", (int)response.StatusCode, exception.Code, route.TemplateKey);
        if (exception.Code == DiscordRestException.UnknownChannel && route.ChannelId is { } channelId) _dmChannels.ForgetChannel(channelId);
        return exception;
    }
}

/// <summary>AL § Audit Log Entry Object: the reason travels URL-encoded in a header, at most 512 characters.</summary>
internal static class AuditLogReason
{
    public const int MaxLength = 512;

    public static string? Encode(string? reason)
    {
        if (string.IsNullOrWhiteSpace(reason)) return null;
        var trimmed = reason.Trim();
        if (trimmed.Length > MaxLength) trimmed = trimmed[..MaxLength];
        return Uri.EscapeDataString(trimmed);
    }
}
