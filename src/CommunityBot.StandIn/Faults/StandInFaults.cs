using System.Text.Json.Nodes;

namespace CommunityBot.StandIn;

/// <summary>Faults a test can inject into the gateway and REST sides (each one models something Discord really does).</summary>
public sealed class StandInFaults
{
    private readonly StandInCore _core;
    private readonly List<PendingRateLimit> _rateLimits = new();
    private readonly List<PendingFailure> _failures = new();

    internal StandInFaults(StandInCore core) => _core = core;

    internal sealed record PendingRateLimit(Func<string, string, bool> Matches, double RetryAfterSeconds, string Scope, bool Global);

    internal sealed record PendingFailure(Func<string, string, bool> Matches, int Status, bool AfterPerforming)
    {
        /// <summary>Discord's JSON error body for a refusal (4xx); null for a bare server error.</summary>
        public (int Code, string Message, JsonObject? Errors)? Refusal { get; init; }
    }

    /// <summary>No HEARTBEAT_ACK while true: the client must notice the zombie connection and reconnect.</summary>
    public volatile bool StopAcking;

    /// <summary>The next gateway connection gets op 7 RECONNECT instead of HELLO.</summary>
    public bool SendReconnectBeforeHello
    {
        get => _core.Hub.ReconnectBeforeHello;
        set => _core.Hub.ReconnectBeforeHello = value;
    }

    /// <summary>Aborts every live gateway connection without a close frame (the session stays resumable).</summary>
    public Task DropConnectionAsync()
    {
        foreach (var c in _core.Hub.LiveConnections) c.Abort();
        return Task.CompletedTask;
    }

    /// <summary>
    /// From now on every heartbeat on the connections live now is lost on the way: never seen, never ACKed. The
    /// stand-in drops such a connection once <see cref="StandInOptions.HeartbeatTimeout"/> passes; new connections are unaffected.
    /// </summary>
    public Task LoseHeartbeatsAsync()
    {
        foreach (var c in _core.Hub.LiveConnections) c.LosesHeartbeats = true;
        return Task.CompletedTask;
    }

    /// <summary>Op 7 RECONNECT on every live connection.</summary>
    public Task SendReconnectAsync()
    {
        foreach (var c in _core.Hub.LiveConnections) c.SendOp(7, null);
        return Task.CompletedTask;
    }

    /// <summary>Op 9 INVALID_SESSION; when not resumable the session is gone for good.</summary>
    public Task SendInvalidSessionAsync(bool resumable)
    {
        foreach (var c in _core.Hub.LiveConnections)
        {
            if (!resumable && c.Session is { } session) _core.Hub.Invalidate(session);
            c.SendOp(9, resumable);
        }
        return Task.CompletedTask;
    }

    /// <summary>Op 1 from the server: the client must heartbeat at once.</summary>
    public Task SendHeartbeatRequestAsync()
    {
        foreach (var c in _core.Hub.LiveConnections) c.SendOp(1, null);
        return Task.CompletedTask;
    }

    /// <summary>Closes every live connection with <paramref name="code"/> (e.g. 4004, 4007, 4009, 4014).</summary>
    public Task CloseAsync(int code, string reason = "Closed by the stand-in.")
    {
        foreach (var c in _core.Hub.LiveConnections) c.Close(code, reason);
        return Task.CompletedTask;
    }

    /// <summary>A dispatch the client does not model: it must pass it on as unknown and keep going.</summary>
    public Task SendRawDispatchAsync(string name, JsonNode data)
    {
        lock (_core.Gate) _core.Hub.Dispatch(name, data, intents: 0);
        return Task.CompletedTask;
    }

    /// <summary>
    /// The next REST request on <paramref name="route"/> (<c>"METHOD /template"</c> or just <c>"/template"</c>) answers 429 with
    /// Discord's headers and body; its bucket (or everything, when <paramref name="global"/>) stays blocked for
    /// <paramref name="retryAfterSeconds"/>, and requests sent before that count in <see cref="DiscordStandIn.RateLimitExceededCount"/>.
    /// </summary>
    public void RateLimitNext(string route, double retryAfterSeconds = 1, string scope = "user", bool global = false) =>
        RateLimitNext(Matcher(route), retryAfterSeconds, scope, global);

