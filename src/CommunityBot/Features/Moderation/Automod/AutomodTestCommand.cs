using CommunityBot.Discord.Models;
using CommunityBot.Interactions;

namespace CommunityBot.Features.Moderation.Automod;

/// <summary>
/// <c>/automod test text</c>: which rules would match this text, on which words, and what they would do — answered
/// only to the moderator, nothing is flagged or acted on. Flood and duplicate rules depend on history and are skipped.
/// </summary>
public sealed class AutomodTestCommand(InviteAllowList invites, TimeProvider time) : IApplicationCommand
{
    public ApplicationCommand Definition { get; } = Command.Slash("automod", "Automod tools", AccessLevel.Moderator,
        Option.Sub("test", "Check which automod rules a text would trigger (nothing is acted on)",
            Option.String("text", "The text to check", required: true, maxLength: 2000)));

    public AccessLevel Access => AccessLevel.Moderator;

    public async Task ExecuteAsync(InteractionContext ctx)
    {
        var settings = ctx.Section<ModerationSettings>("Moderation");
        var text = ctx.Options.RequiredString("text", 2000);
        var input = new AutomodMessage
        {
            Content = text, AuthorId = ctx.UserId, ChannelId = ctx.ChannelId, RoleIds = ctx.MemberRoles,
            JoinedAt = ctx.Interaction.Member?.JoinedAt, SentAt = time.GetUtcNow(),
        };
        var allowed = await invites.GetAsync(ctx.GuildId, settings, CancellationToken.None);
        var matches = AutomodEngine.For(settings).Evaluate(input, allowed, activity: null);
        var normalized = TextNormalizer.Normalize(text).Text;
        var lines = matches.Count == 0
            ? ["No rule matches this text."]
            : matches.Select(m => $"• **{Safe(m.RuleName)}** ({m.Type}) → {m.Action}, matched on `{Safe(m.Evidence)}`").ToList();
        lines.Add($"Normalised as: `{Safe(Cases.CaseMessages.Clip(normalized, 300))}`");
        if (settings.Rules.Any(r => r.Type is AutomodRuleType.Flood or AutomodRuleType.Duplicates)) lines.Add("*(flood and duplicate rules depend on recent messages and are not tested here)*");
        await ctx.RespondAsync(Cases.CaseMessages.Clip(string.Join('\n', lines), 2000));
    }

    private static string Safe(string text) => text.Replace("`", "ˋ", StringComparison.Ordinal).Replace("\n", " ", StringComparison.Ordinal);
}
