using CommunityBot.Configuration;

namespace CommunityBot.Features.Surveys;

/// <summary>Checks survey definitions against Discord's form limits when the config loads, naming the path at fault.</summary>
public static class SurveyLimits
{
    public const int MaxQuestionsPerPage = 5;
    /// <summary>Five pages of five keeps the results summary within an embed's 25 fields.</summary>
    public const int MaxPages = 5;
    public const int MaxLabelLength = 45;
    public const int MaxTitleLength = 45;
    public const int MaxHelpLength = 100;
    public const int MaxAnswerLength = 4000;

    public static void Validate(SurveySettings settings, ConfigValidationContext ctx)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var s = 0; s < settings.Definitions.Count; s++)
        {
            var survey = settings.Definitions[s];
            var at = $"definitions[{s}]";
            if (!IsId(survey.Id, 32, allowUnderscore: false)) ctx.Error($"{at}.id", "must be 1–32 lowercase letters, digits or dashes");
            else if (!seen.Add(survey.Id)) ctx.Error($"{at}.id", $"'{survey.Id}' is used by another survey");
            if (survey.Title.Length is 0 or > MaxTitleLength) ctx.Error($"{at}.title", $"must be 1–{MaxTitleLength} characters (a form title's limit)");
            if (survey.Description?.Length > 2000) ctx.Error($"{at}.description", "must be at most 2000 characters");
            if (survey.Pages.Count is 0 or > MaxPages) ctx.Error($"{at}.pages", $"must have 1–{MaxPages} pages");
            var questionIds = new HashSet<string>(StringComparer.Ordinal);
            for (var p = 0; p < survey.Pages.Count; p++)
            {
                var page = survey.Pages[p];
                if (page.Questions.Count is 0 or > MaxQuestionsPerPage)
                    ctx.Error($"{at}.pages[{p}].questions", $"must have 1–{MaxQuestionsPerPage} questions (a Discord form holds at most {MaxQuestionsPerPage})");
                for (var q = 0; q < page.Questions.Count; q++)
                {
                    var question = page.Questions[q];
                    var qat = $"{at}.pages[{p}].questions[{q}]";
                    if (!IsId(question.Id, 40, allowUnderscore: true)) ctx.Error($"{qat}.id", "must be 1–40 lowercase letters, digits, dashes or underscores");
                    else if (!questionIds.Add(question.Id)) ctx.Error($"{qat}.id", $"'{question.Id}' is used by another question in this survey");
                    if (question.Label.Length is 0 or > MaxLabelLength) ctx.Error($"{qat}.label", $"must be 1–{MaxLabelLength} characters (put more in description)");
                    if (question.Description?.Length > MaxHelpLength) ctx.Error($"{qat}.description", $"must be at most {MaxHelpLength} characters");
                    if (question.Placeholder?.Length > MaxHelpLength) ctx.Error($"{qat}.placeholder", $"must be at most {MaxHelpLength} characters");
                    if (question.MaxLength is < 1 or > MaxAnswerLength) ctx.Error($"{qat}.maxLength", $"must be 1–{MaxAnswerLength}");
                }
            }
        }
    }

    private static bool IsId(string id, int max, bool allowUnderscore) =>
        id.Length >= 1 && id.Length <= max && id.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c == '-' || (allowUnderscore && c == '_'));
}