    /// <summary>As above with a predicate over (method, route template).</summary>
    public void RateLimitNext(Func<string, string, bool> matches, double retryAfterSeconds = 1, string scope = "user", bool global = false)
    {
        if (scope is not ("user" or "global" or "shared")) throw new ArgumentException("scope must be user, global or shared", nameof(scope));
        lock (_rateLimits) _rateLimits.Add(new PendingRateLimit(matches, retryAfterSeconds, global ? "global" : scope, global));
    }

    /// <summary>The next request on <paramref name="route"/> fails with <paramref name="status"/> before doing anything.</summary>
    public void FailNext(string route, int status = 500) => AddFailure(route, status, afterPerforming: false);

    /// <summary>
    /// The next request on <paramref name="route"/> is carried out, then answered with <paramref name="status"/> — the
    /// ambiguous failure that nonce deduplication exists for.
    /// </summary>
    public void FailNextAfterPerforming(string route, int status = 502) => AddFailure(route, status, afterPerforming: true);

    /// <summary>
    /// The next request on <paramref name="route"/> is refused with <paramref name="status"/> (a 4xx) and Discord's error body
    /// (<c>code</c>, <c>message</c>, and the 50035 field tree in <paramref name="errors"/>), without doing anything.
    /// </summary>
    public void RefuseNext(string route, int status = 400, int code = 50035, string message = "Invalid Form Body", JsonObject? errors = null)
    {
        if (status is < 400 or > 499) throw new ArgumentOutOfRangeException(nameof(status), "use a 4xx status");
        lock (_failures) _failures.Add(new PendingFailure(Matcher(route), status, AfterPerforming: false) { Refusal = (code, message, errors) });
    }

    private readonly List<(Func<string, string, bool> Matches, Action<JsonObject> Reshape)> _reshapers = new();

    /// <summary>
    /// From now on every successful JSON object answer on a route <paramref name="matches"/> accepts (method, template) goes
    /// through <paramref name="reshape"/> before it is sent: a Discord-compatible server with its own idea of some field's
    /// shape. The action itself is carried out as usual.
    /// </summary>
    public void ReshapeAnswers(Func<string, string, bool> matches, Action<JsonObject> reshape)
    {
        lock (_reshapers) _reshapers.Add((matches, reshape));
    }

    internal JsonNode? Reshaped(string method, string template, JsonNode? body)
    {
        if (body is not JsonObject) return body;
        lock (_reshapers)
        {
            JsonObject? answer = null; // a copy: the body may be the stand-in's own state
            foreach (var (matches, reshape) in _reshapers)
                if (matches(method, template)) reshape(answer ??= body.DeepClone().AsObject());
            return answer ?? body;
        }
    }

    private void AddFailure(string route, int status, bool afterPerforming)
    {
        if (status is < 500 or > 599) throw new ArgumentOutOfRangeException(nameof(status), "use a 5xx status");
        lock (_failures) _failures.Add(new PendingFailure(Matcher(route), status, afterPerforming));
    }

    internal PendingRateLimit? TakeRateLimit(string method, string template)
    {
        lock (_rateLimits) return Take(_rateLimits, r => r.Matches(method, template));
    }

    internal PendingFailure? TakeFailure(string method, string template)
    {
        lock (_failures) return Take(_failures, f => f.Matches(method, template));
    }

    private static T? Take<T>(List<T> list, Func<T, bool> matches) where T : class
    {
        var index = list.FindIndex(x => matches(x));
        if (index < 0) return null;
        var item = list[index];
        list.RemoveAt(index);
        return item;
    }

    private static Func<string, string, bool> Matcher(string route)
    {
        var space = route.IndexOf(' ');
        if (space < 0) return (_, template) => template == route;
        var method = route[..space];
        var path = route[(space + 1)..];
        return (m, template) => string.Equals(m, method, StringComparison.OrdinalIgnoreCase) && template == path;
    }
}
