using CommunityBot.Discord.Models;
using CommunityBot.Discord.Rest;
using CommunityBot.Interactions;
using Microsoft.Extensions.Logging;

namespace CommunityBot.Features.Faq;

/// <summary>
/// Message menu "Save as FAQ": proposes the message as an answer. A modal asks for the question — prefilled
/// from the message it replies to, else the thread's title — and tags. Submitting it is handled by
/// <see cref="FaqComponents"/> (custom id <c>faq:propose:channel:message:author</c>).
/// </summary>
public sealed class SaveAsFaqCommand(IDiscordRestClient rest, ILogger<SaveAsFaqCommand> logger) : IApplicationCommand
{
    public const int MaxQuestion = 250, MaxAnswer = 4000, MaxTags = 200;
    /// <summary>The modal must be the first answer, within Discord's 3 s; a slow lookup just leaves the field empty.</summary>
    private static readonly TimeSpan LookupBudget = TimeSpan.FromMilliseconds(1200);

    public ApplicationCommand Definition { get; } = Command.MessageMenu("Save as FAQ");

    public async Task ExecuteAsync(InteractionContext ctx)
    {
        var settings = ctx.Section<FaqSettings>("The FAQ");
        if (!FaqAccess.MayPropose(settings, ctx))
            throw new InteractionRefusedException("You can't propose FAQ entries on this server. Ask a moderator to save it.");
        var message = TargetMessage(ctx);
        if (string.IsNullOrWhiteSpace(message.Content))
            throw new InteractionRefusedException("That message has no text to save as an answer.");

        using var budget = new CancellationTokenSource(LookupBudget);
        var question = await QuestionForAsync(ctx, message, budget.Token) ?? "";
        var author = message.Author is { Bot: not true } a ? a.Id : 0UL;
        await ctx.ShowModalAsync(CustomId.Create(FaqCards.Feature, "propose", message.ChannelId == 0 ? ctx.ChannelId : message.ChannelId, message.Id, author),
            "Save as FAQ",
            Component.LabeledTextInput("question", "Question", TextInputStyles.Short, required: true, minLength: 5, maxLength: MaxQuestion,
                value: question.Length == 0 ? null : FaqText.Clip(question, MaxQuestion), placeholder: "How do I …?"),
            Component.LabeledTextInput("answer", "Answer", TextInputStyles.Paragraph, required: true, maxLength: MaxAnswer,
                value: message.Content.Length <= MaxAnswer ? message.Content : message.Content[..MaxAnswer],
                description: "Edit it into a standalone answer if it needs context."),
            Component.LabeledTextInput("tags", "Tags", TextInputStyles.Short, required: false, maxLength: MaxTags, placeholder: "account, login"));
    }

    public static Message TargetMessage(InteractionContext ctx)
    {
        var data = ctx.Interaction.Data;
        return data?.TargetId is { } id && data.Resolved?.Messages?.TryGetValue(id, out var m) == true
            ? m
            : throw new InteractionRefusedException("Discord did not send the message. Please try again.");
    }

    /// <summary>The text of the message this one replies to, else the title of the thread or forum post it is in.</summary>
    private async Task<string?> QuestionForAsync(InteractionContext ctx, Message message, CancellationToken ct)
    {
        if (message.ReferencedMessage is { Content.Length: > 0 } replied) return replied.Content;
        try
        {
            if (message.MessageReference is { MessageId: { } refId } reference)
            {
                var original = await rest.GetMessageAsync(reference.ChannelId ?? message.ChannelId, refId, ct);
                if (original.Content.Length > 0) return original.Content;
            }
            var channel = ctx.Interaction.Channel;
            if (channel?.Name is null || channel.Type == 0) channel = await rest.GetChannelAsync(ctx.ChannelId, ct);
            return channel.Type is ChannelTypes.PublicThread or ChannelTypes.PrivateThread ? channel.Name : null;
        }
        catch (Exception ex) when (ex is DiscordRestException or OperationCanceledException)
        {
            logger.LogDebug(ex, "Could not prefill the FAQ question for message {Message}", message.Id);
            return null;
        }
    }
}
