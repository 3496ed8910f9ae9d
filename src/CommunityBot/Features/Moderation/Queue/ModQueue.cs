using CommunityBot.Configuration;
using CommunityBot.Discord.Models;
using CommunityBot.Discord.Rest;
using CommunityBot.Hosting;
using Microsoft.Extensions.Logging;

namespace CommunityBot.Features.Moderation.Queue;

/// <summary>The message as it was when flagged: the card keeps this even after the message is deleted.</summary>
public sealed record FlaggedMessage(ulong GuildId, ulong ChannelId, ulong MessageId, ulong AuthorId, string Content)
{
    public static FlaggedMessage From(Message m, ulong guildId) =>
        new(guildId, m.ChannelId, m.Id, m.Author?.Id ?? 0, m.Content + string.Concat(m.Attachments.Select(a => $"\n📎 {a.Filename}")));
}

/// <summary>
/// Turns flags (rule matches, reports) into cards in the mod-queue channel: one card per message — the first flag
/// posts it with the action reactions, later flags are added to it — always rendered from the database.
/// </summary>
public sealed class ModQueue(QueueRepository queue, IDiscordRestClient rest, CardEdits edits, ICommunityConfig config, ILogger<ModQueue> logger)
{
    /// <param name="retry">
    /// This flag is a retry of one that failed part-way (the database went down): a card created then but never posted is
    /// posted now. Its nonce is fixed per flagged message, so if the first attempt did post, Discord answers with that message.
    /// </param>
    /// <returns>The card, or null when the guild has no mod-queue channel.</returns>
    public async Task<QueueCard?> FlagAsync(FlaggedMessage message, string source, string key, ulong? reporterId, string detail, CancellationToken ct = default,
        bool retry = false)
    {
        if (config.Guild(message.GuildId)?.Section<ModerationSettings>() is not { ModQueueChannelId: { } channel } settings) return null;
        var (card, created) = await queue.GetOrCreateAsync(message.GuildId, message.MessageId, message.ChannelId, message.AuthorId, message.Content, channel, ct);
        var added = await queue.AddFlagAsync(card.Id, source, key, reporterId, Cases.CaseMessages.Clip(detail, 300), ct);
        if (created || retry && card.CardMessageId is null) await PostAsync(card, settings, ct);
        else if (added) await RefreshAsync(card.Id, ct);
        return await queue.GetAsync(card.Id, ct);
    }

    private async Task PostAsync(QueueCard card, ModerationSettings settings, CancellationToken ct)
    {
        var flags = await queue.FlagsAsync(card.Id, ct);
        var posted = await rest.CreateMessageAsync(card.CardChannelId, new CreateMessageRequest
        {
            Embeds = [QueueCardView.Render(card, flags, settings.Queue)],
            Nonce = $"mq{card.MessageId}", // one card per flagged message, even when a retry posts again
        }, ct: ct);
        await queue.SetCardMessageAsync(card.Id, posted.Id, ct);
        foreach (var (_, emoji) in QueueReactions.All(settings.Queue))
        {
            try { await rest.CreateReactionAsync(card.CardChannelId, posted.Id, emoji, ct); }
            catch (DiscordRestException ex) { logger.LogWarning("Could not add {Emoji} to queue card {Card}: {Error}", emoji, card.Id, ex.Message); }
        }
        // A flag that arrived while we were posting is on the card only after a re-render.
        if ((await queue.FlagsAsync(card.Id, ct)).Count != flags.Count) await RefreshAsync(card.Id, ct);
    }

    /// <summary>Re-renders a card from the database (after a new flag, an action, or an automatic note).</summary>
    public async Task RefreshAsync(long cardId, CancellationToken ct = default)
    {
        if (await queue.GetAsync(cardId, ct) is not { CardMessageId: { } messageId } card) return;
        if (config.Guild(card.GuildId)?.Section<ModerationSettings>() is not { } settings) return;
        var flags = await queue.FlagsAsync(cardId, ct);
        try
        {
            await edits.EditAsync(card.CardChannelId, messageId, new EditMessageRequest { Embeds = [QueueCardView.Render(card, flags, settings.Queue)] }, ct);
        }
        catch (DiscordRestException ex)
        {
            logger.LogWarning("Could not update queue card {Card}: {Error}", cardId, ex.Message);
        }
    }
}
