using CommunityBot.Discord.Gateway;

namespace CommunityBot.Hosting;

/// <summary>
/// Which dispatches must be handled in the order Discord sent them. Handlers run concurrently, so without this a
/// member's leave could be recorded after their rejoin, a poll vote's removal before its addition, or a message's
/// edit before its creation. Events with the same key run one after another (all handlers of the earlier event
/// finish first); events with different keys, or none, still run side by side.
/// </summary>
public readonly record struct EventOrderKey(EventOrderScope Scope, ulong First, ulong Second)
{
    public static EventOrderKey? For(GatewayEvent evt) => evt switch
    {
        GuildMemberAddEvent e => Member(e.GuildId, e.Member.User?.Id),
        GuildMemberUpdateEvent e => Member(e.GuildId, e.Member.User?.Id),
        GuildMemberRemoveEvent e => Member(e.GuildId, e.User.Id),
        MessageCreateEvent e => new(EventOrderScope.Message, e.Message.Id, 0),
        MessageUpdateEvent e => new(EventOrderScope.Message, e.Message.Id, 0),
        MessageDeleteEvent e => new(EventOrderScope.Message, e.Id, 0),
        MessageReactionAddEvent e => new(EventOrderScope.MemberOnMessage, e.MessageId, e.UserId),
        MessageReactionRemoveEvent e => new(EventOrderScope.MemberOnMessage, e.MessageId, e.UserId),
        MessagePollVoteEvent e => new(EventOrderScope.MemberOnMessage, e.MessageId, e.UserId),
        GuildScheduledEventUserAddEvent e => new(EventOrderScope.MemberOnScheduledEvent, e.GuildScheduledEventId, e.UserId),
        GuildScheduledEventUserRemoveEvent e => new(EventOrderScope.MemberOnScheduledEvent, e.GuildScheduledEventId, e.UserId),
        _ => null,
    };

    private static EventOrderKey? Member(ulong guildId, ulong? userId) =>
        userId is { } id ? new(EventOrderScope.Member, guildId, id) : null;
}

public enum EventOrderScope
{
    Member,
    Message,
    MemberOnMessage,
    MemberOnScheduledEvent,
}
