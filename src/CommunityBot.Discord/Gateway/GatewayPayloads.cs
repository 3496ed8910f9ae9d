using System.Text.Json;
using CommunityBot.Discord.Models;

namespace CommunityBot.Discord.Gateway;

/// <summary>OPC § Gateway Opcodes.</summary>
public static class GatewayOpcodes
{
    public const int Dispatch = 0;
    public const int Heartbeat = 1;
    public const int Identify = 2;
    public const int PresenceUpdate = 3;
    public const int Resume = 6;
    public const int Reconnect = 7;
    public const int RequestGuildMembers = 8;
    public const int InvalidSession = 9;
    public const int Hello = 10;
    public const int HeartbeatAck = 11;
}

/// <summary>GE § Identify › Identify Structure. The token is the raw token, without the <c>Bot </c> prefix.</summary>
public sealed record IdentifyPayload
{
    public string Token { get; init; } = "";
    public IdentifyProperties Properties { get; init; } = new();
    public int Intents { get; init; }
    public int[] Shard { get; init; } = [0, 1];
    public int LargeThreshold { get; init; } = 50;
}

/// <summary>GE § Identify Connection Properties (the un-prefixed forms; <c>$os</c> is deprecated).</summary>
public sealed record IdentifyProperties
{
    public string Os { get; init; } = OperatingSystem.IsLinux() ? "linux" : OperatingSystem.IsWindows() ? "windows" : OperatingSystem.IsMacOS() ? "macos" : "unknown";
    public string Browser { get; init; } = "CommunityBot";
    public string Device { get; init; } = "CommunityBot";
}

/// <summary>GE § Resume › Resume Structure.</summary>
public sealed record ResumePayload
{
    public string Token { get; init; } = "";
    public string SessionId { get; init; } = "";
    public int Seq { get; init; }
}

/// <summary>GE § Request Guild Members (op 8). <c>query=""</c> with <c>limit=0</c> asks for everyone.</summary>
public sealed record RequestGuildMembersPayload
{
    public ulong GuildId { get; init; }
    public string? Query { get; init; }
    public int Limit { get; init; }
    public bool? Presences { get; init; }
    public ulong[]? UserIds { get; init; }
    public string? Nonce { get; init; }
}

/// <summary>GE § Update Presence (op 3).</summary>
public sealed record PresenceUpdatePayload
{
    public long? Since { get; init; }
    public PresenceActivity[] Activities { get; init; } = [];
    public string Status { get; init; } = "online";
    public bool Afk { get; init; }
}

public sealed record PresenceActivity
{
    public string Name { get; init; } = "";
    /// <summary>0 Playing, 2 Listening, 3 Watching, 4 Custom (uses <see cref="State"/>), 5 Competing.</summary>
    public int Type { get; init; }
    public string? State { get; init; }
}

/// <summary>GE § Hello.</summary>
public sealed record HelloPayload
{
    public int HeartbeatInterval { get; init; }
}

/// <summary>GUILD_CREATE's fields beyond the guild object (GE § Guild Create Extra Fields).</summary>
public sealed record GuildCreateExtras
{
    public DateTimeOffset? JoinedAt { get; init; }
    public int MemberCount { get; init; }
    public GuildMember[]? Members { get; init; }
    public Channel[]? Channels { get; init; }
    public Channel[]? Threads { get; init; }
    public GuildScheduledEvent[]? GuildScheduledEvents { get; init; }
}
