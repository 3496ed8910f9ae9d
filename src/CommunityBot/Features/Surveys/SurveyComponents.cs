using CommunityBot.Discord.Models;
using CommunityBot.Interactions;

namespace CommunityBot.Features.Surveys;

/// <summary>
/// <c>survey:start:{survey}</c> opens page 1; <c>survey:page:{survey}:{n}</c> saves a page's answers; and because a form
/// cannot open another form, a longer survey answers with a <c>survey:next:{survey}:{n}</c> button for the next page.
/// </summary>
public sealed class SurveyComponents(SurveyRepository surveys, TimeProvider time) : IComponentHandler
{
    public string Feature => SurveyForms.Feature;

    public IReadOnlyList<ComponentAction> Actions { get; } =
        [new("start", CustomIdArg.Word), new("next", CustomIdArg.Word, CustomIdArg.Number), new("page", CustomIdArg.Word, CustomIdArg.Number)];

    public async Task HandleAsync(InteractionContext ctx, CustomId id)
    {
        var survey = ctx.Section<SurveySettings>("Surveys").Find(id.Arg(0))
                     ?? throw new InteractionRefusedException("This survey is no longer available.");
        if (survey.Closed) throw new InteractionRefusedException($"The survey \"{survey.Title}\" is closed.");
        switch (id.Action)
        {
            case "start":
                await ShowPageAsync(ctx, survey, 1);
                break;
            case "next":
                await ShowPageAsync(ctx, survey, PageNumber(survey, id.IntArg(1)));
                break;
            case "page":
                await SaveAsync(ctx, survey, PageNumber(survey, id.IntArg(1)));
                break;
            default:
                throw new InteractionRefusedException("This control is out of date. Please use the latest message.");
        }
    }

    private async Task ShowPageAsync(InteractionContext ctx, SurveyDefinition survey, int page)
    {
        var previous = await surveys.AnswersOfAsync(ctx.GuildId, survey.Id, ctx.UserId);
        await ctx.ShowModalAsync(SurveyForms.PageId(survey, page), SurveyForms.Title(survey, page), SurveyForms.Page(survey, page, previous));
    }

    private async Task SaveAsync(InteractionContext ctx, SurveyDefinition survey, int page)
    {
        var answers = new Dictionary<string, string?>();
        foreach (var question in survey.Pages[page - 1].Questions)
        {
            var value = ctx.ModalValue(question.Id)?.Trim();
            if (question.Required && string.IsNullOrEmpty(value)) throw new InteractionRefusedException($"`{question.Label}` is required.");
            if (value?.Length > question.MaxLength)
                throw new InteractionRefusedException($"`{question.Label}` must be at most {question.MaxLength} characters (it has {value.Length}).");
            answers[question.Id] = value;
        }
        var last = page == survey.Pages.Count;
        await surveys.SavePageAsync(ctx.GuildId, survey.Id, ctx.UserId, answers, completes: last, time.GetUtcNow());
        if (last)
        {
            await ctx.RespondAsync($"✅ Thank you! Your answers to \"{survey.Title}\" are saved" +
                                   (survey.Anonymous ? " (anonymously)." : ".") + " Take it again any time to change them.");
            return;
        }
        await ctx.RespondAsync($"Page {page} of {survey.Pages.Count} saved.",
            components: [Component.Row(Component.Button(CustomId.Create(Feature, "next", survey.Id, page + 1), $"Continue to page {page + 1}", ButtonStyles.Primary))]);
    }

    private static int PageNumber(SurveyDefinition survey, int page) =>
        page >= 1 && page <= survey.Pages.Count ? page : throw new InteractionRefusedException("This survey changed; please start it again from its post.");
}
