using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using CommunityBot.StandIn.Spec;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace CommunityBot.StandIn.Rest;

/// <summary>
/// Every REST request passes here: parse (JSON or multipart), match a route, check it against the OpenAPI spec,
/// authenticate, rate-limit, apply injected faults, run the handler under the state lock, answer with Discord's
/// headers, and record it.
/// </summary>
internal sealed partial class RestPipeline
{
    private const string Prefix = "/api/v10";
    private readonly StandInCore _core;
    private readonly RouteTable<RouteDefinition> _routes = new();
    private readonly RateLimiter _limiter;
    private readonly Task<OpenApiSpec>? _spec;

    public RestPipeline(StandInCore core, Task<OpenApiSpec>? spec)
    {
        _core = core;
        _spec = spec;
        _limiter = new RateLimiter(core.Options);
        Routes.GatewayRoutes.Map(_routes);
        Routes.MessageRoutes.Map(_routes);
        Routes.ReactionRoutes.Map(_routes);
        Routes.GuildRoutes.Map(_routes);
        Routes.MemberRoutes.Map(_routes);
        Routes.EventRoutes.Map(_routes);
        Routes.CommandRoutes.Map(_routes);
        Routes.InteractionRoutes.Map(_routes);
    }

    [GeneratedRegex(@"^DiscordBot \([^,()]+, [^()]+\)", RegexOptions.NonBacktracking)]
    private static partial Regex UserAgentShape();

    public async Task HandleAsync(HttpContext http)
    {
        var method = http.Request.Method.ToUpperInvariant();
        var rawPath = RawPath(http);
        var headers = http.Request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase);
        var auditReason = headers.TryGetValue("X-Audit-Log-Reason", out var reason) ? Uri.UnescapeDataString(reason) : null;
        var userAgent = headers.GetValueOrDefault("User-Agent");
        var hasAuth = headers.ContainsKey("Authorization");

        string? bodyText = null;
        var files = new List<UploadedFile>();
        RestResult result;
        string? template = null;
        var responseHeaders = new Dictionary<string, string>();
        try
        {
            (bodyText, files) = await ReadBodyAsync(http);
            if (!rawPath.StartsWith(Prefix + "/", StringComparison.Ordinal))
            {
                _core.ProtocolViolations.Enqueue($"rest: {method} {rawPath} is outside {Prefix} (always send the API version)");
                throw new RestError(404, 0, "404: Not Found");
            }
            var path = rawPath[Prefix.Length..];
            await CheckSpecAsync(method, path, http.Request.Query.Keys, bodyText);
            if (!_routes.TryMatch(method, path, out var match))
                throw _routes.PathExists(path) ? new RestError(405, 0, "405: Method Not Allowed") : new RestError(404, 0, "404: Not Found");
            template = match.Template;
            var route = match.Value;

            if (route.BotAuth && headers.GetValueOrDefault("Authorization") != "Bot " + _core.Options.Token)
                throw new RestError(401, 0, "401: Unauthorized");
            if (userAgent is null || !UserAgentShape().IsMatch(userAgent))
                _core.ProtocolViolations.Enqueue($"rest: User-Agent '{userAgent}' is not 'DiscordBot (url, version)'");

            var decision = _limiter.Check(method, template, match.Parameters, route.GlobalBudget,
                _core.Faults.TakeRateLimit(method, template), out var exceeded);
            AddRateLimitHeaders(responseHeaders, decision);
            if (exceeded) Interlocked.Increment(ref _core.RateLimitExceededCount);
            if (decision.Limited)
            {
                result = RateLimited(responseHeaders, decision);
            }
            else
            {
                var failure = _core.Faults.TakeFailure(method, template);
                if (failure is { Refusal: { } refusal })
                    throw new RestError(failure.Status, refusal.Code, refusal.Message, refusal.Errors?.DeepClone().AsObject());
                if (failure is { AfterPerforming: false })
                    throw new RestError(failure.Status, 0, $"{failure.Status}: Server Error");
                var body = ParseJson(bodyText);
                var request = new RestRequest(_core, method, template, match.Parameters, body, files, http.Request.Query, auditReason);
                lock (_core.Gate) result = route.Handler(request);
                if (failure is { AfterPerforming: true })
                    throw new RestError(failure.Status, 0, $"{failure.Status}: Server Error");
            }
        }
        catch (RestError e)
        {
            result = new RestResult(e.Status, e.ToJson());
        }

