using System.Collections.Immutable;

namespace CommunityBot.StandIn;

/// <summary>A user the stand-in knows. <see cref="DmsClosed"/> makes messages to their DM channel fail with 50007.</summary>
public sealed class StandInUser
{
    internal StandInUser(ulong id, string username, bool isBot)
    {
        Id = id;
        Username = username;
        IsBot = isBot;
    }

    public ulong Id { get; }
    public string Username { get; }
    public string? GlobalName { get; init; }
    public bool IsBot { get; }
    public volatile bool DmsClosed;
    /// <summary>The Discord language the user's client runs in: sent as <c>locale</c> on their interactions.</summary>
    public volatile string Locale = "en-US";
}

public sealed record StandInRole(ulong Id, ulong GuildId, string Name, ulong Permissions, int Position)
{
    public bool Mentionable { get; init; }
    public bool Managed { get; init; }
    public bool Hoist { get; init; }
}

/// <summary>Channel types used here (CH § Channel Types).</summary>
public static class ChannelKinds
{
    public const int GuildText = 0;
    public const int Dm = 1;
    public const int GuildAnnouncement = 5;
    public const int PublicThread = 11;
    public const int PrivateThread = 12;
    public const int GuildForum = 15;
}

public sealed record StandInChannel(ulong Id, ulong? GuildId, string Name, int Type)
{
    public ulong? ParentId { get; init; }
    public ulong? OwnerId { get; init; }
    /// <summary>For DM channels: the other party.</summary>
    public ulong? RecipientId { get; init; }
    public int Position { get; init; }
    public ulong? LastMessageId { get; init; }
    public bool Archived { get; init; }
    public int AutoArchiveDuration { get; init; } = 1440;
    public bool IsThread => Type is ChannelKinds.PublicThread or ChannelKinds.PrivateThread;
}

public sealed record StandInMember(ulong GuildId, ulong UserId, ImmutableList<ulong> Roles, DateTimeOffset JoinedAt)
{
    public string? Nick { get; init; }
    public DateTimeOffset? CommunicationDisabledUntil { get; init; }
    public bool Pending { get; init; }
}

public sealed record StandInBan(ulong GuildId, ulong UserId, string? Reason, int DeleteMessageSeconds);

public sealed record StandInInvite(string Code, ulong GuildId, ulong ChannelId, ulong? InviterId, int Uses, int MaxUses, int MaxAge, DateTimeOffset CreatedAt);

public sealed record StandInScheduledEvent(ulong Id, ulong GuildId, string Name, int EntityType, DateTimeOffset ScheduledStartTime)
{
    public ulong? ChannelId { get; init; }
    public ulong? CreatorId { get; init; }
    public string? Description { get; init; }
    public DateTimeOffset? ScheduledEndTime { get; init; }
    public int PrivacyLevel { get; init; } = 2;
    public int Status { get; init; } = 1;
    public string? Location { get; init; }
    public ImmutableList<ulong> Subscribers { get; init; } = [];
}

public sealed record StandInAttachment(ulong Id, string Filename, string? ContentType, byte[] Content)
{
    public string? Description { get; init; }
}

/// <summary>Who a message would have notified, from its content and <c>allowed_mentions</c>.</summary>
public sealed record MentionOutcome(ImmutableList<ulong> Users, ImmutableList<ulong> Roles, bool Everyone, bool RepliedUser)
{
    public static readonly MentionOutcome Nobody = new([], [], false, false);
    public bool WouldPing => Everyone || RepliedUser || !Users.IsEmpty || !Roles.IsEmpty;
}

public sealed record StandInPollAnswer(int AnswerId, string Text, string? Emoji)
{
    public ImmutableList<ulong> Voters { get; init; } = [];
}

public sealed record StandInPoll(string Question, ImmutableList<StandInPollAnswer> Answers, DateTimeOffset Expiry, bool AllowMultiselect, int LayoutType)
{
    public bool Finalized { get; init; }
}

/// <summary>An application command as registered through a bulk overwrite (raw JSON plus the ids Discord assigns).</summary>
public sealed record RegisteredCommand(ulong Id, ulong? GuildId, string Name, int Type, System.Text.Json.JsonElement Definition)
{
    public ulong Version { get; init; }
}
