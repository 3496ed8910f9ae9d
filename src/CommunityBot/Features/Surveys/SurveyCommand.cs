using CommunityBot.Discord.Models;
using CommunityBot.Discord.Rest;
using CommunityBot.Interactions;

namespace CommunityBot.Features.Surveys;

/// <summary><c>/survey post | results</c> (moderators). Surveys themselves are defined in the community config.</summary>
public sealed class SurveyCommand(SurveyRepository surveys, IDiscordRestClient rest) : IApplicationCommand
{
    public ApplicationCommand Definition { get; } = Command.Slash("survey", "Run the surveys defined in the community config", AccessLevel.Moderator,
        Option.Sub("post", "Post a survey's start button in this channel",
            Option.String("survey", "The survey id from the config", required: true, autocomplete: true)),
        Option.Sub("results", "Summarise a survey's answers and attach them as CSV",
            Option.String("survey", "The survey id from the config", required: true, autocomplete: true)));

    public AccessLevel Access => AccessLevel.Moderator;

    public async Task ExecuteAsync(InteractionContext ctx)
    {
        var settings = ctx.Section<SurveySettings>("Surveys");
        var id = ctx.Options.RequiredString("survey", maxLength: 32);
        var survey = settings.Find(id) ?? throw CommandOptions.Refuse("survey", $"names no configured survey (known: {string.Join(", ", settings.Definitions.Select(d => d.Id))})");
        switch (ctx.Options.Subcommand)
        {
            case "post":
                await rest.CreateMessageAsync(ctx.ChannelId, SurveyForms.Post(survey));
                await ctx.RespondAsync($"Posted \"{survey.Title}\". Use `/survey results survey:{survey.Id}` to see the answers.");
                break;
            case "results":
                var responses = await surveys.ResponsesAsync(ctx.GuildId, survey.Id);
                await ctx.RespondAsync(embeds: [SurveyResults.Summary(survey, responses)],
                    files: [new FileUpload($"survey-{survey.Id}.csv", SurveyResults.ToCsv(survey, responses), "text/csv")]);
                break;
            default:
                throw new InteractionRefusedException("Unknown /survey subcommand.");
        }
    }

    public Task<IEnumerable<ApplicationCommandOptionChoice>> AutocompleteAsync(InteractionContext ctx, InteractionDataOption focused)
    {
        var typed = focused.Value?.ToString() ?? "";
        var choices = (ctx.GuildConfig?.Section<SurveySettings>()?.Definitions ?? [])
            .Where(d => d.Id.Contains(typed, StringComparison.OrdinalIgnoreCase) || d.Title.Contains(typed, StringComparison.OrdinalIgnoreCase))
            .Select(d => ApplicationCommandOptionChoice.Of(d.Title.Length <= 100 ? d.Title : d.Title[..100], d.Id));
        return Task.FromResult(choices);
    }
}
