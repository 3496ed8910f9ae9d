using CommunityBot.Discord.Models;
using CommunityBot.Interactions;

namespace CommunityBot.Features.Moderation.Cases;

/// <summary><c>/case show n</c> and <c>/case reason n text</c> (the modlog entry is edited too).</summary>
public sealed class CaseCommand(CaseRepository cases, ModerationService moderation) : IApplicationCommand
{
    public ApplicationCommand Definition { get; } = Command.Slash("case", "Look up or amend a moderation case", AccessLevel.Moderator,
        Option.Sub("show", "Show a case", Option.Integer("number", "Case number", required: true, min: 1)),
        Option.Sub("reason", "Change a case's reason", Option.Integer("number", "Case number", required: true, min: 1),
            Option.String("text", "The new reason", required: true, maxLength: CaseMessages.MaxReason)));

    public AccessLevel Access => AccessLevel.Moderator;

    public async Task ExecuteAsync(InteractionContext ctx)
    {
        var settings = ctx.Section<ModerationSettings>("Moderation");
        var number = (int)ctx.Options.RequiredInteger("number", 1, int.MaxValue);
        var found = await cases.GetByNumberAsync(ctx.GuildId, number) ?? throw new InteractionRefusedException($"There is no case #{number} on this server.");
        if (ctx.Options.Subcommand == "reason")
        {
            var text = ctx.Options.RequiredString("text", CaseMessages.MaxReason);
            await cases.UpdateReasonAsync(ctx.GuildId, number, text);
            found.Reason = text;
            await moderation.PostToModlogAsync(found, settings);
            await ctx.RespondAsync($"Case #{number} reason updated.", embeds: [CaseMessages.ModlogEmbed(found)]);
            return;
        }
        await ctx.RespondAsync(embeds: [CaseMessages.ModlogEmbed(found)]);
    }
}

/// <summary><c>/modlog member</c>: a member's case history, newest first.</summary>
public sealed class ModlogCommand(CaseRepository cases) : IApplicationCommand
{
    private const int Shown = 20;

    public ApplicationCommand Definition { get; } = Command.Slash("modlog", "A member's moderation history", AccessLevel.Moderator,
        Option.User("member", "Whose history", required: true));

    public AccessLevel Access => AccessLevel.Moderator;

    public async Task ExecuteAsync(InteractionContext ctx)
    {
        ctx.Section<ModerationSettings>("Moderation");
        var member = ctx.Options.RequiredSnowflake("member");
        var history = await cases.ForMemberAsync(ctx.GuildId, member, Shown);
        if (history.Count == 0)
        {
            await ctx.RespondAsync($"<@{member}> has no cases.");
            return;
        }
        var lines = history.Select(c =>
            $"**#{c.CaseNumber}** {CaseKinds.Label(c.Kind)}{(c.Revoked == 1 ? " *(withdrawn)*" : "")} · <t:{c.CreatedAt.ToUnixTimeSeconds()}:d> · by <@{c.ModeratorId}> · {CaseMessages.Clip(c.Reason, 120)}");
        var text = $"Cases for <@{member}> (newest first, up to {Shown}):\n" + string.Join('\n', lines);
        await ctx.RespondAsync(CaseMessages.Clip(text, 2000));
    }
}
