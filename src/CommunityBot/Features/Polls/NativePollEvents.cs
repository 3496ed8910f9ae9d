using CommunityBot.Discord.Gateway;
using CommunityBot.Hosting;

namespace CommunityBot.Features.Polls;

/// <summary>
/// Records native Discord polls: each MESSAGE_POLL_VOTE_ADD/REMOVE as a pick (idempotent: keyed on poll, member and
/// answer) for the live tally, and — when the MESSAGE_UPDATE carrying <c>results.is_finalized</c> says the poll ended —
/// settles it from Discord's own voter lists, since vote events may have been lost, repeated or reordered.
/// </summary>
public sealed class NativePollEvents(PollRepository polls, PollCloser closer, TimeProvider time)
    : IEventHandler<MessagePollVoteEvent>, IEventHandler<MessageUpdateEvent>
{
    public async Task HandleAsync(MessagePollVoteEvent evt, CancellationToken ct)
    {
        var poll = await polls.FindByMessageAsync(evt.MessageId, ct);
        if (poll is not { IsNative: true } || poll.IsClosed || evt.AnswerId < 1 || evt.AnswerId > poll.Options.Count) return;
        await polls.RecordNativeVoteAsync(poll.Id, evt.UserId, evt.AnswerId, evt.Added, time.GetUtcNow(), ct);
    }

    public async Task HandleAsync(MessageUpdateEvent evt, CancellationToken ct)
    {
        if (evt.Message.Poll?.Results is not { IsFinalized: true } results) return;
        var poll = await polls.FindByMessageAsync(evt.Message.Id, ct);
        if (poll is not { IsNative: true }) return;
        await closer.RecordFinalAsync(poll.Id, results, ct);
    }
}
