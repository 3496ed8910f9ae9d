using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using CommunityBot.Discord.Models;
using CommunityBot.Features.Brainstorming;

namespace CommunityBot.Features.Surveys;

/// <summary>
/// The results summary (responses, and per question how many answered plus the most common short answers) and the
/// CSV export (one row per respondent; anonymous surveys without member ids or times, in a hash-derived order).
/// </summary>
public static class SurveyResults
{
    public const int TopAnswers = 3;

    public static Embed Summary(SurveyDefinition survey, IReadOnlyList<SurveyResponse> responses)
    {
        var completed = responses.Count(r => r.CompletedAt is not null);
        var fields = new List<EmbedField>();
        foreach (var question in survey.Questions.Take(25))
        {
            var answers = responses.Select(r => r.Answers.GetValueOrDefault(question.Id)).OfType<string>().ToList();
            var value = new StringBuilder($"{answers.Count} answer(s)");
            if (!question.Paragraph && answers.Count > 0)
            {
                foreach (var group in answers.GroupBy(a => a.Trim().ToLowerInvariant()).OrderByDescending(g => g.Count()).ThenBy(g => g.Key, StringComparer.Ordinal).Take(TopAnswers))
                    value.Append($"\n• {Cut(group.First(), 200)} — {group.Count()}");
            }
            else if (answers.Count > 0)
            {
                value.Append(" (long answers: see the CSV)");
            }
            fields.Add(new EmbedField { Name = Cut(question.Label, 256), Value = Cut(value.ToString(), 1024) });
        }
        return new Embed
        {
            Title = $"📝 {survey.Title} · results",
            Description = $"{responses.Count} member(s) started, {completed} finished." + (survey.Anonymous ? " Anonymous survey." : ""),
            Fields = [.. fields],
        };
    }

    public static byte[] ToCsv(SurveyDefinition survey, IReadOnlyList<SurveyResponse> responses)
    {
        var questions = survey.Questions.ToList();
        var csv = new Csv();
        if (survey.Anonymous)
        {
            csv.Row(["respondent", "completed", .. questions.Select(q => q.Id)]);
            var ordered = responses.OrderBy(r => Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes($"{survey.Id}:{r.Id}:{r.MemberId}"))), StringComparer.Ordinal);
            var n = 0;
            foreach (var r in ordered)
                csv.Row([++n, r.CompletedAt is not null ? "yes" : "no", .. questions.Select(q => r.Answers.GetValueOrDefault(q.Id))]);
        }
        else
        {
            csv.Row(["member_id", "completed_at", "updated_at", .. questions.Select(q => q.Id)]);
            foreach (var r in responses)
                csv.Row([r.MemberId.ToString(CultureInfo.InvariantCulture), r.CompletedAt, r.UpdatedAt, .. questions.Select(q => r.Answers.GetValueOrDefault(q.Id))]);
        }
        return csv.ToBytes();
    }

    private static string Cut(string text, int max) => text.Length <= max ? text : text[..(max - 1)] + "…";
}
