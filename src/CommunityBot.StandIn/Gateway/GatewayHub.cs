using System.Collections.Concurrent;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace CommunityBot.StandIn.Gateway;

/// <summary>
/// Gateway v10 as Discord runs it (events/gateway.mdx, opcodes-and-status-codes.mdx): HELLO, heartbeats, IDENTIFY →
/// READY + GUILD_CREATE, RESUME with replay, and the documented close codes for every misstep.
/// </summary>
internal sealed class GatewayHub(StandInCore core)
{
    private readonly ConcurrentDictionary<string, GatewaySession> _sessions = new();
    private readonly List<GatewayConnection> _live = new();
    private int _connectionCount, _identifyCount, _resumeCount, _heartbeatCount, _compressedConnectionCount, _fragmentedMessageCount;
    private int _heartbeatTimeoutCount, _identifyRateLimitedCount;
    /// <summary>When each identify bucket (<c>shard_id % max_concurrency</c>) last let an IDENTIFY through (guarded by <see cref="StandInCore.Gate"/>).</summary>
    private readonly Dictionary<int, long> _lastIdentifyByBucket = new();
    private long _lastHeartbeatSeq = long.MinValue;
    private JsonElement? _lastIdentify;
    /// <summary>When each guild's members were last requested in full (guarded by <see cref="StandInCore.Gate"/>).</summary>
    private readonly Dictionary<ulong, long> _lastAllMembersRequest = new();

    public StandInCore Core { get; } = core;
    public volatile bool ReconnectBeforeHello;

    public int ConnectionCount => Volatile.Read(ref _connectionCount);
    public int IdentifyCount => Volatile.Read(ref _identifyCount);
    public int ResumeCount => Volatile.Read(ref _resumeCount);
    public int HeartbeatCount => Volatile.Read(ref _heartbeatCount);
    /// <summary>Connections opened with <c>compress=zlib-stream</c>.</summary>
    public int CompressedConnectionCount => Volatile.Read(ref _compressedConnectionCount);
    /// <summary>Gateway messages that went out split over more than one WebSocket frame.</summary>
    public int FragmentedMessageCount => Volatile.Read(ref _fragmentedMessageCount);

    public int HeartbeatTimeoutCount => Volatile.Read(ref _heartbeatTimeoutCount);
    public int IdentifyRateLimitedCount => Volatile.Read(ref _identifyRateLimitedCount);

    public void OnFragmentedMessage() => Interlocked.Increment(ref _fragmentedMessageCount);

    public void OnHeartbeatTimeout()
    {
        Interlocked.Increment(ref _heartbeatTimeoutCount);
        Core.Notify(new StateChange(StateChangeKind.GatewayChanged));
    }
    /// <summary>The <c>d</c> of the last heartbeat (null when it was null or none arrived yet).</summary>
    public int? LastHeartbeatSeq => Interlocked.Read(ref _lastHeartbeatSeq) is var v && v >= 0 ? (int)v : null;
    public JsonElement? LastIdentify { get { lock (_live) return _lastIdentify; } }
    public IReadOnlyCollection<GatewaySession> Sessions => _sessions.Values.ToList();

    public IReadOnlyList<GatewayConnection> LiveConnections
    {
        get { lock (_live) return _live.ToList(); }
    }

    public async Task AcceptAsync(HttpContext http, bool resumePath)
    {
        if (!http.WebSockets.IsWebSocketRequest)
        {
            http.Response.StatusCode = StatusCodes.Status400BadRequest;
            return;
        }
        var query = http.Request.Query;
        if (query["v"] != "10") Violation($"gateway connected without v=10 (query '{http.Request.QueryString}')");
        if (query["encoding"] != "json") Violation($"gateway connected without encoding=json (query '{http.Request.QueryString}')");
        // G § Transport Compression: zlib-stream is what we speak; zstd-stream (native libzstd) and anything else is not.
        var compress = query["compress"].ToString();
        var zlibStream = compress == "zlib-stream";
        if (!zlibStream && compress.Length > 0)
            Violation($"gateway asked for transport compression '{compress}'; the stand-in speaks only zlib-stream");
        if (zlibStream) Interlocked.Increment(ref _compressedConnectionCount);
        using var socket = await http.WebSockets.AcceptWebSocketAsync();
        var connection = new GatewayConnection(this, socket, http, resumePath, zlibStream);
        await connection.RunAsync(http.RequestAborted);
    }

