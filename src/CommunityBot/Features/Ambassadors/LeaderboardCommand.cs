using CommunityBot.Discord.Models;
using CommunityBot.Interactions;

namespace CommunityBot.Features.Ambassadors;

/// <summary>
/// <c>/leaderboard [scope]</c>: the top members by points earned this season (default once a season exists) or
/// all-time. Members who left are left out. Posted in the channel, but names never ping.
/// </summary>
public sealed class LeaderboardCommand(AmbassadorQueries queries) : IApplicationCommand
{
    public ApplicationCommand Definition { get; } = Command.Slash("leaderboard", "Top ambassadors this season or all-time", AccessLevel.Everyone,
        Option.String("scope", "Which leaderboard (default: this season)", choices:
        [
            ApplicationCommandOptionChoice.Of("This season", "season"),
            ApplicationCommandOptionChoice.Of("All-time", "all-time"),
        ]));

    public bool DeferEphemeral => false;

    public async Task ExecuteAsync(InteractionContext ctx)
    {
        var settings = ctx.Section<AmbassadorSettings>("The ambassador program");
        var scope = ctx.Options.String("scope") ?? "season";
        if (scope is not ("season" or "all-time")) throw CommandOptions.Refuse("scope", "must be `season` or `all-time`");
        var season = scope == "season" ? await queries.SeasonAsync(ctx.GuildId) : null;
        var rows = await queries.LeaderboardAsync(ctx.GuildId, season?.Id, settings.LeaderboardSize);
        var title = season is null ? "Ambassador leaderboard · all-time" : $"Ambassador leaderboard · {season.Name}";
        var body = rows.Count == 0
            ? "Nobody has earned points yet. Be the first!"
            : string.Join("\n", rows.Select((r, i) => $"{Medal(i)} <@{r.MemberId}> — {r.Points:N0} points"));
        var footer = scope == "season" && season is null ? "No season has started yet, so this is all-time." : null;
        await ctx.RespondAsync(embeds: [new Embed
        {
            Title = title, Description = body, Color = 0xF1C40F, Footer = footer is null ? null : new EmbedFooter { Text = footer },
        }], ephemeral: false);
    }

    private static string Medal(int index) => index switch { 0 => "🥇", 1 => "🥈", 2 => "🥉", _ => $"**{index + 1}.**" };
}
