namespace CommunityBot.StandIn;

/// <summary>One guild's mutable state; only touched while holding <see cref="StandInCore.Gate"/>.</summary>
internal sealed class GuildState(ulong id, string name, ulong ownerId)
{
    public ulong Id { get; } = id;
    public string Name { get; } = name;
    public ulong OwnerId { get; } = ownerId;
    public ulong BotRoleId { get; set; }
    /// <summary>Server Primary Language: <c>preferred_locale</c> on the guild, <c>guild_locale</c> on interactions.</summary>
    public string PreferredLocale { get; set; } = "en-US";
    public Dictionary<ulong, StandInRole> Roles { get; } = new();
    public Dictionary<ulong, StandInMember> Members { get; } = new();
    public Dictionary<ulong, StandInBan> Bans { get; } = new();
    public Dictionary<string, StandInInvite> Invites { get; } = new();
    public Dictionary<ulong, StandInScheduledEvent> ScheduledEvents { get; } = new();
    public List<ulong> ChannelIds { get; } = new();

    /// <summary>PERM § Permission Overwrites steps 1–3 (no channel overwrites are modelled) plus the timeout rule.</summary>
    public ulong PermissionsOf(ulong userId)
    {
        if (userId == OwnerId) return Permissions.All;
        if (!Members.TryGetValue(userId, out var member)) return 0;
        var total = Roles.TryGetValue(Id, out var everyone) ? everyone.Permissions : 0;
        foreach (var roleId in member.Roles)
            if (Roles.TryGetValue(roleId, out var role)) total |= role.Permissions;
        if ((total & Permissions.Administrator) != 0) return Permissions.All;
        if (member.CommunicationDisabledUntil is { } until && until > DateTimeOffset.UtcNow)
            total &= Permissions.ViewChannel | Permissions.ReadMessageHistory;
        return total;
    }

    public bool IsAdministrator(ulong userId) => userId == OwnerId || (PermissionsOf(userId) & Permissions.Administrator) != 0;

    /// <summary>Position of the member's highest role (@everyone counts as 0); the owner outranks everyone.</summary>
    public int HighestPosition(ulong userId)
    {
        if (userId == OwnerId) return int.MaxValue;
        if (!Members.TryGetValue(userId, out var member)) return -1;
        var highest = 0;
        foreach (var roleId in member.Roles)
            if (Roles.TryGetValue(roleId, out var role) && role.Position > highest) highest = role.Position;
        return highest;
    }
}
