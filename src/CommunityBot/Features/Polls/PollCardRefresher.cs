using CommunityBot.Discord.Models;
using CommunityBot.Features.Brainstorming;
using CommunityBot.Hosting;
using Microsoft.Extensions.DependencyInjection;

namespace CommunityBot.Features.Polls;

/// <summary>Keeps a poll message's tally current after votes, coalescing bursts (see <see cref="CoalescingRefresher"/>).</summary>
public sealed class PollCardRefresher(CoalescingRefresher refresher)
{
    public Task RequestAsync(long pollId) => refresher.RequestAsync($"poll:{pollId}", async (services, ct) =>
    {
        var polls = services.GetRequiredService<PollRepository>();
        var edits = services.GetRequiredService<CardEdits>();
        // A close may land between our read and our edit (possibly from another process or the previous run of
        // this one); if the poll closed meanwhile, render again so an open card never overwrites the closed one.
        for (var round = 0; round < 3; round++)
        {
            var poll = await polls.GetAsync(pollId, ct);
            if (poll?.MessageId is not { } messageId || poll.IsNative) return;
            var tally = await polls.TallyAsync(pollId, ct);
            await edits.EditAsync(poll.ChannelId, messageId, new EditMessageRequest { Embeds = [PollCard.Render(poll, tally)], Components = PollCard.Controls(poll) }, ct);
            if (poll.IsClosed || (await polls.GetAsync(pollId, ct))?.IsClosed != true) return;
        }
    });
}
