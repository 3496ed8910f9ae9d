using CommunityBot.Discord.Models;
using CommunityBot.Discord.Rest;
using CommunityBot.Interactions;

namespace CommunityBot.Features.Faq;

/// <summary>
/// Message menu "Mark as answer", inside a thread or forum post of a help channel: the asker (the thread's
/// author) or a moderator marks a reply as the solution. The thread title becomes the question and the entry
/// is proposed for review (moderators' marks publish directly when so configured).
/// </summary>
public sealed class MarkAsAnswerCommand(IDiscordRestClient rest, HelpThreads threads, FaqWorkflow workflow) : IApplicationCommand
{
    public ApplicationCommand Definition { get; } = Command.MessageMenu("Mark as answer");

    public async Task ExecuteAsync(InteractionContext ctx)
    {
        var settings = ctx.Section<FaqSettings>("The FAQ");
        var channel = ctx.Interaction.Channel is { ParentId: not null, OwnerId: not null, Name: not null } c ? c : await rest.GetChannelAsync(ctx.ChannelId);
        var thread = threads.Remember(channel);
        if (!thread.IsThread)
            throw new InteractionRefusedException("“Mark as answer” works inside help threads and forum posts.");
        if (settings.HelpChannelIds.Length > 0 && (thread.ParentId is not { } parent || !settings.HelpChannelIds.Contains(parent)))
            throw new InteractionRefusedException($"“Mark as answer” works in threads of the help channels: {string.Join(", ", settings.HelpChannelIds.Select(id => $"<#{id}>"))}.");
        var isAsker = thread.OwnerId == ctx.UserId;
        if (!isAsker && !ctx.IsModerator)
            throw new InteractionRefusedException("Only the person who asked (the thread's author) or a moderator can mark the answer.");

        var message = SaveAsFaqCommand.TargetMessage(ctx);
        if (string.IsNullOrWhiteSpace(message.Content))
            throw new InteractionRefusedException("That message has no text to use as an answer.");
        var question = FaqText.Clip(thread.Name ?? "", SaveAsFaqCommand.MaxQuestion);
        if (question.Length == 0) throw new InteractionRefusedException("This thread has no title to use as the question. Use “Save as FAQ” instead.");

        var answer = message.Content.Length <= SaveAsFaqCommand.MaxAnswer ? message.Content : message.Content[..SaveAsFaqCommand.MaxAnswer];
        var publish = FaqAccess.PublishesDirectly(settings, ctx);
        var (entry, created) = await workflow.CaptureAsync(new FaqDraft(ctx.GuildId, question, answer, "", ctx.ChannelId, message.Id,
            message.Author is { Bot: not true } a ? a.Id : null, ctx.UserId, FaqOrigin.MarkedAnswer), publish);

        if (!created)
        {
            await ctx.RespondAsync($"That reply is already FAQ #{entry.Id} ({entry.Status}).");
            return;
        }
        var link = $"https://discord.com/channels/{ctx.GuildId}/{ctx.ChannelId}/{message.Id}";
        await ctx.RespondAsync(publish
            ? $"✅ Marked [this reply]({link}) as the answer and published it as FAQ #{entry.Id}."
            : $"✅ Marked [this reply]({link}) as the answer. It is proposed as FAQ #{entry.Id}; moderators will review it.", ephemeral: false);
    }
}
