using CommunityBot.Discord.Gateway;
using CommunityBot.Discord.Models;
using CommunityBot.Discord.Rest;

namespace CommunityBot.Hosting;

/// <summary>
/// What catch-up steps need to replay reactions added while the bot was away: who reacted (Get Reactions, every page)
/// and the reaction as the gateway would have delivered it, member roles included, so the feature's own live handler
/// — with its checks and idempotency keys — decides what it means.
/// </summary>
public static class CatchUpReactions
{
    private const int PageSize = 100;

    /// <summary>The people (not bots, not us) who reacted with <paramref name="emoji"/> on the message.</summary>
    public static async Task<IReadOnlyList<ulong>> ReactorsAsync(this IDiscordRestClient rest, ulong channelId, ulong messageId, string emoji, ulong botUserId,
        CancellationToken ct)
    {
        var users = new List<ulong>();
        ulong after = 0;
        while (true)
        {
            var page = await rest.GetReactionsAsync(channelId, messageId, emoji, after, PageSize, ct);
            users.AddRange(page.Where(u => u.Bot != true && u.Id != botUserId).Select(u => u.Id));
            if (page.Count < PageSize) return users;
            after = page.Max(u => u.Id);
        }
    }

    /// <summary>
    /// The reaction as a MESSAGE_REACTION_ADD would carry it (the member's current roles read over REST), or null when
    /// the person has left the guild since.
    /// </summary>
    public static async Task<MessageReactionAddEvent?> AsReactionEventAsync(this IDiscordRestClient rest, ulong guildId, ulong channelId, ulong messageId,
        ulong userId, string emoji, CancellationToken ct)
    {
        GuildMember member;
        try
        {
            member = await rest.GetGuildMemberAsync(guildId, userId, ct);
        }
        catch (DiscordRestException ex) when (ex.Code == DiscordRestException.UnknownMember)
        {
            return null;
        }
        return new MessageReactionAddEvent
        {
            Name = "MESSAGE_REACTION_ADD",
            GuildId = guildId, ChannelId = channelId, MessageId = messageId, UserId = userId, Member = member,
            Emoji = ParseEmoji(emoji),
        };
    }

    /// <summary>The route form back to an emoji: unicode, or <c>name:id</c> for a custom one.</summary>
    private static Emoji ParseEmoji(string routeForm)
    {
        var colon = routeForm.LastIndexOf(':');
        return colon > 0 && ulong.TryParse(routeForm.AsSpan(colon + 1), out var id)
            ? new Emoji { Name = routeForm[..colon], Id = id }
            : new Emoji { Name = routeForm };
    }
}
