using System.Text.Json;
using System.Text.Json.Serialization;
using CommunityBot.Discord.Models;

namespace CommunityBot.Discord.Gateway;

/// <summary>
/// A decoded dispatch (op 0). <see cref="Name"/> is the gateway's <c>t</c>; <see cref="ShardId"/> says which
/// session received it. Handlers pattern-match on the concrete type; anything we do not model arrives as
/// <see cref="UnknownDispatchEvent"/> so new Discord events never break the session.
/// </summary>
public abstract record GatewayEvent
{
    // Envelope facts, not fields of the dispatch's `d`: never read from or written to the payload.
    [JsonIgnore] public string Name { get; init; } = "";
    [JsonIgnore] public int Sequence { get; init; }
    [JsonIgnore] public int ShardId { get; init; }
    /// <summary>
    /// <see cref="System.Diagnostics.Stopwatch"/> timestamp of when the frame was decoded: the monotonic start of
    /// the 3-second interaction deadline (0 for events not read from a socket).
    /// </summary>
    [JsonIgnore] public long ReceivedAt { get; init; }
}

public sealed record ReadyEvent : GatewayEvent
{
    public int V { get; init; }
    public User User { get; init; } = new();
    public UnavailableGuild[] Guilds { get; init; } = [];
    public string SessionId { get; init; } = "";
    public string ResumeGatewayUrl { get; init; } = "";
    public int[]? Shard { get; init; }
    public Application? Application { get; init; }
}

public sealed record ResumedEvent : GatewayEvent;

/// <summary>GE § Guild Create: the guild plus the extra fields only this event carries.</summary>
public sealed record GuildCreateEvent : GatewayEvent
{
    public Guild Guild { get; init; } = new();
    public DateTimeOffset? JoinedAt { get; init; }
    public int MemberCount { get; init; }
    public GuildMember[] Members { get; init; } = [];
    public Channel[] Channels { get; init; } = [];
    public Channel[] Threads { get; init; } = [];
    public GuildScheduledEvent[] GuildScheduledEvents { get; init; } = [];
}

public sealed record GuildDeleteEvent : GatewayEvent
{
    public ulong Id { get; init; }
    /// <summary>True: an outage. Absent: the bot was removed from the guild.</summary>
    public bool? Unavailable { get; init; }
}

public sealed record GuildMemberAddEvent : GatewayEvent
{
    public ulong GuildId { get; init; }
    public GuildMember Member { get; init; } = new();
}

public sealed record GuildMemberUpdateEvent : GatewayEvent
{
    public ulong GuildId { get; init; }
    public GuildMember Member { get; init; } = new();
}

public sealed record GuildMemberRemoveEvent : GatewayEvent
{
    public ulong GuildId { get; init; }
    public User User { get; init; } = new();
}

public sealed record MessageCreateEvent : GatewayEvent
{
    public Message Message { get; init; } = new();
}

public sealed record MessageUpdateEvent : GatewayEvent
{
    public Message Message { get; init; } = new();
}

public sealed record MessageDeleteEvent : GatewayEvent
{
    public ulong Id { get; init; }
    public ulong ChannelId { get; init; }
    public ulong? GuildId { get; init; }
}

public sealed record MessageDeleteBulkEvent : GatewayEvent
{
    public ulong[] Ids { get; init; } = [];
    public ulong ChannelId { get; init; }
    public ulong? GuildId { get; init; }
}

public sealed record MessageReactionAddEvent : GatewayEvent
{
    public ulong UserId { get; init; }
    public ulong ChannelId { get; init; }
    public ulong MessageId { get; init; }
    public ulong? GuildId { get; init; }
    public GuildMember? Member { get; init; }
    public Emoji Emoji { get; init; } = new();
    public ulong? MessageAuthorId { get; init; }
    public bool Burst { get; init; }
    public int Type { get; init; }
}

