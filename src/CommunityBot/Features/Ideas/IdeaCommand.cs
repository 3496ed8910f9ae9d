using System.Text;
using CommunityBot.Discord.Models;
using CommunityBot.Interactions;

namespace CommunityBot.Features.Ideas;

/// <summary>
/// <c>/idea new | status | changelog</c>. (<c>/idea</c> has subcommands, and Discord does not let a command with
/// subcommands run on its own, so submitting is <c>/idea new</c>.)
/// </summary>
public sealed class IdeaCommand(IdeaRepository ideas, IdeaStatusService statuses) : IApplicationCommand
{
    public const int ChangelogLength = 20;

    public ApplicationCommand Definition { get; } = Command.Slash("idea", "Suggest ideas and follow what happens to them", AccessLevel.Everyone,
        Option.Sub("new", "Suggest an idea (opens a form)"),
        Option.Sub("status", "Moderators: move an idea along (new → under review → planned → in progress → shipped)",
            Option.Integer("id", "The idea number (shown on its card)", required: true, min: 1),
            Option.String("status", "The new status", required: true, choices:
            [
                ApplicationCommandOptionChoice.Of("under review", IdeaStatus.UnderReview.Key()),
                ApplicationCommandOptionChoice.Of("planned", IdeaStatus.Planned.Key()),
                ApplicationCommandOptionChoice.Of("in progress", IdeaStatus.InProgress.Key()),
                ApplicationCommandOptionChoice.Of("shipped", IdeaStatus.Shipped.Key()),
                ApplicationCommandOptionChoice.Of("declined (asks for a reason)", IdeaStatus.Declined.Key()),
                ApplicationCommandOptionChoice.Of("duplicate (merges votes)", IdeaStatus.Duplicate.Key()),
                ApplicationCommandOptionChoice.Of("new (reopen)", IdeaStatus.New.Key()),
            ]),
            Option.String("reason", "Why (required to decline; shown on the card and in the DMs)", maxLength: IdeaCard.MaxReasonLength),
            Option.Integer("duplicate_of", "For duplicate: the idea that stays open", min: 1)),
        Option.Sub("changelog", "You asked, we built: the ideas that shipped",
            Option.Boolean("public", "Moderators: post it in the channel instead of just to you")));

    public Task ExecuteAsync(InteractionContext ctx) => ctx.Options.Subcommand switch
    {
        "new" => NewAsync(ctx),
        "status" => StatusAsync(ctx),
        "changelog" => ChangelogAsync(ctx),
        _ => throw new InteractionRefusedException("Unknown /idea subcommand."),
    };

    private static Task NewAsync(InteractionContext ctx)
    {
        var settings = ctx.Section<IdeaSettings>("The idea board");
        ctx.Require(settings.SubmitAccess);
        return ctx.ShowModalAsync(CustomId.Create(IdeaCard.Feature, "submit"), "Suggest an idea",
            Component.LabeledTextInput("title", "Title", TextInputStyles.Short, minLength: 3, maxLength: IdeaCard.MaxTitleLength,
                placeholder: "A short summary of your idea"),
            Component.LabeledTextInput("description", "Description", TextInputStyles.Paragraph, minLength: 10, maxLength: IdeaCard.MaxDescriptionLength,
                placeholder: "What should change, and why would it help?"));
    }

    private async Task StatusAsync(InteractionContext ctx)
    {
        ctx.Require(AccessLevel.Moderator);
        var id = ctx.Options.RequiredInteger("id", min: 1);
        if (!IdeaStatuses.TryParse(ctx.Options.RequiredString("status"), out var status))
            throw CommandOptions.Refuse("status", "must be one of the listed statuses");
        var reason = ctx.Options.String("reason", IdeaCard.MaxReasonLength);
        if (status == IdeaStatus.Declined && string.IsNullOrEmpty(reason))
        {
            // A decline always explains itself: ask for the reason in a form rather than refusing.
            await ctx.ShowModalAsync(CustomId.Create(IdeaCard.Feature, "decline", id), $"Decline idea #{id}",
                Component.LabeledTextInput("reason", "Why is it declined?", TextInputStyles.Paragraph, minLength: 5, maxLength: IdeaCard.MaxReasonLength,
                    description: "Shown on the card and sent to the author and voters."));
            return;
        }
        await statuses.ChangeAsync(ctx, id, status, reason, ctx.Options.Integer("duplicate_of", min: 1));
    }

    private async Task ChangelogAsync(InteractionContext ctx)
    {
        var post = ctx.Options.Boolean("public") ?? false;
        if (post) ctx.Require(AccessLevel.Moderator);
        var shipped = await ideas.ShippedAsync(ctx.GuildId, ChangelogLength);
        var text = new StringBuilder();
        foreach (var idea in shipped)
        {
            var line = $"✅ **#{idea.Id} · {idea.Title}** — shipped <t:{idea.ShippedAt.ToUnixTimeSeconds()}:d> · 👍 {idea.Up}\n";
            if (text.Length + line.Length > 4000) break;
            text.Append(line);
        }
        var embed = new Embed
        {
            Title = "🚀 You asked, we built",
            Description = shipped.Count == 0 ? "Nothing has shipped yet. Suggest something with `/idea new`!" : text.ToString(),
            Footer = new EmbedFooter { Text = $"The {ChangelogLength} most recently shipped ideas" },
        };
        await ctx.RespondAsync(embeds: [embed], ephemeral: !post);
    }
}
