namespace CommunityBot.StandIn;

/// <summary>How a <see cref="DiscordStandIn"/> behaves. Every default mirrors Discord except where tests need speed.</summary>
public sealed class StandInOptions
{
    /// <summary>The bot token the stand-in accepts (REST <c>Authorization: Bot …</c> and gateway IDENTIFY).</summary>
    public string Token { get; init; } = "test-token";

    /// <summary>Path of Discord's openapi.json; null falls back to the <c>DISCORD_OPENAPI_SPEC</c> environment variable.</summary>
    public string? OpenApiSpecPath { get; init; }

    /// <summary>HELLO's <c>heartbeat_interval</c>. Tests use a few hundred ms.</summary>
    public int HeartbeatIntervalMs { get; init; } = 45000;

    /// <summary>
    /// A connection that sends no heartbeat for this long is dropped, leaving the session resumable (G § Heartbeat
    /// Interval: "your connection will be closed and you will be forced to Resume"; no close code is documented for
    /// it, and 4009 would mean "start a new session"). Null: <c>heartbeat_interval</c> × 1.5, and at least the
    /// interval + 1 s so a sub-second test interval survives a busy machine.
    /// </summary>
    public TimeSpan? HeartbeatTimeout { get; init; }

    internal TimeSpan EffectiveHeartbeatTimeout =>
        HeartbeatTimeout ?? TimeSpan.FromMilliseconds(Math.Max(HeartbeatIntervalMs * 1.5, HeartbeatIntervalMs + 1000));

    /// <summary>
    /// <c>session_start_limit.max_concurrency</c>: IDENTIFYs allowed per <see cref="IdentifyWindow"/>, one per
    /// rate-limit bucket <c>shard_id % max_concurrency</c> (G § Sharding › Max Concurrency). One more gets op 9 <c>d:false</c>.
    /// </summary>
    public int MaxConcurrency { get; init; } = 1;

    /// <summary>The identify rate-limit window (G § Rate Limiting: 5 s).</summary>
    public TimeSpan IdentifyWindow { get; init; } = TimeSpan.FromSeconds(5);

    public string BotUsername { get; init; } = "CommunityBot";

    /// <summary>Permissions of the bot's managed role in every guild created by <see cref="DiscordStandIn.CreateGuild"/>.</summary>
    public ulong BotPermissions { get; init; } = Permissions.DefaultBot;

    /// <summary>Intents the application is approved for; identifying with a privileged intent outside this set closes 4014.</summary>
    public ulong ApprovedPrivilegedIntents { get; init; } = Intents.GuildMembers | Intents.MessageContent | Intents.GuildPresences;

    /// <summary>Requests per bucket window for every route unless <see cref="BucketLimits"/> names it.</summary>
    public int DefaultBucketLimit { get; init; } = 50;
    public TimeSpan DefaultBucketWindow { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>Per-route overrides keyed by <c>"METHOD /route/template"</c>, e.g. <c>"POST /channels/{channel_id}/messages"</c>.</summary>
    public IReadOnlyDictionary<string, (int Limit, TimeSpan Window)> BucketLimits { get; init; } =
        new Dictionary<string, (int, TimeSpan)>();

    /// <summary>Discord's global budget per bot (interaction and webhook-token routes are exempt).</summary>
    public int GlobalRequestsPerSecond { get; init; } = 50;

    /// <summary>The interaction acknowledgement deadline (Discord: 3 s).</summary>
    public TimeSpan InteractionDeadline { get; init; } = TimeSpan.FromSeconds(3);

    /// <summary>How long interaction tokens stay valid for follow-ups (Discord: 15 min).</summary>
    public TimeSpan InteractionTokenLifetime { get; init; } = TimeSpan.FromMinutes(15);

    /// <summary>Invoking a command nobody registered throws, as Discord would never send it.</summary>
    public bool RequireRegisteredCommands { get; init; } = true;

    /// <summary>Outgoing gateway messages larger than this are split into several WebSocket frames.</summary>
    public int GatewayFrameSize { get; init; } = 16 * 1024;

    /// <summary>Dispatches kept per session for RESUME replay.</summary>
    public int ReplayBufferSize { get; init; } = 2000;

    /// <summary>
    /// Op 8 for all of a guild's members is allowed once per this interval; a repeat gets a RATE_LIMITED dispatch
    /// (CL § Introducing Rate Limit When Requesting All Guild Members: 30 s).
    /// </summary>
    public TimeSpan RequestAllMembersInterval { get; init; } = TimeSpan.FromSeconds(30);
}
