using CommunityBot.Discord.Models;
using CommunityBot.Discord.Rest;
using CommunityBot.Features.Brainstorming;
using CommunityBot.Interactions;
using Microsoft.Extensions.Logging;

namespace CommunityBot.Features.Ideas;

/// <summary>
/// <c>idea:submit</c> (the /idea new form), <c>idea:up|down:{idea}</c> (votes) and <c>idea:decline:{idea}</c> (the reason form).
/// </summary>
public sealed class IdeaComponents(
    IdeaRepository ideas,
    IdeaCardRefresher cards,
    IdeaStatusService statuses,
    IDiscordRestClient rest,
    TimeProvider time,
    ILogger<IdeaComponents> logger) : IComponentHandler
{
    public string Feature => IdeaCard.Feature;

    public IReadOnlyList<ComponentAction> Actions { get; } =
        [new("submit"), new("up", CustomIdArg.Number), new("down", CustomIdArg.Number), new("decline", CustomIdArg.Number)];

    public Task HandleAsync(InteractionContext ctx, CustomId id) => id.Action switch
    {
        "submit" => SubmitAsync(ctx),
        "up" => VoteAsync(ctx, id.LongArg(0), +1),
        "down" => VoteAsync(ctx, id.LongArg(0), -1),
        "decline" => statuses.ChangeAsync(ctx, id.LongArg(0), IdeaStatus.Declined, ctx.RequiredModalValue("reason", "reason", IdeaCard.MaxReasonLength), null),
        _ => throw new InteractionRefusedException("This control is out of date. Please use the latest message."),
    };

    private async Task SubmitAsync(InteractionContext ctx)
    {
        var settings = ctx.Section<IdeaSettings>("The idea board");
        ctx.Require(settings.SubmitAccess);
        var title = ctx.RequiredModalValue("title", "Title", IdeaCard.MaxTitleLength);
        var description = ctx.RequiredModalValue("description", "Description", IdeaCard.MaxDescriptionLength);
        var ideaId = await ideas.CreateAsync(ctx.GuildId, settings.ChannelId, ctx.UserId, ctx.Interaction.Id, title, description, time.GetUtcNow());
        if (ideaId is not { } id)
        {
            await ctx.RespondAsync("Your idea was already posted.");
            return;
        }
        var idea = (await ideas.GetAsync(id))!;
        var votes = new IdeaVotes(0, 0);

        Message card;
        try
        {
            card = await rest.CreateMessageAsync(settings.ChannelId, new CreateMessageRequest
            {
                Embeds = [IdeaCard.Render(idea, votes)], Components = IdeaCard.Controls(idea, votes), Nonce = $"idea-{id}", EnforceNonce = true,
            });
        }
        catch (DiscordRestException ex)
        {
            logger.LogWarning(ex, "Could not post idea {IdeaId} in channel {ChannelId}", id, settings.ChannelId);
            await ideas.DeleteAsync(id);
            var copy = $"{title}\n{description}";
            throw new InteractionRefusedException("I could not post your idea in the ideas channel. Please tell a moderator; here is your text so you can retry:\n>>> " +
                                                  (copy.Length <= 1800 ? copy : copy[..1800] + "…"));
        }

        ulong? threadId = null;
        try
        {
            var thread = await rest.StartThreadFromMessageAsync(settings.ChannelId, card.Id,
                new StartThreadRequest { Name = IdeaCard.ThreadName(idea), AutoArchiveDuration = settings.ThreadAutoArchiveMinutes });
            threadId = thread.Id;
        }
        catch (DiscordRestException ex)
        {
            // The card works without a thread; people can still vote, and moderators see why in the log.
            logger.LogWarning(ex, "Could not start a thread for idea {IdeaId}", id);
        }
        await ideas.SetMessageAsync(id, card.Id, threadId);
        var link = $"https://discord.com/channels/{ctx.GuildId}/{settings.ChannelId}/{card.Id}";
        await ctx.RespondAsync($"💡 Your idea #{id} is posted: {link}" + (threadId is { } t ? $" — discuss it in <#{t}>." : "."));
    }

    private async Task VoteAsync(InteractionContext ctx, long ideaId, int value)
    {
        var idea = await ideas.GetAsync(ideaId);
        if (idea is null || idea.GuildId != ctx.GuildId) throw new InteractionRefusedException("This idea no longer exists.");
        var outcome = await ideas.VoteAsync(ideaId, ctx.UserId, value, ctx.Interaction.Id, time.GetUtcNow());
        switch (outcome)
        {
            case VoteOutcome.NotFound:
                throw new InteractionRefusedException("This idea no longer exists.");
            case VoteOutcome.Closed:
                throw new InteractionRefusedException($"Voting on idea #{ideaId} is closed ({idea.Status.Label()}).");
            case VoteOutcome.Stale:
                await ctx.RespondAsync("That click was older than your latest vote, so it was ignored.");
                return;
        }
        _ = cards.RequestAsync(ideaId);
        await ctx.RespondAsync(value > 0
            ? $"👍 You support idea #{ideaId}. Click 👎 to change your vote."
            : $"👎 You voted against idea #{ideaId}. Click 👍 to change your vote.");
    }
}
