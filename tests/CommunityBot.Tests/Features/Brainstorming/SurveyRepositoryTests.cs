using System.Text;
using CommunityBot.Features.Surveys;
using CommunityBot.Storage;
using CommunityBot.TestSupport;
using static CommunityBot.Tests.Features.Brainstorming.BrainstormingDatabase;

namespace CommunityBot.Tests.Features.Brainstorming;

[Category("Brainstorming")]
public sealed class SurveyRepositoryTests
{
    private static SurveyDefinition Survey(bool anonymous) => new()
    {
        Id = "pulse", Title = "Pulse", Anonymous = anonymous,
        Pages =
        [
            new SurveyPage { Questions = [new SurveyQuestion { Id = "rating", Label = "Rating" }, new SurveyQuestion { Id = "why", Label = "Why?", Paragraph = true }] },
            new SurveyPage { Questions = [new SurveyQuestion { Id = "more", Label = "More?", Required = false }] },
        ],
    };

    [TestCaseSource(typeof(TestDatabase), nameof(TestDatabase.Providers))]
    public async Task Pages_build_one_response_per_member_and_anonymous_exports_hide_who(DatabaseProvider provider)
    {
        await using var database = await CreateAsync(provider);
        var surveys = new SurveyRepository(database.Factory());
        await surveys.SavePageAsync(10, "pulse", 111111, new Dictionary<string, string?> { ["rating"] = "9", ["why"] = "=cmd|'/c calc'!A1" }, false, Now);
        await surveys.SavePageAsync(10, "pulse", 111111, new Dictionary<string, string?> { ["more"] = "Great, thanks" }, true, Now);
        await surveys.SavePageAsync(10, "pulse", 222222, new Dictionary<string, string?> { ["rating"] = "7", ["why"] = "ok" }, false, Now);
        await surveys.SavePageAsync(10, "pulse", 222222, new Dictionary<string, string?> { ["rating"] = "8", ["why"] = "better" }, false, Now); // retook page 1

        var responses = await surveys.ResponsesAsync(10, "pulse");
        Assert.That(responses, Has.Count.EqualTo(2));
        Assert.That(responses.Single(r => r.MemberId == 222222).Answers["rating"], Is.EqualTo("8"));
        Assert.That(responses.Count(r => r.CompletedAt is not null), Is.EqualTo(1));

        var anonymous = Encoding.UTF8.GetString(SurveyResults.ToCsv(Survey(anonymous: true), responses));
        Assert.That(anonymous, Does.Not.Contain("111111").And.Not.Contain("222222"));
        Assert.That(anonymous, Does.Contain("'=cmd"), "formula-looking answers are defused");
        var named = Encoding.UTF8.GetString(SurveyResults.ToCsv(Survey(anonymous: false), responses));
        Assert.That(named, Does.Contain("111111").And.Contain("222222"));

        var summary = SurveyResults.Summary(Survey(anonymous: true), responses);
        Assert.That(summary.Description, Does.StartWith("2 member(s) started, 1 finished."));
        Assert.That(summary.Fields![0].Value, Does.Contain("2 answer(s)").And.Contain("9 — 1"));
    }
}
