using System.Text.Json.Nodes;
using CommunityBot.StandIn;
using CommunityBot.TestSupport;
using static CommunityBot.EndToEnd.Brainstorming.BrainstormingE2E;

namespace CommunityBot.EndToEnd.Brainstorming;

[Category("Brainstorming")]
public sealed class SurveyEndToEndTests
{
    [Test]
    public async Task A_two_page_survey_is_posted_answered_and_summarised()
    {
        await using var bot = await StartAsync((c, g) => g["surveys"] = JsonNode.Parse("""
            { "definitions": [ { "id": "pulse", "title": "Community pulse", "anonymous": true, "pages": [
                { "questions": [ { "id": "rating", "label": "Rate us 1-10", "maxLength": 2 }, { "id": "why", "label": "Why?", "paragraph": true } ] },
                { "questions": [ { "id": "more", "label": "Anything else?", "required": false } ] } ] } ] }
            """));
        await bot.SlashAsync("max-moderator", "survey", new SlashOption("post").With("survey", "pulse"));
        await UntilAsync(() => bot.BotPosts(bot.General()).Any(m => CustomIds(m).Contains("survey:start:pulse")), "the survey post");
        var post = bot.BotPosts(bot.General()).Last(m => CustomIds(m).Contains("survey:start:pulse"));

        var alice = bot.Person("alice");
        Assert.That((await bot.ClickAsync(alice, post, "survey:start:pulse")).Type, Is.EqualTo(9));
        var page1 = await bot.StandIn.SubmitModalAsync(bot.GuildId, bot.General(), alice, "survey:page:pulse:1",
            new Dictionary<string, string> { ["rating"] = "9", ["why"] = "Kind people" });
        var next = await page1.WaitForResponseAsync(Wait);
        Assert.That(next.Content, Does.Contain("Page 1 of 2"));
        await UntilAsync(() => page1.OriginalResponse is not null, "the continue button");
        var open2 = await bot.StandIn.ClickButtonAsync(bot.GuildId, bot.General(), alice, page1.OriginalResponse!.Id, "survey:next:pulse:2");
        Assert.That((await open2.WaitForResponseAsync(Wait)).Type, Is.EqualTo(9));
        var page2 = await bot.StandIn.SubmitModalAsync(bot.GuildId, bot.General(), alice, "survey:page:pulse:2", new Dictionary<string, string> { ["more"] = "Thanks!" });
        Assert.That((await page2.WaitForResponseAsync(Wait)).Content, Does.Contain("Thank you"));

        var results = await bot.SlashAsync("max-moderator", "survey", new SlashOption("results").With("survey", "pulse"));
        Assert.That(results.Data!.Value.Strings(), Does.Contain("1 member(s) started, 1 finished"));
        bot.StandIn.AssertNoSpecViolations();
    }
}
