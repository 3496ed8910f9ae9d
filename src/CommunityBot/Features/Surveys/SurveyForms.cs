using CommunityBot.Discord.Models;
using CommunityBot.Interactions;

namespace CommunityBot.Features.Surveys;

/// <summary>The pieces members see: the post with its start button, and one form per page (pre-filled with earlier answers).</summary>
public static class SurveyForms
{
    public const string Feature = "survey";

    public static CreateMessageRequest Post(SurveyDefinition survey) => new()
    {
        Embeds =
        [
            new Embed
            {
                Title = $"📝 {survey.Title}",
                Description = (survey.Description is { Length: > 0 } d ? d + "\n\n" : "") +
                              $"{survey.Questions.Count()} question(s) on {survey.Pages.Count} page(s)." +
                              (survey.Anonymous ? "\n🔒 Anonymous: results never show who answered." : ""),
            },
        ],
        Components = [Component.Row(Component.Button(CustomId.Create(Feature, "start", survey.Id), "Take the survey", ButtonStyles.Primary, "📝"))],
    };

    public static string PageId(SurveyDefinition survey, int page) => CustomId.Create(Feature, "page", survey.Id, page);

    public static string Title(SurveyDefinition survey, int page) =>
        survey.Pages.Count == 1 ? survey.Title : $"{Cut(survey.Title, 45 - 8)} ({page}/{survey.Pages.Count})";

    public static Component[] Page(SurveyDefinition survey, int page, IReadOnlyDictionary<string, string> previous) =>
        survey.Pages[page - 1].Questions.Select(q => Component.LabeledTextInput(q.Id, q.Label,
            q.Paragraph ? TextInputStyles.Paragraph : TextInputStyles.Short, q.Required, maxLength: q.MaxLength,
            value: previous.TryGetValue(q.Id, out var v) ? Cut(v, q.MaxLength) : null, placeholder: q.Placeholder, description: q.Description)).ToArray();

    private static string Cut(string text, int max) => text.Length <= max ? text : text[..max];
}
