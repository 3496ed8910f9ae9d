using CommunityBot.Configuration;
using CommunityBot.Discord.Gateway;
using CommunityBot.Discord.Models;
using CommunityBot.Features.Moderation.Cases;
using CommunityBot.Features.Moderation.Queue;
using CommunityBot.Hosting;
using CommunityBot.Interactions;
using Microsoft.Extensions.Logging;

namespace CommunityBot.Features.Moderation.Automod;

/// <summary>
/// Runs the guild's automod rules on every new message. Matches go to the mod queue (one card, one flag per rule,
/// content captured before anything is deleted); the most severe action among the matching rules is then applied
/// and recorded as a case keyed on the message, so a replayed MESSAGE_CREATE acts once.
/// </summary>
public sealed class AutomodHandler(
    ICommunityConfig config,
    MemberActivityTracker activity,
    InviteAllowList invites,
    ModQueue queue,
    QueueRepository cards,
    ModerationService moderation,
    BotIdentity bot,
    ILogger<AutomodHandler> logger) : IEventHandler<MessageCreateEvent>
{
    public async Task HandleAsync(MessageCreateEvent evt, CancellationToken ct)
    {
        var message = evt.Message;
        if (message.GuildId is not { } guildId || message.Author is not { } author || author.Bot == true || message.WebhookId is not null) return;
        if (config.Guild(guildId) is not { } guild || guild.Section<ModerationSettings>() is not { Rules.Length: > 0 } settings) return;
        var roles = message.Member?.Roles ?? [];
        if (settings.ExemptChannelIds.Contains(message.ChannelId) || roles.Any(r => settings.ExemptRoleIds.Contains(r)
                || guild.ModeratorRoleIds.Contains(r) || guild.AdminRoleIds.Contains(r))) return;

        var engine = AutomodEngine.For(settings);
        var input = ToInput(message);
        var recent = settings.Rules.Any(r => r.Type is AutomodRuleType.Flood or AutomodRuleType.Duplicates)
            ? activity.Record(guildId, author.Id, new MemberActivityTracker.Entry(message.Id, message.ChannelId, input.SentAt, AutomodEngine.ContentHash(message.Content)))
            : null;
        var allowed = settings.Rules.Any(r => r.Type == AutomodRuleType.Invites) && message.Content.Contains("discord", StringComparison.OrdinalIgnoreCase)
            ? await invites.GetAsync(guildId, settings, ct)
            : (IReadOnlySet<string>)new HashSet<string>();
        var matches = engine.Evaluate(input, allowed, recent);
        if (matches.Count == 0) return;
        if (matches.Any(m => m.Type == AutomodRuleType.Flood)) activity.Reset(guildId, author.Id);

        var flagged = FlaggedMessage.From(message, guildId);
        QueueCard? card = null;
        foreach (var match in matches)
            card = await queue.FlagAsync(flagged, FlagSources.Rule, match.RuleName, null, $"matched on “{match.Evidence}” → {match.Action}", ct) ?? card;

        var strongest = matches.MaxBy(m => m.Action)!;
        try
        {
            var note = await ActAsync(flagged, strongest, settings, ct);
            if (card is not null && note is not null)
            {
                if (strongest.Action >= AutomodAction.DeleteAndFlag) await cards.MarkMessageDeletedAsync(card.Id, ct);
                await cards.SetNoteAsync(card.Id, $"🤖 Automod: {note}", ct);
                await queue.RefreshAsync(card.Id, ct);
            }
        }
        catch (InteractionRefusedException refusal)
        {
            logger.LogWarning("Automod {Action} on message {Message} not applied: {Reason}", strongest.Action, message.Id, refusal.Message);
            if (card is not null)
            {
                await cards.SetNoteAsync(card.Id, $"🤖 Automod could not {strongest.Action}: {refusal.Message}", ct);
                await queue.RefreshAsync(card.Id, ct);
            }
        }
    }

    private static AutomodMessage ToInput(Message message) => new()
    {
        Content = message.Content,
        MessageId = message.Id,
        AuthorId = message.Author!.Id,
        ChannelId = message.ChannelId,
        RoleIds = message.Member?.Roles ?? [],
        JoinedAt = message.Member?.JoinedAt,
        UserMentions = message.Mentions.Select(u => u.Id).Distinct().Count(),
        RoleMentions = message.MentionRoles.Distinct().Count(),
        MentionsEveryone = message.MentionEveryone,
        SentAt = Snowflake.CreatedAt(message.Id),
    };

    /// <returns>A note for the card describing what was done automatically, or null for a plain flag.</returns>
    private async Task<string?> ActAsync(FlaggedMessage message, AutomodMatch match, ModerationSettings settings, CancellationToken ct)
    {
        if (match.Action == AutomodAction.Flag) return null;
        var rule = settings.Rules[match.RuleIndex];
        var reason = rule.Reason ?? $"Automod: {rule.Name}";
        var kind = match.Action switch
        {
            AutomodAction.DeleteAndFlag => CaseKinds.Delete,
            AutomodAction.DeleteAndWarn => CaseKinds.Warn,
            AutomodAction.Timeout => CaseKinds.Timeout,
            AutomodAction.Kick => CaseKinds.Kick,
            _ => CaseKinds.Ban,
        };
        if (kind != CaseKinds.Delete)
            await moderation.DeleteMessageAsync(message.GuildId, message.ChannelId, message.MessageId, CaseMessages.AuditReason(reason, bot.UserId, null), bot.UserId, ct);
        var outcome = await moderation.ExecuteAsync(new ModerationRequest
        {
            GuildId = message.GuildId, Kind = kind, TargetId = message.AuthorId, ModeratorId = bot.UserId, Reason = reason,
            Source = CaseSources.Automod, IdempotencyKey = $"automod:{message.MessageId}",
            Duration = kind == CaseKinds.Timeout ? TimeSpan.FromMinutes(rule.TimeoutMinutes) : null,
            MessageId = message.MessageId, ChannelId = message.ChannelId, MessageSnapshot = message.Content,
        }, ct);
        return $"{outcome.Summary} (rule {rule.Name})";
    }
}