    public void OnOpened(GatewayConnection connection)
    {
        lock (_live) _live.Add(connection);
        Interlocked.Increment(ref _connectionCount);
        if (ReconnectBeforeHello)
        {
            ReconnectBeforeHello = false;
            // GE § Reconnect: op 7 can arrive before (or instead of) HELLO; the client must reconnect.
            connection.SendOp(7, null);
        }
        else connection.SendOp(10, new JsonObject { ["heartbeat_interval"] = Core.Options.HeartbeatIntervalMs });
        Core.Notify(new StateChange(StateChangeKind.GatewayChanged));
    }

    public void OnClosed(GatewayConnection connection)
    {
        lock (_live) _live.Remove(connection);
        if (connection.Session is { } session)
        {
            session.Detach(connection);
            // G § Initiating a Disconnect: a client close with 1000/1001 ends the session.
            if (connection.CloseCodeFromClient is 1000 or 1001) Invalidate(session);
        }
        Core.Notify(new StateChange(StateChangeKind.GatewayChanged));
    }

    /// <summary>Closes that start a new session per OPC § Gateway Close Event Codes invalidate the current one.</summary>
    public void OnServerClose(GatewayConnection connection, int code)
    {
        if (connection.Session is { } session && code is 4003 or 4004 or 4007 or 4009 or >= 4010 and <= 4014)
            Invalidate(session);
    }

    public void Invalidate(GatewaySession session)
    {
        session.Invalidate();
        _sessions.TryRemove(session.Id, out _);
    }

    public void Violation(string text) => Core.ProtocolViolations.Enqueue($"gateway: {text}");

    /// <summary>Fans a dispatch out to every session entitled to it (by intent and shard).</summary>
    public void Dispatch(string name, JsonNode data, ulong intents, JsonNode? withoutMessageContent = null, ulong? guildId = null)
    {
        string? json = null, redacted = null;
        foreach (var session in _sessions.Values)
        {
            if (intents != 0 && (session.Intents & intents) == 0) continue;
            if (!session.OwnsGuild(guildId)) continue;
            if (withoutMessageContent is not null && (session.Intents & Intents.MessageContent) == 0)
                session.Dispatch(name, redacted ??= withoutMessageContent.ToJsonString());
            else session.Dispatch(name, json ??= data.ToJsonString());
        }
    }

    public void Handle(GatewayConnection connection, JsonObject payload)
    {
        var op = Json.Int(payload["op"]);
        var d = payload["d"];
        switch (op)
        {
            case 1:
                Heartbeat(connection, d);
                return;
            case 2:
                lock (Core.Gate) Identify(connection, d as JsonObject);
                return;
            case 6:
                lock (Core.Gate) Resume(connection, d as JsonObject);
                return;
        }
        if (connection.Session is null)
        {
            Violation($"op {op} sent before IDENTIFY");
            connection.Close(4003, "Not authenticated.");
            return;
        }
        switch (op)
        {
            case 3 or 4 or 31 or 43:
                return; // presence, voice state and channel-info requests change nothing the bot can observe here
            case 8:
                lock (Core.Gate) RequestGuildMembers(connection.Session, d as JsonObject);
                return;
            default:
                Violation($"unknown opcode {op?.ToString() ?? "(missing)"}");
                connection.Close(4001, "Unknown opcode.");
                return;
        }
    }

    private void Heartbeat(GatewayConnection connection, JsonNode? d)
    {
        if (connection.LosesHeartbeats) return; // lost on the way: not seen, not ACKed, no credit against the timeout
        connection.OnHeartbeat();
        Interlocked.Increment(ref _heartbeatCount);
        var seq = Json.Int(d);
        Interlocked.Exchange(ref _lastHeartbeatSeq, seq ?? long.MinValue);
        if (seq is { } s && connection.Session is { } session && s > session.Sequence)
            Violation($"heartbeat carried seq {s}, beyond the last dispatched {session.Sequence}");
        if (!Core.Faults.StopAcking) connection.SendOp(11, null);
        Core.Notify(new StateChange(StateChangeKind.GatewayChanged));
    }

