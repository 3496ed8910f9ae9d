namespace CommunityBot.Discord.Models;

/// <summary>USR § User Object (only the fields a community bot reads).</summary>
public sealed record User
{
    public ulong Id { get; init; }
    public string Username { get; init; } = "";
    public string? GlobalName { get; init; }
    public string? Discriminator { get; init; }
    public string? Avatar { get; init; }
    public bool? Bot { get; init; }

    /// <summary>The name people see: global display name, else the username.</summary>
    public string DisplayName => GlobalName ?? Username;
}

/// <summary>GLD § Guild Member Object. <c>User</c> is absent on MESSAGE_CREATE's partial member.</summary>
public sealed record GuildMember
{
    public User? User { get; init; }
    public string? Nick { get; init; }
    public ulong[] Roles { get; init; } = [];
    public DateTimeOffset? JoinedAt { get; init; }
    public bool? Pending { get; init; }
    /// <summary>Total permissions in the interaction's channel (overwrites applied); only on interactions.</summary>
    public ulong? Permissions { get; init; }
    public DateTimeOffset? CommunicationDisabledUntil { get; init; }
    /// <summary>GuildMemberFlags; bit 1 (1&lt;&lt;1) is COMPLETED_ONBOARDING.</summary>
    public int? Flags { get; init; }
}

public static class GuildMemberFlags
{
    public const int DidRejoin = 1 << 0;
    public const int CompletedOnboarding = 1 << 1;
}
