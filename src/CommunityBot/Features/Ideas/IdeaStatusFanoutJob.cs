using System.Globalization;
using CommunityBot.Discord.Models;
using CommunityBot.Discord.Rest;
using CommunityBot.Features.Ambassadors;
using CommunityBot.Jobs;
using Microsoft.Extensions.Logging;

namespace CommunityBot.Features.Ideas;

/// <summary>
/// After a status change: awards the author for an accepted idea (idempotent through the ambassador ledger) and
/// DMs everyone queued for the change. A member whose DMs are closed (50007) or who left is marked failed at once;
/// other failures are retried with the job's backoff, at most <see cref="MaxAttempts"/> times per member.
/// </summary>
public sealed class IdeaStatusFanoutJob(
    IdeaRepository ideas,
    IDiscordRestClient rest,
    ILogger<IdeaStatusFanoutJob> logger,
    IAmbassadorPoints? points = null) : IJobHandler
{
    public const string JobKind = "idea-status-fanout";
    public const int MaxAttempts = 5;
    private static readonly int[] PermanentCodes = [DiscordRestException.CannotSendMessagesToThisUser, DiscordRestException.UnknownMember, 10013 /* unknown user */];

    public string Kind => JobKind;

    public async Task HandleAsync(Job job, CancellationToken ct)
    {
        var change = await ideas.GetChangeAsync(long.Parse(job.Key, CultureInfo.InvariantCulture), ct);
        if (change is null) return;
        var idea = await ideas.GetAsync(change.IdeaId, ct);
        if (idea is null) return;

        if (change.To.IsAccepted()) await AwardAsync(idea, change, ct);

        var retryLater = 0;
        foreach (var pending in await ideas.PendingNotificationsAsync(change.Id, ct))
        {
            try
            {
                var dm = await rest.CreateDmAsync(pending.MemberId, ct);
                await rest.CreateMessageAsync(dm.Id, Message(idea, change, pending), ct: ct);
                await ideas.RecordNotificationAsync(change.Id, pending.MemberId, "sent", null, ct);
            }
            catch (DiscordRestException ex) when (PermanentCodes.Contains(ex.Code) || pending.Attempts + 1 >= MaxAttempts)
            {
                await ideas.RecordNotificationAsync(change.Id, pending.MemberId, "failed", $"{ex.Code} {ex.DiscordMessage}", ct);
            }
            catch (Exception ex) when (ex is DiscordRestException or HttpRequestException)
            {
                retryLater++;
                await ideas.RecordNotificationAsync(change.Id, pending.MemberId, pending.Attempts + 1 >= MaxAttempts ? "failed" : "pending", ex.Message, ct);
            }
        }
        if (retryLater > 0) throw new InvalidOperationException($"{retryLater} idea notification(s) for change {change.Id} failed; retrying later.");
    }

    private async Task AwardAsync(Idea idea, IdeaStatusChange change, CancellationToken ct)
    {
        if (points is null)
        {
            logger.LogInformation("Idea #{IdeaId} accepted, but the ambassador program is not installed; no points awarded", idea.Id);
            return;
        }
        var award = await points.AwardAsync(idea.GuildId, idea.AuthorId, PointSources.IdeaAccepted, idea.Id.ToString(CultureInfo.InvariantCulture),
            $"Idea #{idea.Id} accepted ({change.To.Label()}): {idea.Title}", change.ActorId, ct);
        logger.LogInformation("Idea #{IdeaId} accepted: award {Awarded} ({Amount}) {WhyNot}", idea.Id, award.Awarded, award.Amount, award.WhyNot);
    }

    private static CreateMessageRequest Message(Idea idea, IdeaStatusChange change, PendingNotification recipient)
    {
        var why = recipient.Role == "author" ? "You suggested this idea." : "You voted on this idea.";
        var text = $"{why}\nIt moved from **{change.From.Label()}** to **{change.To.Label()}**.";
        if (change.To == IdeaStatus.Duplicate && idea.DuplicateOf is { } target) text += $"\nIt was merged into idea #{target}; your vote now counts there.";
        if (!string.IsNullOrEmpty(change.Reason)) text += $"\n> {change.Reason.Replace("\n", "\n> ", StringComparison.Ordinal)}";
        if (idea.Link is { } link) text += $"\n[See the idea]({link})";
        return new CreateMessageRequest
        {
            Embeds = [new Embed { Title = $"💡 Idea #{idea.Id} · {idea.Title}", Description = text, Timestamp = change.ChangedAt }],
            // Same nonce on a retry, so a DM that went out just before a crash is not sent twice.
            Nonce = Nonce(change.Id, recipient.MemberId),
            EnforceNonce = true,
        };
    }

    private static string Nonce(long changeId, ulong memberId)
    {
        var nonce = $"i{changeId.ToString("x", CultureInfo.InvariantCulture)}m{memberId.ToString("x", CultureInfo.InvariantCulture)}";
        return nonce.Length <= 25 ? nonce : nonce[^25..];
    }
}