    private void Identify(GatewayConnection connection, JsonObject? d)
    {
        if (connection.Session is not null)
        {
            Violation("second IDENTIFY on one connection");
            connection.Close(4005, "Already authenticated.");
            return;
        }
        if (d is null) { connection.Close(4002, "Error while decoding payload."); return; }
        lock (_live) _lastIdentify = JsonDocument.Parse(d.ToJsonString()).RootElement.Clone();
        Interlocked.Increment(ref _identifyCount);
        Core.Notify(new StateChange(StateChangeKind.GatewayChanged));
        if (Json.String(d["token"]) != Core.Options.Token)
        {
            Violation("IDENTIFY with a wrong token (it must be the raw token, no 'Bot ' prefix)");
            connection.Close(4004, "Authentication failed.");
            return;
        }
        if (d["properties"] is not JsonObject props || props["os"] is null || props["browser"] is null || props["device"] is null)
            Violation("IDENTIFY without properties {os, browser, device}");
        if (d["intents"] is not JsonValue intentsValue || !intentsValue.TryGetValue<ulong>(out var intents))
        {
            Violation("IDENTIFY without an integer intents field");
            connection.Close(4002, "Error while decoding payload.");
            return;
        }
        if ((intents & ~Intents.AllDefined) != 0) { connection.Close(4013, "Invalid intent(s)."); return; }
        if ((intents & Intents.Privileged & ~Core.Options.ApprovedPrivilegedIntents) != 0)
        {
            connection.Close(4014, "Disallowed intent(s).");
            return;
        }
        var (shardId, shardCount) = (0, 1);
        if (d["shard"] is JsonArray shard)
        {
            if (shard.Count != 2 || Json.Int(shard[0]) is not { } sid || Json.Int(shard[1]) is not { } count || count < 1 || sid < 0 || sid >= count)
            {
                connection.Close(4010, "Invalid shard.");
                return;
            }
            (shardId, shardCount) = (sid, count);
        }
        if (!TryTakeIdentifySlot(shardId))
        {
            // G § Rate Limiting: "If you hit this limit, the Gateway will respond with an Invalid Session (opcode 9)".
            Interlocked.Increment(ref _identifyRateLimitedCount);
            Violation($"IDENTIFY beyond max_concurrency {Core.Options.MaxConcurrency} per {Core.Options.IdentifyWindow.TotalSeconds:0.###} s: answered with op 9");
            connection.SendOp(9, false);
            return;
        }

        var session = new GatewaySession(Guid.NewGuid().ToString("N"), intents, _lastIdentify!.Value, shardId, shardCount,
            Core.Options.ReplayBufferSize);
        connection.Session = session;
        session.Attach(connection);
        var owned = Core.Guilds.Values.Where(g => session.OwnsGuild(g.Id)).ToList();
        var ready = new JsonObject
        {
            ["v"] = 10,
            ["user"] = Payloads.User(Core.BotUser),
            ["guilds"] = new JsonArray(owned.Select(g => (JsonNode?)new JsonObject { ["id"] = Json.Id(g.Id), ["unavailable"] = true }).ToArray()),
            ["session_id"] = session.Id,
            ["resume_gateway_url"] = Core.BaseAddress.Replace("http://", "ws://", StringComparison.Ordinal) + "/gateway-resume",
            ["session_type"] = "normal",
            ["private_channels"] = new JsonArray(),
            ["relationships"] = new JsonArray(),
            ["user_settings"] = new JsonObject(),
            ["presences"] = new JsonArray(),
            ["guild_join_requests"] = new JsonArray(),
            ["geo_ordered_rtc_regions"] = new JsonArray(),
            ["auth"] = new JsonObject(),
            ["application"] = new JsonObject { ["id"] = Json.Id(Core.ApplicationId), ["flags"] = 8953856 },
            ["_trace"] = new JsonArray("stand-in"),
        };
        if (d["shard"] is not null) ready["shard"] = new JsonArray(shardId, shardCount);
        session.Dispatch("READY", ready.ToJsonString());
        if ((intents & Intents.Guilds) != 0)
            foreach (var guild in owned) session.Dispatch("GUILD_CREATE", Payloads.GuildCreate(Core, guild).ToJsonString());
        _sessions[session.Id] = session;
    }

    /// <summary>How long until shard <paramref name="shardId"/>'s identify bucket accepts another IDENTIFY (zero if it already does).</summary>
    public TimeSpan IdentifyWindowRemaining(int shardId)
    {
        lock (Core.Gate)
        {
            if (!_lastIdentifyByBucket.TryGetValue(IdentifyBucket(shardId), out var last)) return TimeSpan.Zero;
            var left = (long)Core.Options.IdentifyWindow.TotalMilliseconds - (Environment.TickCount64 - last);
            return left > 0 ? TimeSpan.FromMilliseconds(left) : TimeSpan.Zero;
        }
    }

    private bool TryTakeIdentifySlot(int shardId)
    {
        if (IdentifyWindowRemaining(shardId) > TimeSpan.Zero) return false;
        _lastIdentifyByBucket[IdentifyBucket(shardId)] = Environment.TickCount64;
        return true;
    }

