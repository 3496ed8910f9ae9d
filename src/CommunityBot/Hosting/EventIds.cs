using CommunityBot.Discord.Gateway;

namespace CommunityBot.Hosting;

/// <summary>
/// The ids that identify what an event was about, for the one log line that says an event was given up: enough
/// for an operator to find the message, member or reaction and put right by hand what the bot could not record.
/// </summary>
public static class EventIds
{
    public static string Describe(GatewayEvent evt) => evt switch
    {
        MessageCreateEvent e => $"message {e.Message.Id} in channel {e.Message.ChannelId} of guild {e.Message.GuildId} by user {e.Message.Author?.Id}",
        MessageUpdateEvent e => $"message {e.Message.Id} in channel {e.Message.ChannelId} of guild {e.Message.GuildId}",
        MessageDeleteEvent e => $"message {e.Id} in channel {e.ChannelId} of guild {e.GuildId}",
        GuildMemberAddEvent e => $"user {e.Member.User?.Id} in guild {e.GuildId}",
        GuildMemberUpdateEvent e => $"user {e.Member.User?.Id} in guild {e.GuildId}",
        GuildMemberRemoveEvent e => $"user {e.User.Id} in guild {e.GuildId}",
        MessageReactionAddEvent e => $"reaction {e.Emoji.ToRouteForm()} by user {e.UserId} on message {e.MessageId} in channel {e.ChannelId} of guild {e.GuildId}",
        MessageReactionRemoveEvent e => $"reaction {e.Emoji.ToRouteForm()} by user {e.UserId} on message {e.MessageId} in channel {e.ChannelId} of guild {e.GuildId}",
        MessagePollVoteEvent e => $"poll vote for answer {e.AnswerId} by user {e.UserId} on message {e.MessageId} in channel {e.ChannelId} of guild {e.GuildId}",
        GuildScheduledEventUserAddEvent e => $"user {e.UserId} on scheduled event {e.GuildScheduledEventId} of guild {e.GuildId}",
        GuildScheduledEventUserRemoveEvent e => $"user {e.UserId} on scheduled event {e.GuildScheduledEventId} of guild {e.GuildId}",
        GuildCreateEvent e => $"guild {e.Guild.Id}",
        InviteCreateEvent e => $"invite {e.Code} in guild {e.GuildId}",
        _ => "no ids",
    } + $" ({evt.Name}, seq {evt.Sequence})";
}
