using System.Globalization;
using CommunityBot.Interactions;
using CommunityBot.Jobs;

namespace CommunityBot.Features.Ideas;

/// <summary>
/// Applies a moderator's status change: the database change (with the duplicate merge), the card edits, and a
/// durable fan-out job that awards points for accepted ideas and DMs the author and voters.
/// </summary>
public sealed class IdeaStatusService(IdeaRepository ideas, IdeaCardRefresher cards, IJobScheduler jobs, TimeProvider time)
{
    public async Task ChangeAsync(InteractionContext ctx, long ideaId, IdeaStatus to, string? reason, long? duplicateOf)
    {
        ctx.Require(AccessLevel.Moderator);
        var idea = await ideas.GetAsync(ideaId);
        if (idea is null || idea.GuildId != ctx.GuildId) throw new InteractionRefusedException($"There is no idea #{ideaId} on this server.");
        if (to == IdeaStatus.Declined && string.IsNullOrWhiteSpace(reason)) throw new InteractionRefusedException("`reason` is required to decline an idea.");

        var notifyVoters = ctx.GuildConfig?.Section<IdeaSettings>()?.NotifyVoters ?? true;
        var result = await ideas.ChangeStatusAsync(ideaId, to, reason, duplicateOf, ctx.UserId, ctx.Interaction.Id, time.GetUtcNow(), notifyVoters);
        if (result.Refusal is { } why) throw new InteractionRefusedException(why);
        if (result.ChangeId is not { } changeId)
        {
            await ctx.RespondAsync($"That change to idea #{ideaId} was already applied.");
            return;
        }

        await jobs.ScheduleAsync(IdeaStatusFanoutJob.JobKind, changeId.ToString(CultureInfo.InvariantCulture), time.GetUtcNow(), guildId: ctx.GuildId);
        await cards.RequestAsync(ideaId);
        if (to == IdeaStatus.Duplicate && duplicateOf is { } target) await cards.RequestAsync(target);
        var merged = to == IdeaStatus.Duplicate ? $" Its votes were merged into #{duplicateOf}." : "";
        await ctx.RespondAsync($"Idea #{ideaId} is now {to.Label()}.{merged} Notifying {result.Notified} member(s) by DM.");
    }
}
