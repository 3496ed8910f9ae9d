using System.Globalization;
using CommunityBot.Discord.Models;
using CommunityBot.Discord.Rest;
using CommunityBot.Jobs;
using Microsoft.Extensions.Logging;

namespace CommunityBot.Features.Polls;

/// <summary>
/// Closes a poll — at its deadline (the durable <see cref="PollCloseJob"/>) or early with <c>/poll close</c>.
/// The database transition happens once however often this runs; the card edit is idempotent and the closing
/// announcement is sent until it is recorded as sent (with a nonce, so a retry after a crash does not post twice).
/// </summary>
public sealed class PollCloser(PollRepository polls, IDiscordRestClient rest, IJobScheduler jobs, PollCardRefresher cards, TimeProvider time, ILogger<PollCloser> logger)
{
    public const string JobKind = "poll-close";

    public static string JobKey(long pollId) => pollId.ToString(CultureInfo.InvariantCulture);

    /// <returns>True when this call closed the poll; false when it was already closed (or does not exist).</returns>
    public async Task<bool> CloseAsync(long pollId, ulong? closedBy, CancellationToken ct = default)
    {
        var poll = await polls.GetAsync(pollId, ct);
        if (poll is null) return false;
        if (poll.IsNative) return await CloseNativeAsync(poll, closedBy, ct);

        var closedNow = await polls.CloseAsync(pollId, closedBy, time.GetUtcNow(), ct);
        poll = (await polls.GetAsync(pollId, ct))!;
        var tally = await polls.TallyAsync(pollId, ct);
        if (poll.MessageId is { } messageId)
        {
            await rest.EditMessageAsync(poll.ChannelId, messageId, new EditMessageRequest { Embeds = [PollCard.Render(poll, tally)], Components = [] }, ct);
            // A vote's render that read the poll just before the close could land after our edit; one more render,
            // serialized behind it, leaves the closed card in place.
            await cards.RequestAsync(pollId);
            if (!poll.CloseAnnounced)
            {
                await rest.CreateMessageAsync(poll.ChannelId, new CreateMessageRequest
                {
                    Content = Announcement(poll, tally),
                    MessageReference = new MessageReference { MessageId = messageId, ChannelId = poll.ChannelId, FailIfNotExists = false },
                    Nonce = $"poll-close-{poll.Id}", EnforceNonce = true,
                }, ct: ct);
                await polls.MarkAnnouncedAsync(pollId, ct);
            }
        }
        if (closedBy is not null) await jobs.CancelAsync(JobKind, JobKey(pollId), ct);
        if (closedNow) logger.LogInformation("Poll {PollId} closed ({Voters} voters)", pollId, tally.Voters);
        return closedNow;
    }

    /// <summary>
    /// Native polls end on Discord's side; we ask Discord to end it (a poll past its expiry answers with an error,
    /// then we read the message) and record the finalized counts if they are already there. Otherwise they arrive
    /// with the MESSAGE_UPDATE that carries <c>results.is_finalized</c>.
    /// </summary>
    private async Task<bool> CloseNativeAsync(Poll poll, ulong? closedBy, CancellationToken ct)
    {
        if (poll.MessageId is not { } messageId) return false;
        Message message;
        try
        {
            message = await rest.EndPollAsync(poll.ChannelId, messageId, ct);
        }
        catch (DiscordRestException ex) when (ex.Code != DiscordRestException.UnknownMessage)
        {
            message = await rest.GetMessageAsync(poll.ChannelId, messageId, ct);
        }
        var closedNow = await polls.CloseAsync(poll.Id, closedBy, time.GetUtcNow(), ct);
        if (message.Poll?.Results is { IsFinalized: true } results) await RecordFinalAsync(poll.Id, results, ct);
        if (closedBy is not null) await jobs.CancelAsync(JobKind, JobKey(poll.Id), ct);
        await polls.MarkAnnouncedAsync(poll.Id, ct); // Discord announces the end of its own polls.
        return closedNow;
    }

    public async Task RecordFinalAsync(long pollId, PollResults results, CancellationToken ct = default)
    {
        await polls.RecordFinalCountsAsync(pollId, results.AnswerCounts.ToDictionary(a => a.Id, a => a.Count), ct);
        await polls.CloseAsync(pollId, null, time.GetUtcNow(), ct);
        await jobs.CancelAsync(JobKind, JobKey(pollId), ct);
    }

    public static string Announcement(Poll poll, PollTally tally)
    {
        var leaders = tally.Leaders(poll.Options.Count);
        var outcome = leaders.Count == 0
            ? "nobody voted."
            : $"🏆 {string.Join(" and ", leaders.Select(p => $"**{poll.Options[p - 1]}**"))} with {tally.CountOf(leaders[0])} of {tally.Voters} votes.";
        return $"📊 Poll #{poll.Id} has closed: {poll.Question}\n{outcome}";
    }
}
