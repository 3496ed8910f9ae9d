using CommunityBot.Discord.Models;
using CommunityBot.Features.Brainstorming;
using CommunityBot.Hosting;
using Microsoft.Extensions.DependencyInjection;

namespace CommunityBot.Features.Ideas;

/// <summary>Re-renders an idea card from the database after votes and status changes, coalescing bursts.</summary>
public sealed class IdeaCardRefresher(CoalescingRefresher refresher)
{
    public Task RequestAsync(long ideaId) => refresher.RequestAsync($"idea:{ideaId}", async (services, ct) =>
    {
        var ideas = services.GetRequiredService<IdeaRepository>();
        var edits = services.GetRequiredService<CardEdits>();
        // If the status changed between our read and our edit, render again so an old status never sticks.
        for (var round = 0; round < 3; round++)
        {
            var idea = await ideas.GetAsync(ideaId, ct);
            if (idea?.MessageId is not { } messageId) return;
            var votes = await ideas.VotesAsync(ideaId, ct);
            await edits.EditAsync(idea.ChannelId, messageId, new EditMessageRequest { Embeds = [IdeaCard.Render(idea, votes)], Components = IdeaCard.Controls(idea, votes) }, ct);
            if ((await ideas.GetAsync(ideaId, ct))?.Status == idea.Status) return;
        }
    });
}