public sealed record MessageReactionRemoveEvent : GatewayEvent
{
    public ulong UserId { get; init; }
    public ulong ChannelId { get; init; }
    public ulong MessageId { get; init; }
    public ulong? GuildId { get; init; }
    public Emoji Emoji { get; init; } = new();
    public bool Burst { get; init; }
    public int Type { get; init; }
}

public sealed record InteractionCreateEvent : GatewayEvent
{
    public Interaction Interaction { get; init; } = new();
}

public sealed record GuildScheduledEventUserAddEvent : GatewayEvent
{
    public ulong GuildScheduledEventId { get; init; }
    public ulong UserId { get; init; }
    public ulong GuildId { get; init; }
}

public sealed record GuildScheduledEventUserRemoveEvent : GatewayEvent
{
    public ulong GuildScheduledEventId { get; init; }
    public ulong UserId { get; init; }
    public ulong GuildId { get; init; }
}

public sealed record InviteCreateEvent : GatewayEvent
{
    public ulong ChannelId { get; init; }
    public string Code { get; init; } = "";
    public ulong? GuildId { get; init; }
    public User? Inviter { get; init; }
    public int Uses { get; init; }
    public int MaxUses { get; init; }
}

public sealed record InviteDeleteEvent : GatewayEvent
{
    public ulong ChannelId { get; init; }
    public ulong? GuildId { get; init; }
    public string Code { get; init; } = "";
}

public sealed record MessagePollVoteEvent : GatewayEvent
{
    public ulong UserId { get; init; }
    public ulong ChannelId { get; init; }
    public ulong MessageId { get; init; }
    public ulong? GuildId { get; init; }
    public int AnswerId { get; init; }
    /// <summary>True for MESSAGE_POLL_VOTE_ADD, false for MESSAGE_POLL_VOTE_REMOVE.</summary>
    [JsonIgnore] public bool Added { get; init; }
}

/// <summary>
/// GE § Guild Members Chunk: one answer to Request Guild Members (op 8). A request is answered by
/// <see cref="ChunkCount"/> chunks of up to 1000 members; <see cref="Nonce"/> echoes the request's nonce so a
/// caller can tell its chunks from everyone else's.
/// </summary>
public sealed record GuildMembersChunkEvent : GatewayEvent
{
    public ulong GuildId { get; init; }
    public GuildMember[] Members { get; init; } = [];
    /// <summary>0-based; the request is complete when a chunk with <c>ChunkIndex == ChunkCount - 1</c> arrived.</summary>
    public int ChunkIndex { get; init; }
    public int ChunkCount { get; init; }
    /// <summary>Requested <c>user_ids</c> that are not members.</summary>
    public ulong[]? NotFound { get; init; }
    /// <summary>Presence objects, when the request set <c>presences</c> (needs GUILD_PRESENCES); not modelled further.</summary>
    public JsonElement[]? Presences { get; init; }
    public string? Nonce { get; init; }
}

/// <summary>
/// GE § Rate Limits › Rate Limited: a gateway command was refused for now, e.g. a second request for all members
/// of a guild within 30 s (CL § Introducing Rate Limit When Requesting All Guild Members). Wait
/// <see cref="RetryAfter"/> seconds before sending it again.
/// </summary>
public sealed record RateLimitedEvent : GatewayEvent
{
    /// <summary>The opcode of the refused command (8, Request Guild Members, is the one Discord documents).</summary>
    public int Opcode { get; init; }
    /// <summary>Seconds, fractional.</summary>
    public double RetryAfter { get; init; }
    public RateLimitedMetadata Meta { get; init; } = new();
}

/// <summary>GE § Request Guild Member Rate Limit Metadata Structure (the metadata documented for opcode 8).</summary>
public sealed record RateLimitedMetadata
{
    public ulong GuildId { get; init; }
    public string? Nonce { get; init; }
}

/// <summary>Any dispatch we do not model: passed through raw, never an error.</summary>
public sealed record UnknownDispatchEvent : GatewayEvent
{
    public JsonElement Data { get; init; }
}
