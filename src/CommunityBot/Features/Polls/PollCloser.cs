using System.Globalization;
using CommunityBot.Discord.Models;
using CommunityBot.Discord.Rest;
using CommunityBot.Hosting;
using CommunityBot.Jobs;
using Microsoft.Extensions.Logging;

namespace CommunityBot.Features.Polls;

/// <summary>
/// Closes a poll — at its deadline (the durable <see cref="PollCloseJob"/>) or early with <c>/poll close</c>.
/// The database transition happens once however often this runs; the card edit is idempotent and the closing
/// announcement is sent until it is recorded as sent (with a nonce, so a retry after a crash does not post twice).
/// </summary>
public sealed class PollCloser(PollRepository polls, IDiscordRestClient rest, CardEdits edits, NativePollVoters voters, IJobScheduler jobs,
    PollCardRefresher cards, TimeProvider time, ILogger<PollCloser> logger)
{
    public const string JobKind = "poll-close";

    /// <summary>How soon the close job tries again when Discord could not be read as a poll ended outside the job.</summary>
    public static readonly TimeSpan SettleRetryDelay = TimeSpan.FromSeconds(30);

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
            await edits.EditAsync(poll.ChannelId, messageId, new EditMessageRequest { Embeds = [PollCard.Render(poll, tally)], Components = [] }, ct);
            // A vote's render that read the poll just before the close could land after our edit; one more render,
            // serialized behind it, leaves the closed card in place.
            await cards.RequestAsync(pollId);
            if (!poll.CloseAnnounced)
            {
                try
                {
                    await rest.CreateMessageAsync(poll.ChannelId, new CreateMessageRequest
                    {
                        Content = Announcement(poll, tally),
                        MessageReference = new MessageReference { MessageId = messageId, ChannelId = poll.ChannelId, FailIfNotExists = false },
                        Nonce = $"poll-close-{poll.Id}", EnforceNonce = true,
                    }, ct: ct);
                }
                catch (DiscordUnreadableAnswerException)
                {
                    // Posted (Discord answered 2xx); only its copy of the announcement could not be read, and we need none.
                }
                await polls.MarkAnnouncedAsync(pollId, ct);
            }
        }
        if (closedBy is not null) await jobs.CancelAsync(JobKind, JobKey(pollId), ct);
        if (closedNow) logger.LogInformation("Poll {PollId} closed ({Voters} voters)", pollId, tally.Voters);
        return closedNow;
    }

    /// <summary>
    /// Native polls end on Discord's side; we ask Discord to end it (a poll past its expiry answers with an error,
    /// then we read the message) and settle it from Discord's own records. The deadline job (<paramref name="closedBy"/>
    /// null) lets a failure to read Discord throw, so the job runner retries with backoff; a member's <c>/poll close</c>
    /// still closes and leaves the settling to the close job, brought forward.
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
        await polls.MarkAnnouncedAsync(poll.Id, ct); // Discord announces the end of its own polls.
        if (closedBy is null) await SettleNativeAsync(poll, message.Poll?.Results, ct);
        else await SettleOrRetryLaterAsync(poll, message.Poll?.Results, ct);
        return closedNow;
    }

    /// <summary>Discord ended the poll itself (MESSAGE_UPDATE with <c>results.is_finalized</c>): settle it the same way.</summary>
    public async Task RecordFinalAsync(long pollId, PollResults results, CancellationToken ct = default)
    {
        if (await polls.GetAsync(pollId, ct) is not { IsNative: true } poll) return;
        await SettleOrRetryLaterAsync(poll, results, ct);
    }

    /// <summary>
    /// Makes the stored results of an ended native poll Discord's: closed first (so vote events handled from now on are
    /// ignored), then every ballot replaced by Discord's list of voters per answer, and Discord's finalized counts kept.
    /// Safe to repeat: each run writes the same rows.
    /// </summary>
    private async Task SettleNativeAsync(Poll poll, PollResults? results, CancellationToken ct)
    {
        if (poll.MessageId is not { } messageId) return;
        await polls.CloseAsync(poll.Id, null, time.GetUtcNow(), ct);
        var ballots = await voters.ReadAsync(poll.ChannelId, messageId, poll.Options.Count, ct);
        await polls.ReplaceNativeBallotsAsync(poll.Id, ballots, time.GetUtcNow(), ct);
        if (results is { IsFinalized: true })
            await polls.RecordFinalCountsAsync(poll.Id, results.AnswerCounts.ToDictionary(a => a.Id, a => a.Count), ct);
        await jobs.CancelAsync(JobKind, JobKey(poll.Id), ct);
        logger.LogInformation("Native poll {PollId} settled from Discord ({Voters} voters)", poll.Id, ballots.Count);
    }

    private async Task SettleOrRetryLaterAsync(Poll poll, PollResults? results, CancellationToken ct)
    {
        try
        {
            await SettleNativeAsync(poll, results, ct);
        }
        catch (Exception ex) when (ex is DiscordRestException or HttpRequestException or TimeoutException)
        {
            logger.LogWarning(ex, "Could not read the voters of native poll {PollId} from Discord; the close job retries", poll.Id);
            await jobs.ScheduleAsync(JobKind, JobKey(poll.Id), time.GetUtcNow() + SettleRetryDelay, guildId: poll.GuildId, replace: true, ct: ct);
        }
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