        if (result.Status is >= 200 and < 300 && template is not null && result.Body is not null)
            result = result with { Body = _core.Faults.Reshaped(method, template, result.Body) };
        http.Response.StatusCode = result.Status;
        foreach (var (k, v) in responseHeaders) http.Response.Headers[k] = v;
        if (result.Body is not null)
        {
            http.Response.ContentType = "application/json";
            await http.Response.WriteAsync(result.Body.ToJsonString(), Encoding.UTF8);
        }
        _core.Requests.Enqueue(new RecordedRequest(method, rawPath, template, http.Request.QueryString.Value ?? "", result.Status, DateTimeOffset.UtcNow)
        {
            Body = bodyText,
            ContentType = http.Request.ContentType,
            Headers = headers,
            AuditLogReason = auditReason,
            UserAgent = userAgent,
            HasAuthorization = hasAuth,
            FileParts = files.Select(f => $"{f.FieldName}={f.FileName}").ToList(),
            ErrorCode = result.Status >= 400 && result.Body is JsonObject err ? Json.Int(err["code"]) : null,
        });
        _core.Notify(new StateChange(StateChangeKind.RequestRecorded));
    }

    /// <summary>The path as sent (Kestrel's decoded Path would double-decode emoji segments).</summary>
    private static string RawPath(HttpContext http)
    {
        var raw = http.Features.Get<IHttpRequestFeature>()?.RawTarget ?? http.Request.Path.Value ?? "/";
        var q = raw.IndexOf('?');
        return q >= 0 ? raw[..q] : raw;
    }

    private async Task<(string? Body, List<UploadedFile> Files)> ReadBodyAsync(HttpContext http)
    {
        var files = new List<UploadedFile>();
        var contentType = http.Request.ContentType ?? "";
        if (contentType.StartsWith("multipart/form-data", StringComparison.OrdinalIgnoreCase))
        {
            var form = await http.Request.ReadFormAsync();
            foreach (var file in form.Files)
            {
                using var ms = new MemoryStream();
                await file.CopyToAsync(ms);
                files.Add(new UploadedFile(file.Name, file.FileName, file.ContentType, ms.ToArray()));
            }
            if (form.TryGetValue("payload_json", out var payload)) return (payload.ToString(), files);
            // Discord also accepts plain form fields instead of payload_json.
            var fields = new JsonObject();
            foreach (var (key, value) in form) fields[key] = value.ToString();
            return (fields.Count > 0 ? fields.ToJsonString() : null, files);
        }
        using var reader = new StreamReader(http.Request.Body, Encoding.UTF8);
        var text = await reader.ReadToEndAsync();
        if (text.Length == 0) return (null, files);
        if (!contentType.StartsWith("application/json", StringComparison.OrdinalIgnoreCase))
        {
            _core.ProtocolViolations.Enqueue($"rest: {http.Request.Method} {http.Request.Path} sent a body with Content-Type '{contentType}'");
            throw RestError.InvalidForm("_root", "Content-Type must be application/json or multipart/form-data.");
        }
        return (text, files);
    }

    private static JsonNode? ParseJson(string? text)
    {
        if (text is null) return null;
        try { return JsonNode.Parse(text); }
        catch (JsonException) { throw new RestError(400, 50109, "The request body contains invalid JSON."); }
    }

    private async Task CheckSpecAsync(string method, string path, IEnumerable<string> queryKeys, string? body)
    {
        if (_spec is null) return;
        var spec = await _spec;
        foreach (var problem in spec.Check(method, path, queryKeys, body)) _core.SpecViolations.Enqueue(problem);
    }

    private static void AddRateLimitHeaders(Dictionary<string, string> headers, RateDecision d)
    {
        headers["X-RateLimit-Limit"] = d.Limit.ToString(CultureInfo.InvariantCulture);
        headers["X-RateLimit-Remaining"] = d.Remaining.ToString(CultureInfo.InvariantCulture);
        headers["X-RateLimit-Reset"] = (d.ResetAt.ToUnixTimeMilliseconds() / 1000.0).ToString("0.000", CultureInfo.InvariantCulture);
        headers["X-RateLimit-Reset-After"] = d.ResetAfter.ToString("0.000", CultureInfo.InvariantCulture);
        headers["X-RateLimit-Bucket"] = d.Bucket;
    }

    /// <summary>RL § Exceeding A Rate Limit: 429 with retry_after in the body and Retry-After / scope headers.</summary>
    private static RestResult RateLimited(Dictionary<string, string> headers, RateDecision d)
    {
        var retryAfter = Math.Round(Math.Max(d.RetryAfter, 0.001), 3);
        headers["Retry-After"] = Math.Ceiling(retryAfter).ToString(CultureInfo.InvariantCulture);
        headers["X-RateLimit-Scope"] = d.Scope;
        if (d.Global) headers["X-RateLimit-Global"] = "true";
        if (d.Global) headers.Remove("X-RateLimit-Bucket");
        return new RestResult(429, new JsonObject
        {
            ["message"] = "You are being rate limited.",
            ["retry_after"] = retryAfter,
            ["global"] = d.Global,
        });
    }
}
