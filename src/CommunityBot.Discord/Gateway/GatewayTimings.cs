namespace CommunityBot.Discord.Gateway;

/// <summary>Time limits of the gateway session; tests shrink them, production uses the defaults.</summary>
internal sealed record GatewayTimings
{
    public TimeSpan ConnectTimeout { get; init; } = TimeSpan.FromSeconds(30);
    /// <summary>A socket that says nothing after connecting is abandoned (and resumed) after this.</summary>
    public TimeSpan HelloTimeout { get; init; } = TimeSpan.FromSeconds(30);
    public TimeSpan SendTimeout { get; init; } = TimeSpan.FromSeconds(10);
    public TimeSpan CloseTimeout { get; init; } = TimeSpan.FromSeconds(2);
    /// <summary>First step of the exponential reconnect backoff; capped by <see cref="DiscordClientOptions.MaxReconnectDelay"/>.</summary>
    public TimeSpan BackoffBase { get; init; } = TimeSpan.FromSeconds(1);
    /// <summary>Op 9 d:false waits a random time in this range before identifying again (checklist §1.10).</summary>
    public TimeSpan InvalidSessionMinDelay { get; init; } = TimeSpan.FromSeconds(1);
    public TimeSpan InvalidSessionMaxDelay { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// How long reconnects to <c>resume_gateway_url</c> that fail to connect keep trying to RESUME (with the usual
    /// backoff) before the session is given up for a new IDENTIFY. Discord keeps a dropped session resumable for a while
    /// (it does not say how long); resuming replays what happened meanwhile, a new session loses it.
    /// </summary>
    public TimeSpan ResumeRetryWindow { get; init; } = TimeSpan.FromMinutes(2);

    /// <summary>The identify rate-limit window: <c>max_concurrency</c> IDENTIFYs per 5 s (G § Identifying).</summary>
    public TimeSpan IdentifyWindow { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>How long after READY to wait for guilds still unavailable before declaring start-up done without them.</summary>
    public TimeSpan GuildStartupTimeout { get; init; } = TimeSpan.FromSeconds(15);

    public static GatewayTimings Default { get; } = new();
}
