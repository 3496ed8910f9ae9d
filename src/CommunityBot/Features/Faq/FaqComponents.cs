using System.Globalization;
using CommunityBot.Interactions;

namespace CommunityBot.Features.Faq;

/// <summary>
/// Every <c>faq:…</c> control: the capture and edit modals, Approve/Reject on review cards, the search result
/// picker, "Did this help?" votes and the nudge's buttons. State lives in the custom id and the database, so
/// controls on messages from before a restart keep working.
/// </summary>
public sealed class FaqComponents(FaqRepository repository, FaqNudges nudges, FaqWorkflow workflow, FaqViewer viewer, TimeProvider time) : IComponentHandler
{
    public string Feature => FaqCards.Feature;

    public IReadOnlyList<ComponentAction> Actions { get; } =
    [
        new("propose", CustomIdArg.Number, CustomIdArg.Number, CustomIdArg.Number), new("edit", CustomIdArg.Number),
        new("approve", CustomIdArg.Number), new("reject", CustomIdArg.Number), new("open"),
        new("vote", CustomIdArg.Number, CustomIdArg.Word), new("nudge", CustomIdArg.Number, CustomIdArg.Word),
    ];

    public Task HandleAsync(InteractionContext ctx, CustomId id)
    {
        var settings = ctx.Section<FaqSettings>("The FAQ");
        return id.Action switch
        {
            "propose" => ProposeAsync(ctx, settings, id),
            "edit" => EditAsync(ctx, id.LongArg(0)),
            "approve" or "reject" => DecideAsync(ctx, id.LongArg(0), id.Action == "approve"),
            "open" => OpenAsync(ctx, settings),
            "vote" => VoteAsync(ctx, settings, id.LongArg(0), id.Arg(1)),
            "nudge" => NudgeAsync(ctx, settings, id.LongArg(0), id.Arg(1)),
            _ => throw new InteractionRefusedException("This control is out of date. Please use the latest message."),
        };
    }

    private async Task ProposeAsync(InteractionContext ctx, FaqSettings settings, CustomId id)
    {
        if (!FaqAccess.MayPropose(settings, ctx)) throw new InteractionRefusedException("You can't propose FAQ entries on this server.");
        var (channelId, messageId, authorId) = (id.SnowflakeArg(0), id.SnowflakeArg(1), id.SnowflakeArg(2));
        var question = ctx.RequiredModalValue("question", "Question", SaveAsFaqCommand.MaxQuestion);
        var answer = ctx.RequiredModalValue("answer", "Answer", SaveAsFaqCommand.MaxAnswer);
        var tags = ctx.ModalValue("tags")?.Trim() ?? "";
        if (tags.Length > SaveAsFaqCommand.MaxTags) throw new InteractionRefusedException($"`Tags` must be at most {SaveAsFaqCommand.MaxTags} characters (it has {tags.Length}).");

        var publish = FaqAccess.PublishesDirectly(settings, ctx);
        var (entry, created) = await workflow.CaptureAsync(new FaqDraft(ctx.GuildId, question, answer, tags, channelId, messageId,
            authorId == 0 ? null : authorId, ctx.UserId, FaqOrigin.Saved), publish);
        await ctx.RespondAsync(!created
            ? $"That message is already FAQ #{entry.Id} ({entry.Status}); nothing new was saved."
            : publish
                ? $"✅ Published as FAQ #{entry.Id}. Find it with `/faq show {entry.Id}`."
                : $"Thanks! Proposed as FAQ #{entry.Id}. Moderators will review it in <#{settings.ReviewChannelId}>; you'll get a DM when they decide.");
    }

