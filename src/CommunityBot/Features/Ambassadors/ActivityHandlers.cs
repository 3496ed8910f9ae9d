using CommunityBot.Configuration;
using CommunityBot.Discord.Gateway;
using CommunityBot.Discord.Rest;
using CommunityBot.Hosting;
using Microsoft.Extensions.Logging;

namespace CommunityBot.Features.Ambassadors;

/// <summary>MESSAGE_CREATE: a member's message may earn points (keyed on the message id, so a replay earns nothing).</summary>
public sealed class MessagePointsHandler(AmbassadorPoints points, BotIdentity identity) : IEventHandler<MessageCreateEvent>
{
    // Default (0) and reply (19) are conversation; joins, pins, boosts and other system messages are not.
    private static readonly HashSet<int> ConversationTypes = [0, 19];

    public async Task HandleAsync(MessageCreateEvent evt, CancellationToken ct)
    {
        var message = evt.Message;
        if (message.GuildId is not { } guildId || message.Author is not { } author) return;
        if (author.Bot == true || message.WebhookId is not null || author.Id == identity.UserId) return;
        if (!ConversationTypes.Contains(message.Type)) return;
        await points.AwardMessageAsync(guildId, author.Id, message.ChannelId, message.Id, message.Content, ct);
    }
}

/// <summary>
/// MESSAGE_REACTION_ADD: the message's author earns points for a reaction from another member, capped per
/// message and per day, keyed on (message, reactor, emoji). Removing a reaction does not take points back:
/// the cap already bounds what reactions can earn, and un-reacting is not misconduct; re-adding the same
/// emoji hits the same key and earns nothing twice.
/// </summary>
public sealed class ReactionPointsHandler(AmbassadorPoints points, ICommunityConfig config, IDiscordRestClient rest, ILogger<ReactionPointsHandler> logger)
    : IEventHandler<MessageReactionAddEvent>
{
    public async Task HandleAsync(MessageReactionAddEvent evt, CancellationToken ct)
    {
        if (evt.GuildId is not { } guildId || config.Guild(guildId)?.Section<AmbassadorSettings>() is not { Weights.Reaction: > 0 }) return;
        if (evt.Member?.User?.Bot == true) return;
        var authorId = evt.MessageAuthorId;
        if (authorId is null)
        {
            // Older payloads lack message_author_id; one look-up tells us whose message it is.
            try
            {
                var message = await rest.GetMessageAsync(evt.ChannelId, evt.MessageId, ct);
                if (message.Author?.Bot == true || message.WebhookId is not null) return;
                authorId = message.Author?.Id;
            }
            catch (DiscordRestException ex)
            {
                logger.LogDebug("Could not look up message {Message} for reaction points: {Error}", evt.MessageId, ex.Message);
                return;
            }
        }
        if (authorId is not { } author || author == evt.UserId) return;
        await points.AwardReactionAsync(guildId, author, evt.MessageId, evt.UserId, evt.Emoji.ToRouteForm(), ct);
    }
}

/// <summary>GUILD_SCHEDULED_EVENT_USER_ADD: attending (signing up to) a scheduled event earns the attendance weight once per event.</summary>
public sealed class EventAttendanceHandler(IAmbassadorPoints points) : IEventHandler<GuildScheduledEventUserAddEvent>
{
    public Task HandleAsync(GuildScheduledEventUserAddEvent evt, CancellationToken ct) =>
        points.AwardAsync(evt.GuildId, evt.UserId, PointSources.EventAttendance, evt.GuildScheduledEventId.ToString(), "event attendance", ct: ct);
}

/// <summary>GUILD_MEMBER_REMOVE / ADD: departed members drop out of leaderboards and come back if they return.</summary>
public sealed class MemberPresenceHandler(LedgerWriter writer, ICommunityConfig config)
    : IEventHandler<GuildMemberRemoveEvent>, IEventHandler<GuildMemberAddEvent>
{
    public Task HandleAsync(GuildMemberRemoveEvent evt, CancellationToken ct) => SetAsync(evt.GuildId, evt.User.Id, departed: true, ct);

    public Task HandleAsync(GuildMemberAddEvent evt, CancellationToken ct) =>
        evt.Member.User is { } user ? SetAsync(evt.GuildId, user.Id, departed: false, ct) : Task.CompletedTask;

    private Task SetAsync(ulong guildId, ulong memberId, bool departed, CancellationToken ct) =>
        config.Guild(guildId)?.Section<AmbassadorSettings>() is null
            ? Task.CompletedTask
            : writer.RunAsync(async s => { await Ledger.SetDepartedAsync(s, guildId, memberId, departed); return true; }, ct);
}
