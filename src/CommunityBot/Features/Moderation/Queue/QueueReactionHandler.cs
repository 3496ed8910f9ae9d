using System.Globalization;
using CommunityBot.Configuration;
using CommunityBot.Discord.Gateway;
using CommunityBot.Discord.Models;
using CommunityBot.Discord.Rest;
using CommunityBot.Features.Moderation.Cases;
using CommunityBot.Hosting;
using CommunityBot.Interactions;
using Microsoft.Extensions.Logging;

namespace CommunityBot.Features.Moderation.Queue;

/// <summary>
/// A reaction on a queue card. The card is found by its message id in the database (so cards posted before a
/// restart work); a non-moderator's reaction is removed and ignored; a moderator's reaction claims the card
/// atomically — of two moderators reacting at once, one acts — then performs the action, records the case,
/// updates the card with the outcome and who acted, and tells any reporters.
/// </summary>
public sealed class QueueReactionHandler(
    QueueRepository queue,
    ModQueue cards,
    ModerationService moderation,
    MemberAccess moderators,
    ICommunityConfig config,
    IDiscordRestClient rest,
    BotIdentity bot,
    ILogger<QueueReactionHandler> logger) : IEventHandler<MessageReactionAddEvent>
{
    public async Task HandleAsync(MessageReactionAddEvent evt, CancellationToken ct)
    {
        if (evt.GuildId is not { } guildId || evt.UserId == bot.UserId) return;
        if (config.Guild(guildId) is not { } guild || guild.Section<ModerationSettings>() is not { } settings) return;
        if (settings.ModQueueChannelId != evt.ChannelId) return;
        if (await queue.FindByCardMessageAsync(evt.MessageId, ct) is not { } card) return;

        var roles = evt.Member?.Roles ?? [];
        if (!await moderators.IsModeratorAsync(guild, evt.UserId, roles, ct))
        {
            await RemoveReactionAsync(evt);
            return;
        }
        if (QueueReactions.For(settings.Queue, evt.Emoji.Name ?? "") is not { } action) return;
        if (!await queue.ClaimAsync(card.Id, evt.UserId, QueueReactions.Describe(action), ct)) return;
        await ActAsync(card, action, evt.UserId, roles, settings, evt, ct);
    }

    /// <summary>
    /// Carries out a claimed card's action: the case, the outcome on the card, the reporters told. A refusal (hierarchy)
    /// reopens the card and removes the <paramref name="reaction"/> that asked for it. Also how the catch-up finishes a
    /// claim whose process died mid-action (the case's idempotency key keeps it to one case).
    /// </summary>
    public async Task ActAsync(QueueCard card, QueueAction action, ulong moderatorId, IReadOnlyList<ulong> roles, ModerationSettings settings,
        MessageReactionAddEvent? reaction, CancellationToken ct)
    {
        try
        {
            var caseNumber = await PerformAsync(card, action, moderatorId, roles, settings, ct);
            await queue.ResolveAsync(card.Id, QueueReactions.Describe(action), caseNumber, ct);
        }
        catch (InteractionRefusedException refusal)
        {
            await queue.ReopenAsync(card.Id, $"⚠️ <@{moderatorId}> tried: {QueueReactions.Describe(action)} — {refusal.Message}", ct);
            if (reaction is not null) await RemoveReactionAsync(reaction);
            await cards.RefreshAsync(card.Id, ct);
            return;
        }
        await cards.RefreshAsync(card.Id, ct);
        await TellReportersAsync(card, action, ct);
    }

    private async Task<int?> PerformAsync(QueueCard card, QueueAction action, ulong moderatorId, IReadOnlyList<ulong> roles, ModerationSettings settings, CancellationToken ct)
    {
        if (action == QueueAction.Dismiss) return null;
        var request = new ModerationRequest
        {
            GuildId = card.GuildId, TargetId = card.AuthorId, ModeratorId = moderatorId, ModeratorRoleIds = roles,
            Kind = action switch
            {
                QueueAction.Delete => CaseKinds.Delete,
                QueueAction.Warn => CaseKinds.Warn,
                QueueAction.Timeout => CaseKinds.Timeout,
                _ => CaseKinds.Ban,
            },
            Reason = $"Mod queue: {string.Join("; ", (await queue.FlagsAsync(card.Id, ct)).Select(f => f.Source == FlagSources.Rule ? f.FlagKey : "reported: " + f.Detail))}",
            Source = CaseSources.Queue,
            IdempotencyKey = $"queue:{card.Id}",
            Duration = action == QueueAction.Timeout ? TimeSpan.FromMinutes(settings.Queue.TimeoutMinutes) : null,
            MessageId = card.MessageId, ChannelId = card.ChannelId, MessageSnapshot = card.Content,
        };
        var outcome = await moderation.ExecuteAsync(request, ct);
        if (action is QueueAction.Delete or QueueAction.Ban && card.MessageDeleted == 0)
        {
            if (action == QueueAction.Ban)
                await moderation.DeleteMessageAsync(card.GuildId, card.ChannelId, card.MessageId, CaseMessages.AuditReason(request.Reason, moderatorId, outcome.Case.CaseNumber), moderatorId, ct);
            await queue.MarkMessageDeletedAsync(card.Id, ct);
        }
        return outcome.Case.CaseNumber;
    }

    private async Task TellReportersAsync(QueueCard card, QueueAction action, CancellationToken ct)
    {
        foreach (var reporter in await queue.TakeReportersToNotifyAsync(card.Id, ct))
        {
            try
            {
                var dm = await rest.CreateDmAsync(reporter, ct);
                var verdict = action == QueueAction.Dismiss ? "they decided no action was needed" : $"they took action ({QueueReactions.Describe(action)})";
                await rest.CreateMessageAsync(dm.Id, new CreateMessageRequest
                {
                    Content = $"Thanks for your report about a message in <#{card.ChannelId}>. The moderators reviewed it: {verdict}.",
                }, ct: ct);
            }
            catch (DiscordRestException ex)
            {
                logger.LogInformation("Could not tell reporter {Reporter} about card {Card}: {Error}", reporter, card.Id, ex.Message);
            }
        }
    }

    private async Task RemoveReactionAsync(MessageReactionAddEvent evt)
    {
        try
        {
            await rest.DeleteUserReactionAsync(evt.ChannelId, evt.MessageId, evt.Emoji.ToRouteForm(), evt.UserId);
        }
        catch (DiscordRestException ex)
        {
            logger.LogWarning("Could not remove {User}'s reaction from queue card {Message}: {Error}", evt.UserId,
                evt.MessageId.ToString(CultureInfo.InvariantCulture), ex.Message);
        }
    }
}
