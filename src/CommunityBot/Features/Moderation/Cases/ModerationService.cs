using System.Net;
using CommunityBot.Configuration;
using CommunityBot.Discord.Models;
using CommunityBot.Discord.Rest;
using CommunityBot.Features.Ambassadors;
using CommunityBot.Hosting;
using CommunityBot.Interactions;
using Microsoft.Extensions.Logging;

namespace CommunityBot.Features.Moderation.Cases;

/// <summary>
/// Performs a moderation action and records it, the same way for every path: hierarchy check, case (numbered,
/// idempotent), DM to the member (before a kick or ban, while they still share a server with the bot; with an
/// Appeal button for warnings, timeouts and bans), the Discord call with the reason in X-Audit-Log-Reason, the
/// modlog post, points taken back for removed messages, and the escalation ladder after a warning.
/// Refusals are <see cref="InteractionRefusedException"/>s the caller shows to the moderator.
/// </summary>
public sealed class ModerationService(
    CaseRepository cases,
    HierarchyGuard hierarchy,
    IDiscordRestClient rest,
    GuildDirectory guilds,
    ICommunityConfig config,
    TimeProvider time,
    EscalationLadder escalation,
    ILogger<ModerationService> logger,
    IAmbassadorPoints? points = null)
{
    public async Task<ModerationOutcome> ExecuteAsync(ModerationRequest request, CancellationToken ct = default)
    {
        // A replay (same interaction, card, message or trigger) answers with what was done the first time.
        if (await cases.FindByKeyAsync(request.GuildId, request.IdempotencyKey, ct) is { } done)
            return new ModerationOutcome(done, false, done.DmDelivered is { } d ? d == 1 : null);

        ValidateDuration(request);
        var settings = config.Guild(request.GuildId)?.Section<ModerationSettings>();
        if ((request.Kind is CaseKinds.Warn or CaseKinds.Timeout or CaseKinds.Kick or CaseKinds.Ban) && !request.AlreadyApplied)
            await hierarchy.CheckAsync(request, requireMember: request.Kind != CaseKinds.Ban, ct);

        var (modCase, created) = await cases.CreateAsync(ToNewCase(request), ct);
        if (!created) return new ModerationOutcome(modCase, false, modCase.DmDelivered is { } d2 ? d2 == 1 : null);

        bool? dm = null;
        try
        {
            // After a kick or ban the member no longer shares a server with us, so they are told first.
            if (request.Kind is CaseKinds.Kick or CaseKinds.Ban) dm = await TellMemberAsync(modCase, settings, ct);
            if (!request.AlreadyApplied) await ApplyAsync(request, modCase, ct);
            if (request.Kind is CaseKinds.Warn or CaseKinds.Timeout) dm = await TellMemberAsync(modCase, settings, ct);
        }
        catch (DiscordRestException ex)
        {
            // The case stays (numbers are never reused) but is voided, so it counts for nothing.
            await cases.RevokeAsync(modCase.Id, ct);
            logger.LogWarning("Moderation {Kind} on {Target} in {Guild} failed: {Error}", request.Kind, request.TargetId, request.GuildId, ex.Message);
            throw new InteractionRefusedException(ex.Status == HttpStatusCode.Forbidden
                ? $"Discord refused the {request.Kind}: I am missing a permission or my role is too low (case #{modCase.CaseNumber} was voided)."
                : $"Discord refused the {request.Kind} ({ex.DiscordMessage}); case #{modCase.CaseNumber} was voided.");
        }
        if (dm is { } delivered)
        {
            await cases.SetDmDeliveredAsync(modCase.Id, delivered, ct);
            modCase.DmDelivered = delivered ? 1 : 0;
        }
        await PostToModlogAsync(modCase, settings, ct);

        if (request.Kind == CaseKinds.Warn && settings is not null && await escalation.NextStepAsync(modCase, settings, ct) is { } step)
            await EscalateAsync(step, ct);
        return new ModerationOutcome(modCase, true, dm);
    }

    private async Task EscalateAsync(EscalationDecision step, CancellationToken ct)
    {
        try
        {
            await ExecuteAsync(step.Request, ct);
        }
        catch (InteractionRefusedException refusal)
        {
            // The warning stands; the automatic step could not be applied (e.g. the member outranks the bot).
            logger.LogWarning("Escalation {Kind} for {Target} in {Guild} not applied: {Reason}", step.Request.Kind, step.Request.TargetId, step.Request.GuildId, refusal.Message);
        }
    }

    private static void ValidateDuration(ModerationRequest request)
    {
        if (request.Kind != CaseKinds.Timeout) return;
        if (request.Duration is not { } d || d <= TimeSpan.Zero) throw new InteractionRefusedException("A timeout needs a duration, e.g. `10m`, `2h` or `1d`.");
        if (d > Durations.MaxTimeout) throw new InteractionRefusedException("Discord allows timeouts of at most 28 days.");
    }

    private static NewCase ToNewCase(ModerationRequest r) => new()
    {
        GuildId = r.GuildId, Kind = r.Kind, TargetId = r.TargetId, ModeratorId = r.ModeratorId, Reason = CaseMessages.Clip(r.Reason, CaseMessages.MaxReason),
        Source = r.Source, IdempotencyKey = r.IdempotencyKey, Duration = r.Duration, MessageId = r.MessageId, ChannelId = r.ChannelId,
        MessageSnapshot = r.MessageSnapshot, LinkedCases = r.LinkedCases,
    };

    private async Task ApplyAsync(ModerationRequest r, ModCase c, CancellationToken ct)
    {
        var audit = CaseMessages.AuditReason(r.Reason, r.ModeratorId, c.CaseNumber);
        switch (r.Kind)
        {
            case CaseKinds.Timeout:
                await rest.ModifyGuildMemberAsync(r.GuildId, r.TargetId,
                    new ModifyGuildMemberRequest { CommunicationDisabledUntil = Optional.Of<DateTimeOffset?>(time.GetUtcNow() + r.Duration!.Value) }, audit, ct);
                break;
            case CaseKinds.Untimeout:
                await rest.ModifyGuildMemberAsync(r.GuildId, r.TargetId,
                    new ModifyGuildMemberRequest { CommunicationDisabledUntil = Optional.Of<DateTimeOffset?>(null) }, audit, ct);
                break;
            case CaseKinds.Kick:
                await rest.RemoveGuildMemberAsync(r.GuildId, r.TargetId, audit, ct);
                break;
            case CaseKinds.Ban:
                await rest.CreateGuildBanAsync(r.GuildId, r.TargetId, r.DeleteMessageSeconds, audit, ct);
                break;
            case CaseKinds.Unban:
                await rest.RemoveGuildBanAsync(r.GuildId, r.TargetId, audit, ct);
                break;
            case CaseKinds.Pardon:
                foreach (var number in r.LinkedCases)
                    if (await cases.GetByNumberAsync(r.GuildId, number, ct) is { } warning) await cases.RevokeAsync(warning.Id, ct);
                break;
            case CaseKinds.Delete when r.ChannelId is { } channel && r.MessageId is { } message:
                await DeleteMessageAsync(r.GuildId, channel, message, audit, r.ModeratorId, ct);
                break;
        }
    }

    /// <summary>Removes a message (already gone is fine) and takes back the points it earned.</summary>
    public async Task DeleteMessageAsync(ulong guildId, ulong channelId, ulong messageId, string auditReason, ulong moderatorId, CancellationToken ct = default)
    {
        try
        {
            await rest.DeleteMessageAsync(channelId, messageId, auditReason, ct);
        }
        catch (DiscordRestException ex) when (ex.Status == HttpStatusCode.NotFound) { }
        await TakeBackMessagePointsAsync(guildId, messageId, moderatorId, ct);
    }

    /// <summary>What a removed message earned (and its reactions) is reversed; nothing happens a second time.</summary>
    public async Task TakeBackMessagePointsAsync(ulong guildId, ulong messageId, ulong moderatorId, CancellationToken ct = default)
    {
        if (points is not null)
            await points.ReverseSourceAsync(guildId, PointSources.Message, messageId.ToString(System.Globalization.CultureInfo.InvariantCulture),
                "Message removed by moderation", moderatorId, ct);
    }

    /// <returns>Whether the DM arrived (false: the member's DMs are closed or they share no server with us).</returns>
    private async Task<bool> TellMemberAsync(ModCase c, ModerationSettings? settings, CancellationToken ct)
    {
        try
        {
            var guild = await guilds.GetAsync(c.GuildId, ct);
            var channel = await rest.CreateDmAsync(c.TargetId, ct);
            var appealable = CaseKinds.Appealable(c.Kind) && settings?.AppealsChannelId is not null;
            await rest.CreateMessageAsync(channel.Id, new CreateMessageRequest
            {
                Content = CaseMessages.DmText(c, guild.Name),
                Components = appealable ? CaseMessages.AppealButton(c) : null,
            }, ct: ct);
            return true;
        }
        catch (DiscordRestException ex)
        {
            logger.LogInformation("Could not DM {Member} about case #{Case}: {Error}", c.TargetId, c.CaseNumber, ex.Message);
            return false;
        }
    }

    public async Task PostToModlogAsync(ModCase c, ModerationSettings? settings, CancellationToken ct = default)
    {
        if (settings?.ModlogChannelId is not { } channel) return;
        try
        {
            if (c.ModlogMessageId is { } existing)
            {
                await rest.EditMessageAsync(channel, existing, new EditMessageRequest { Embeds = [CaseMessages.ModlogEmbed(c)] }, ct);
                return;
            }
            var posted = await rest.CreateMessageAsync(channel, new CreateMessageRequest { Embeds = [CaseMessages.ModlogEmbed(c)] }, ct: ct);
            await cases.SetModlogMessageAsync(c.Id, posted.Id, ct);
            c.ModlogMessageId = posted.Id;
        }
        catch (DiscordRestException ex)
        {
            logger.LogWarning("Could not post case #{Case} to the modlog of {Guild}: {Error}", c.CaseNumber, c.GuildId, ex.Message);
        }
    }
}