    /// <summary>G § Sharding › Max Concurrency: <c>rate_limit_key = shard_id % max_concurrency</c>.</summary>
    private int IdentifyBucket(int shardId) => shardId % Math.Max(1, Core.Options.MaxConcurrency);

    private void Resume(GatewayConnection connection, JsonObject? d)
    {
        if (connection.Session is not null)
        {
            Violation("RESUME on a connection that already has a session");
            connection.Close(4005, "Already authenticated.");
            return;
        }
        Interlocked.Increment(ref _resumeCount);
        Core.Notify(new StateChange(StateChangeKind.GatewayChanged));
        if (Json.String(d?["token"]) != Core.Options.Token)
        {
            connection.Close(4004, "Authentication failed.");
            return;
        }
        if (!connection.OnResumePath) Violation("RESUME sent to the gateway url instead of READY's resume_gateway_url");
        var sessionId = Json.String(d?["session_id"]);
        if (sessionId is null || !_sessions.TryGetValue(sessionId, out var session))
        {
            connection.SendOp(9, false);
            return;
        }
        if (Json.Int(d?["seq"]) is not { } seq || !session.TryResume(connection, seq))
        {
            Violation($"RESUME with seq {d?["seq"]?.ToJsonString() ?? "null"} but the session is at {session.Sequence}");
            connection.Session = session;
            connection.Close(4007, "Invalid seq.");
            return;
        }
        connection.Session = session;
        session.Dispatch("RESUMED", "{}");
    }

    private void RequestGuildMembers(GatewaySession session, JsonObject? d)
    {
        if (Json.Snowflake(d?["guild_id"]) is not { } guildId || !Core.Guilds.TryGetValue(guildId, out var guild)) return;
        var query = Json.String(d!["query"]);
        var limit = Json.Int(d["limit"]) ?? 0;
        var wanted = d["user_ids"] switch
        {
            JsonArray ids => ids.Select(Json.Snowflake).OfType<ulong>().ToHashSet(),
            JsonValue one when Json.Snowflake(one) is { } id => [id],
            _ => null,
        };
        var nonce = d["nonce"];
        if (wanted is null && string.IsNullOrEmpty(query) && limit == 0 && AllMembersRateLimited(guildId) is { } retryAfter)
        {
            // GE § Rate Limited; CL § Introducing Rate Limit When Requesting All Guild Members: one per guild per 30 s.
            var meta = new JsonObject { ["guild_id"] = Json.Id(guildId) };
            if (nonce is not null) meta["nonce"] = nonce.DeepClone();
            session.Dispatch("RATE_LIMITED", new JsonObject
            {
                ["opcode"] = 8,
                ["retry_after"] = Math.Round(retryAfter.TotalSeconds, 3),
                ["meta"] = meta,
            }.ToJsonString());
            return;
        }
        var members = guild.Members.Values
            .Where(m => wanted?.Contains(m.UserId) ?? (string.IsNullOrEmpty(query)
                || Core.Users[m.UserId].Username.StartsWith(query, StringComparison.OrdinalIgnoreCase)))
            .Take(limit > 0 ? limit : int.MaxValue)
            .ToList();
        // GE § Request Guild Members: up to 1000 members per chunk; an empty answer is still one chunk.
        var chunks = members.Chunk(MembersPerChunk).DefaultIfEmpty([]).ToList();
        for (var index = 0; index < chunks.Count; index++)
        {
            var chunk = new JsonObject
            {
                ["guild_id"] = Json.Id(guildId),
                ["members"] = new JsonArray(chunks[index].Select(m => (JsonNode?)Payloads.Member(Core, m)).ToArray()),
                ["chunk_index"] = index,
                ["chunk_count"] = chunks.Count,
            };
            if (wanted is not null && index == 0)
                chunk["not_found"] = Json.Ids(wanted.Where(id => !guild.Members.ContainsKey(id)));
            if (nonce is not null) chunk["nonce"] = nonce.DeepClone();
            session.Dispatch("GUILD_MEMBERS_CHUNK", chunk.ToJsonString());
        }
    }

    private const int MembersPerChunk = 1000;

    /// <summary>How long until this guild's members may be requested in full again; null when they may be now (and the request counts).</summary>
    private TimeSpan? AllMembersRateLimited(ulong guildId)
    {
        var now = Environment.TickCount64;
        var interval = (long)Core.Options.RequestAllMembersInterval.TotalMilliseconds;
        if (_lastAllMembersRequest.TryGetValue(guildId, out var last) && now - last < interval)
            return TimeSpan.FromMilliseconds(interval - (now - last));
        _lastAllMembersRequest[guildId] = now;
        return null;
    }
}
