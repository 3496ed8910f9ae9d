namespace CommunityBot.Discord.Models;

public sealed record Role
{
    public ulong Id { get; init; }
    public string Name { get; init; } = "";
    public int Position { get; init; }
    public ulong Permissions { get; init; }
    public int Color { get; init; }
    public bool Managed { get; init; }
}

/// <summary>Channel types we act on (CH § Channel Types); unknown values pass through as ints.</summary>
public static class ChannelTypes
{
    public const int GuildText = 0;
    public const int Dm = 1;
    public const int GuildCategory = 4;
    public const int GuildAnnouncement = 5;
    public const int PublicThread = 11;
    public const int PrivateThread = 12;
    public const int GuildForum = 15;
}

public sealed record Channel
{
    public ulong Id { get; init; }
    public int Type { get; init; }
    public ulong? GuildId { get; init; }
    public string? Name { get; init; }
    public ulong? ParentId { get; init; }
    /// <summary>Thread creator (for threads and forum posts).</summary>
    public ulong? OwnerId { get; init; }
    public int? Position { get; init; }
    public string? Topic { get; init; }
    public User[]? Recipients { get; init; }
}

public sealed record Guild
{
    public ulong Id { get; init; }
    public string Name { get; init; } = "";
    public ulong OwnerId { get; init; }
    public Role[] Roles { get; init; } = [];
    public bool? Unavailable { get; init; }
    public int? ApproximateMemberCount { get; init; }
    /// <summary>The community's language ("Server Primary Language"), e.g. "ko" or "en-US".</summary>
    public string? PreferredLocale { get; init; }
}

public sealed record UnavailableGuild
{
    public ulong Id { get; init; }
    public bool? Unavailable { get; init; }
}

public sealed record Invite
{
    public string Code { get; init; } = "";
    public int? Uses { get; init; }
    public int? MaxUses { get; init; }
    public User? Inviter { get; init; }
    public Channel? Channel { get; init; }
}

/// <summary>GSE § Guild Scheduled Event Object.</summary>
public sealed record GuildScheduledEvent
{
    public ulong Id { get; init; }
    public ulong GuildId { get; init; }
    public ulong? ChannelId { get; init; }
    public ulong? CreatorId { get; init; }
    public string Name { get; init; } = "";
    public string? Description { get; init; }
    public DateTimeOffset ScheduledStartTime { get; init; }
    public DateTimeOffset? ScheduledEndTime { get; init; }
    public int PrivacyLevel { get; init; } = 2;
    public int Status { get; init; } = 1;
    public int EntityType { get; init; }
    public ScheduledEventEntityMetadata? EntityMetadata { get; init; }
    public int? UserCount { get; init; }
}

public sealed record ScheduledEventEntityMetadata
{
    public string? Location { get; init; }
}

public sealed record GuildScheduledEventUser
{
    public ulong GuildScheduledEventId { get; init; }
    public User User { get; init; } = new();
    public GuildMember? Member { get; init; }
}
