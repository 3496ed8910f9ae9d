namespace CommunityBot.StandIn;

public enum StateChangeKind
{
    GuildCreated,
    ChannelCreated,
    RoleCreated,
    RoleDeleted,
    MemberAdded,
    MemberUpdated,
    MemberRemoved,
    BanAdded,
    BanRemoved,
    MessageCreated,
    MessageUpdated,
    MessageDeleted,
    ReactionsChanged,
    PollVoted,
    InteractionCreated,
    InteractionResponded,
    CommandsRegistered,
    ScheduledEventChanged,
    InviteChanged,
    GatewayChanged,
    RequestRecorded,
}

/// <summary>One observable change, raised after the state is updated (for live views and cheap waiting).</summary>
public sealed record StateChange(StateChangeKind Kind, ulong? GuildId = null, ulong? ChannelId = null, ulong? EntityId = null);
