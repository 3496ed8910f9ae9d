using CommunityBot.Discord.Models;
using CommunityBot.Features.Ambassadors.Resources;
using CommunityBot.Interactions;
using CommunityBot.Localisation;

namespace CommunityBot.Features.Ambassadors;

/// <summary>
/// <c>/leaderboard [scope]</c>: the top members by points earned this season (default once a season exists) or
/// all-time. Members who left are left out. Posted in the channel, but names never ping.
/// </summary>
public sealed class LeaderboardCommand(AmbassadorQueries queries, Localiser<AmbassadorStrings> strings) : IApplicationCommand
{
    public ApplicationCommand Definition => Command.Slash("leaderboard", "Top ambassadors this season or all-time", AccessLevel.Everyone,
        Option.String("scope", "Which leaderboard (default: this season)", choices:
        [
            ApplicationCommandOptionChoice.Of("This season", "season"),
            ApplicationCommandOptionChoice.Of("All-time", "all-time"),
        ])).Localised(strings);

    public bool DeferEphemeral => false;

    public async Task ExecuteAsync(InteractionContext ctx)
    {
        var settings = ctx.Section<AmbassadorSettings>("The ambassador program");
        var scope = ctx.Options.String("scope") ?? "season";
        var c = ctx.Culture;
        if (scope is not ("season" or "all-time")) throw new InteractionRefusedException(strings.Get(c, "Leaderboard.BadScope"));
        var season = scope == "season" ? await queries.SeasonAsync(ctx.GuildId) : null;
        var rows = await queries.LeaderboardAsync(ctx.GuildId, season?.Id, settings.LeaderboardSize);
        var title = season is null ? strings.Get(c, "Leaderboard.AllTime") : strings.Get(c, "Leaderboard.Season", ("season", season.Name));
        var body = rows.Count == 0
            ? strings.Get(c, "Leaderboard.Empty")
            : string.Join("\n", rows.Select((r, i) => strings.Get(c, "Leaderboard.Line", ("medal", Medal(i)), ("member", $"<@{r.MemberId}>"), ("points", r.Points))));
        var footer = scope == "season" && season is null ? strings.Get(c, "Leaderboard.NoSeason") : null;
        await ctx.RespondAsync(embeds: [new Embed
        {
            Title = title, Description = body, Color = 0xF1C40F, Footer = footer is null ? null : new EmbedFooter { Text = footer },
        }], ephemeral: false);
    }

    private static string Medal(int index) => index switch { 0 => "🥇", 1 => "🥈", 2 => "🥉", _ => $"**{index + 1}.**" };
}