    private async Task EditAsync(InteractionContext ctx, long entryId)
    {
        ctx.Require(AccessLevel.Moderator);
        var question = ctx.RequiredModalValue("question", "Question", SaveAsFaqCommand.MaxQuestion);
        var answer = ctx.RequiredModalValue("answer", "Answer", SaveAsFaqCommand.MaxAnswer);
        var tags = ctx.ModalValue("tags")?.Trim() ?? "";
        if (tags.Length > SaveAsFaqCommand.MaxTags) throw new InteractionRefusedException($"`Tags` must be at most {SaveAsFaqCommand.MaxTags} characters (it has {tags.Length}).");
        if (!await workflow.EditAsync(ctx.GuildId, entryId, question, answer, tags, ctx.UserId))
            throw new InteractionRefusedException($"FAQ #{entryId} no longer exists.");
        await ctx.RespondAsync($"✏️ Updated FAQ #{entryId} (and marked it reviewed today).");
    }

    private async Task DecideAsync(InteractionContext ctx, long entryId, bool approve)
    {
        ctx.Require(AccessLevel.Moderator);
        if (await workflow.DecideAsync(ctx.GuildId, entryId, approve, ctx.UserId))
        {
            await ctx.RespondAsync(approve ? $"✅ Approved: FAQ #{entryId} is published and searchable." : $"❌ Rejected FAQ proposal #{entryId}.");
            return;
        }
        var entry = await repository.GetAsync(ctx.GuildId, entryId);
        await ctx.RespondAsync(entry is null ? $"FAQ proposal #{entryId} no longer exists." : $"FAQ #{entryId} was already decided ({entry.Status}).");
    }

    private Task OpenAsync(InteractionContext ctx, FaqSettings settings)
    {
        var value = ctx.Interaction.Data?.Values?.FirstOrDefault();
        if (!long.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var entryId))
            throw new InteractionRefusedException("Pick an entry from the list.");
        return viewer.ShowAsync(ctx, settings, entryId, inChannel: false);
    }

    private async Task VoteAsync(InteractionContext ctx, FaqSettings settings, long entryId, string vote)
    {
        if (vote is not ("yes" or "no")) throw new InteractionRefusedException("This control is out of date. Please use the latest message.");
        if (await repository.GetAsync(ctx.GuildId, entryId) is not { Status: FaqStatus.Published })
            throw new InteractionRefusedException($"FAQ #{entryId} is no longer published.");
        await repository.VoteAsync(entryId, ctx.UserId, vote == "yes", time.GetUtcNow());
        var entry = (await repository.GetAsync(ctx.GuildId, entryId))!;
        // Show the new tally on the message the buttons are on.
        await ctx.UpdateMessageAsync(ctx.Interaction.Message?.Content, [FaqCards.Entry(entry, time.GetUtcNow(), settings.StaleAfterDays)], FaqCards.HelpfulButtons(entryId));
    }

    private async Task NudgeAsync(InteractionContext ctx, FaqSettings settings, long nudgeId, string action)
    {
        if (action is not (NudgeOutcome.Helped or "dismiss")) throw new InteractionRefusedException("This control is out of date. Please use the latest message.");
        var nudge = await nudges.GetAsync(ctx.GuildId, nudgeId) ?? throw new InteractionRefusedException("This suggestion no longer exists.");
        if (nudge.AskerId != ctx.UserId && !ctx.IsModerator)
            throw new InteractionRefusedException("Only the person who asked can answer this suggestion.");

        var helped = action == NudgeOutcome.Helped;
        var now = time.GetUtcNow();
        await nudges.RecordOutcomeAsync(nudgeId, helped ? NudgeOutcome.Helped : NudgeOutcome.Dismissed, ctx.UserId, now);
        if (!helped)
        {
            await ctx.UpdateMessageAsync("Suggestion dismissed.", [], []);
            return;
        }
        await repository.RecordUsageAsync(nudge.EntryId, nudge.QuestionMessageId, "nudge", now);
        var entry = await repository.GetAsync(ctx.GuildId, nudge.EntryId);
        await ctx.UpdateMessageAsync("✅ Glad the FAQ helped!", entry is null ? [] : [FaqCards.Entry(entry, now, settings.StaleAfterDays)], []);
    }
}
