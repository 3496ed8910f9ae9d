using System.Net;
using CommunityBot.Configuration;
using CommunityBot.Discord.Rest;
using CommunityBot.Storage;
using CommunityBot.Discord.Gateway;
using CommunityBot.Discord.Models;
using CommunityBot.Features.Moderation.Cases;
using CommunityBot.Features.Moderation.Queue;
using CommunityBot.Hosting;
using CommunityBot.Interactions;
using Microsoft.Extensions.Logging;

namespace CommunityBot.Features.Moderation.Automod;

/// <summary>
/// Runs the guild's automod rules on every new message. What protects the community comes first and needs only Discord:
/// the message is deleted (delete-and-flag and stronger) and a timeout applied, so a database outage cannot stop automod
/// (it fails closed). Then it is recorded: one queue card per message with a flag per rule (the content was captured
/// before the deletion), the case keyed on the message (so a replayed MESSAGE_CREATE records once), the points the
/// message earned taken back, and a note on the card. When recording meets a storage outage the event is retried
/// (<see cref="StorageRetry"/>) with the decision remembered (<see cref="AutomodDecisions"/>): nothing is done twice,
/// and the card appears once the database is back. Kick and ban follow the recording: the member's DM, sent before
/// they lose access, names the case.
/// </summary>
public sealed class AutomodHandler(
    ICommunityConfig config,
    MemberActivityTracker activity,
    InviteAllowList invites,
    AutomodDecisions decisions,
    ModQueue queue,
    QueueRepository cards,
    ModerationService moderation,
    HierarchyGuard hierarchy,
    IDiscordRestClient rest,
    TimeProvider time,
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

        var decision = decisions.Find(message.Id);
        var retry = decision is not null;
        if (decision is null)
        {
            var matches = await JudgeAsync(message, guildId, author.Id, settings, ct);
            if (matches.Count == 0) return;
            decision = await ProtectAsync(FlaggedMessage.From(message, guildId), matches, settings, ct);
            decisions.Remember(decision);
        }
        try
        {
            await RecordAsync(decision, retry, ct);
            decisions.Forget(message.Id);
        }
        catch (Exception ex) when (!TransientStorageError.Is(ex))
        {
            decisions.Forget(message.Id); // not coming back: only a storage outage is retried
            throw;
        }
    }

    private async Task<IReadOnlyList<AutomodMatch>> JudgeAsync(Message message, ulong guildId, ulong authorId, ModerationSettings settings, CancellationToken ct)
    {
        var engine = AutomodEngine.For(settings);
        var input = ToInput(message);
        var recent = settings.Rules.Any(r => r.Type is AutomodRuleType.Flood or AutomodRuleType.Duplicates)
            ? activity.Record(guildId, authorId, new MemberActivityTracker.Entry(message.Id, message.ChannelId, input.SentAt, AutomodEngine.ContentHash(message.Content)))
            : null;
        var allowed = settings.Rules.Any(r => r.Type == AutomodRuleType.Invites) && message.Content.Contains("discord", StringComparison.OrdinalIgnoreCase)
            ? await invites.GetAsync(guildId, settings, ct)
            : (IReadOnlySet<string>)new HashSet<string>();
        var matches = engine.Evaluate(input, allowed, recent);
        if (matches.Any(m => m.Type == AutomodRuleType.Flood)) activity.Reset(guildId, authorId);
        return matches;
    }

    /// <summary>Deletes and times out over Discord alone: nothing here touches the database.</summary>
    private async Task<AutomodDecision> ProtectAsync(FlaggedMessage message, IReadOnlyList<AutomodMatch> matches, ModerationSettings settings, CancellationToken ct)
    {
        var strongest = matches.MaxBy(m => m.Action)!;
        var rule = settings.Rules[strongest.RuleIndex];
        var audit = CaseMessages.AuditReason(ReasonOf(rule), bot.UserId, null);
        var deleted = false;
        string? refused = null;
        if (strongest.Action >= AutomodAction.DeleteAndFlag)
        {
            try
            {
                await rest.DeleteMessageAsync(message.ChannelId, message.MessageId, audit, ct);
                deleted = true;
            }
            catch (DiscordRestException ex) when (ex.Status == HttpStatusCode.NotFound)
            {
                deleted = true; // already gone
            }
            catch (DiscordRestException ex)
            {
                refused = $"the message could not be deleted ({Refusal(ex)})";
            }
        }
        if (strongest.Action == AutomodAction.Timeout)
        {
            try
            {
                await hierarchy.CheckAsync(Request(message, rule, CaseKinds.Timeout), requireMember: true, ct);
                await rest.ModifyGuildMemberAsync(message.GuildId, message.AuthorId, new ModifyGuildMemberRequest
                {
                    CommunicationDisabledUntil = Optional.Of<DateTimeOffset?>(time.GetUtcNow() + TimeSpan.FromMinutes(rule.TimeoutMinutes)),
                }, audit, ct);
            }
            catch (InteractionRefusedException refusal)
            {
                refused = refusal.Message;
            }
            catch (DiscordRestException ex)
            {
                refused = $"Discord refused the timeout ({Refusal(ex)})";
            }
        }
        if (refused is not null) logger.LogWarning("Automod {Action} on message {Message} not applied: {Reason}", strongest.Action, message.MessageId, refused);
        return new AutomodDecision(message, matches, strongest, rule, deleted, refused, AutomodDecision.NextSequence());
    }

    /// <summary>The card, the case and the note: every step keyed, so a retry after a storage outage adds nothing twice.</summary>
    private async Task RecordAsync(AutomodDecision d, bool retry, CancellationToken ct)
    {
        QueueCard? card = null;
        foreach (var match in d.Matches)
            card = await queue.FlagAsync(d.Message, FlagSources.Rule, match.RuleName, null, $"matched on “{match.Evidence}” → {match.Action}", ct, retry) ?? card;

        if (d.Deleted) await moderation.TakeBackMessagePointsAsync(d.Message.GuildId, d.Message.MessageId, bot.UserId, ct);
        string? note = null;
        if (d.Refused is not null) note = $"🤖 Automod could not {d.Strongest.Action}: {d.Refused}";
        else if (d.Strongest.Action != AutomodAction.Flag)
        {
            try
            {
                var outcome = await moderation.ExecuteAsync(Request(d.Message, d.Rule, KindOf(d.Strongest.Action)), ct);
                note = $"🤖 Automod: {outcome.Summary} (rule {d.Rule.Name})";
            }
            catch (InteractionRefusedException refusal)
            {
                logger.LogWarning("Automod {Action} on message {Message} not applied: {Reason}", d.Strongest.Action, d.Message.MessageId, refusal.Message);
                note = $"🤖 Automod could not {d.Strongest.Action}: {refusal.Message}";
            }
        }
        if (card is null || note is null) return;
        if (d.Deleted) await cards.MarkMessageDeletedAsync(card.Id, ct);
        await cards.SetNoteAsync(card.Id, note, ct);
        await queue.RefreshAsync(card.Id, ct);
    }

    private static string KindOf(AutomodAction action) => action switch
    {
        AutomodAction.DeleteAndFlag => CaseKinds.Delete,
        AutomodAction.DeleteAndWarn => CaseKinds.Warn,
        AutomodAction.Timeout => CaseKinds.Timeout,
        AutomodAction.Kick => CaseKinds.Kick,
        _ => CaseKinds.Ban,
    };

    private ModerationRequest Request(FlaggedMessage message, AutomodRuleSettings rule, string kind) => new()
    {
        GuildId = message.GuildId, Kind = kind, TargetId = message.AuthorId, ModeratorId = bot.UserId, Reason = ReasonOf(rule),
        Source = CaseSources.Automod, IdempotencyKey = $"automod:{message.MessageId}",
        Duration = kind == CaseKinds.Timeout ? TimeSpan.FromMinutes(rule.TimeoutMinutes) : null,
        MessageId = message.MessageId, ChannelId = message.ChannelId, MessageSnapshot = message.Content,
        // Deleting and timing out were done before recording; a warning, kick or ban is done by the service.
        AlreadyApplied = kind is CaseKinds.Delete or CaseKinds.Timeout,
    };

    private static string ReasonOf(AutomodRuleSettings rule) => rule.Reason ?? $"Automod: {rule.Name}";

    private static string Refusal(DiscordRestException ex) =>
        ex.Status == HttpStatusCode.Forbidden ? "I am missing a permission or my role is too low" : ex.DiscordMessage;

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
}
