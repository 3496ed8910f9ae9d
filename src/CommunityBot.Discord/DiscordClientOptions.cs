using CommunityBot.Discord.Gateway;

namespace CommunityBot.Discord;

/// <summary>
/// Everything the client needs to reach Discord (or the loopback stand-in). Bound from the
/// <c>Discord</c> configuration section; the token comes from the environment (<c>Discord__Token</c>)
/// and is never logged: <see cref="ToString"/> redacts it.
/// </summary>
public sealed class DiscordClientOptions
{
    public const string SectionName = "Discord";

    public string Token { get; set; } = "";
    /// <summary>REST base including the version, e.g. <c>https://discord.com/api/v10</c>.</summary>
    public string ApiBaseUrl { get; set; } = "https://discord.com/api/v10";
    /// <summary>Optional override of the url from <c>GET /gateway/bot</c> (tests, sandbox).</summary>
    public string? GatewayUrl { get; set; }
    public GatewayIntents Intents { get; set; } = GatewayIntents.Community;
    public int ShardId { get; set; }
    public int ShardCount { get; set; } = 1;
    /// <summary>Used in <c>User-Agent: DiscordBot (url, version)</c> on REST and the gateway handshake.</summary>
    public string UserAgentUrl { get; set; } = "https://github.com/communitybot/communitybot";
    public string UserAgentVersion { get; set; } = "1.0";
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(15);
    /// <summary>Bounded capacity of the dispatch queue handed to the bot.</summary>
    public int EventQueueCapacity { get; set; } = 10_000;
    /// <summary>
    /// DM channels remembered (one per recipient, least recently used dropped first), so a DM costs one request. 10,000
    /// entries is well under a megabyte and covers every member a community bot DMs in a day; 0 turns the cache off.
    /// </summary>
    public int DmChannelCacheSize { get; set; } = 10_000;
    /// <summary>
    /// File where exhausted rate-limit buckets and global blocks are remembered across restarts (see
    /// <c>RateLimitMemory</c>); null or empty: not remembered, a new process learns every bucket afresh.
    /// </summary>
    public string? RateLimitMemoryPath { get; set; }
    /// <summary>Cap of the reconnect backoff.</summary>
    public TimeSpan MaxReconnectDelay { get; set; } = TimeSpan.FromSeconds(60);
    /// <summary>
    /// Transport compression of the gateway (<c>compress=zlib-stream</c>). Off by default: a self-hosted bot serves
    /// one or a few communities, so its traffic is small dispatches where compression saves little and costs
    /// CPU on every event on a small box, while the win (GUILD_CREATE and member chunks shrink several times over)
    /// only matters for large guilds or metered links. Those deployments turn it on; it is tested end to end.
    /// </summary>
    public GatewayCompression GatewayCompression { get; set; } = GatewayCompression.None;

    public string UserAgent => $"DiscordBot ({UserAgentUrl}, {UserAgentVersion})";

    public override string ToString() =>
        $"ApiBaseUrl={ApiBaseUrl}, GatewayUrl={GatewayUrl ?? "(from /gateway/bot)"}, Intents={Intents}, Shard={ShardId}/{ShardCount}, Compression={GatewayCompression}, Token=(redacted)";
}
