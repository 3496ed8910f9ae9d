using System.Globalization;
using System.Net;
using CommunityBot.Configuration;
using CommunityBot.Discord.Gateway;
using CommunityBot.Discord.Models;
using CommunityBot.Discord.Rest;
using CommunityBot.Features.Ambassadors;
using CommunityBot.Hosting;
using CommunityBot.Jobs;
using Microsoft.Extensions.Logging;

namespace CommunityBot.Features.Faq;

/// <summary>
/// Brings Discord in line with an entry's state: posts (or finalises) its review card, credits the answer's
/// author once it is published, and tells the proposer how review went. Every step is safe to repeat — the
/// card is created with a nonce and remembered, reactions are idempotent PUTs, the points ledger is keyed on
/// the entry, the DM carries a nonce — because a job runs at least once.
/// </summary>
public sealed class FaqSyncJob(
    FaqRepository repository,
    IDiscordRestClient rest,
    ICommunityConfig config,
    ILogger<FaqSyncJob> logger,
    IAmbassadorPoints? points = null) : IJobHandler
{
    public const string Kind = "faq.sync";
    string IJobHandler.Kind => Kind;

    public async Task HandleAsync(Job job, CancellationToken ct)
    {
        var id = long.Parse(job.Key.Split(':')[0], CultureInfo.InvariantCulture);
        if (await repository.GetByIdAsync(id, ct) is not { } entry) return;
        if (config.Guild(entry.GuildId)?.Section<FaqSettings>() is not { } settings)
        {
            logger.LogInformation("FAQ is off in guild {Guild}; follow-ups of entry {Id} wait until it is on again", entry.GuildId, id);
            return;
        }

        await SyncCardAsync(entry, settings, ct);
        var decided = entry.Status is FaqStatus.Published or FaqStatus.Rejected;
        if (entry.Status == FaqStatus.Published) await CreditAuthorAsync(entry, ct);
        if (decided && entry.ReviewerId != entry.ProposerId) await TellProposerAsync(entry, ct);
        await repository.ClearSyncPendingAsync(entry.Id, entry.Status, ct);
    }

    private async Task SyncCardAsync(FaqEntry entry, FaqSettings settings, CancellationToken ct)
    {
        if (entry.ReviewMessageId is null)
        {
            // The nonce makes Discord return the first message if an earlier attempt posted it but crashed before saving its id.
            var card = await rest.CreateMessageAsync(settings.ReviewChannelId, new CreateMessageRequest
            {
                Embeds = [FaqCards.ReviewCard(entry)], Components = FaqCards.ReviewButtons(entry),
                Nonce = "faqcard" + entry.Id.ToString(CultureInfo.InvariantCulture), EnforceNonce = true,
            }, ct: ct);
            await repository.SetReviewCardAsync(entry.Id, settings.ReviewChannelId, card.Id, ct);
            entry.ReviewChannelId = settings.ReviewChannelId;
            entry.ReviewMessageId = card.Id;
        }
        else if (entry.Status != FaqStatus.Proposed)
        {
            try
            {
                await rest.EditMessageAsync(entry.ReviewChannelId!.Value, entry.ReviewMessageId.Value,
                    new EditMessageRequest { Embeds = [FaqCards.ReviewCard(entry)], Components = [] }, ct);
            }
            catch (DiscordRestException ex) when (ex.Code == DiscordRestException.UnknownMessage)
            {
                logger.LogInformation("Review card of FAQ #{Id} was deleted; nothing to update", entry.Id);
            }
        }

        if (entry.Status == FaqStatus.Proposed)
        {
            await rest.CreateReactionAsync(entry.ReviewChannelId!.Value, entry.ReviewMessageId!.Value, FaqCards.Approve, ct);
            await rest.CreateReactionAsync(entry.ReviewChannelId.Value, entry.ReviewMessageId.Value, FaqCards.Reject, ct);
        }
    }

    private async Task CreditAuthorAsync(FaqEntry entry, CancellationToken ct)
    {
        if (points is null || entry.AnswerAuthorId is not { } author) return;
        var award = await points.AwardAsync(entry.GuildId, author, PointSources.FaqAnswer, entry.Id.ToString(CultureInfo.InvariantCulture),
            $"Answer published as FAQ #{entry.Id}", entry.ReviewerId, ct);
        logger.LogInformation("FAQ #{Id}: credit for {Author}: {Awarded} {Amount} {WhyNot}", entry.Id, author, award.Awarded, award.Amount, award.WhyNot);
    }

    private async Task TellProposerAsync(FaqEntry entry, CancellationToken ct)
    {
        var text = entry.Status == FaqStatus.Published
            ? $"✅ Your FAQ proposal was approved and is now FAQ #{entry.Id}: “{FaqText.Clip(entry.Question, 200)}”. Thank you! Find it with `/faq show {entry.Id}`."
            : $"Your FAQ proposal #{entry.Id} (“{FaqText.Clip(entry.Question, 200)}”) was not accepted this time. Thanks for suggesting it.";
        try
        {
            var dm = await rest.CreateDmAsync(entry.ProposerId, ct);
            await rest.CreateMessageAsync(dm.Id, new CreateMessageRequest
            {
                Content = text, Nonce = "faqdone" + entry.Id.ToString(CultureInfo.InvariantCulture), EnforceNonce = true,
            }, ct: ct);
        }
        catch (DiscordRestException ex) when (ex.Status is HttpStatusCode.Forbidden || ex.Code == DiscordRestException.CannotSendMessagesToThisUser)
        {
            // Closed DMs are the member's choice; retrying would not change it.
            logger.LogInformation("Could not DM proposer {User} about FAQ #{Id}: {Reason}", entry.ProposerId, entry.Id, ex.DiscordMessage);
        }
    }

    /// <summary>
    /// On every READY, re-schedules follow-ups the database still owes (a crash between a state change and
    /// scheduling its job would otherwise lose them). Scheduling is idempotent per entry and phase.
    /// </summary>
    internal sealed class Sweep(FaqRepository repository, FaqWorkflow workflow) : IEventHandler<ReadyEvent>
    {
        public async Task HandleAsync(ReadyEvent evt, CancellationToken ct)
        {
            foreach (var entry in await repository.PendingSyncAsync(ct))
                await workflow.ScheduleSyncAsync(entry, ct);
        }
    }
}
