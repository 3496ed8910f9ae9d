using System.Text.Json.Nodes;
using CommunityBot.StandIn;
using CommunityBot.TestSupport;
using static CommunityBot.EndToEnd.Brainstorming.BrainstormingE2E;

namespace CommunityBot.EndToEnd.Brainstorming;

/// <summary>A Discord-compatible server whose message answers have fields of an unexpected shape: what succeeded still finishes.</summary>
[Category("Brainstorming")]
public sealed class OddAnswerTests
{
    [Test]
    public async Task Poll_close_against_message_answers_with_odd_field_shapes_still_closes_announces_the_winner_and_answers_the_moderator()
    {
        await using var bot = await StartAsync();
        var created = await bot.SlashAsync("max-moderator", "poll", new SlashOption("create").With("question", "Where?").With("options", "Park | Pub"));
        Assert.That(created.Content, Does.StartWith("Poll #1"), created.Content);
        await UntilAsync(() => bot.BotPosts(bot.General()).Count > 0, "the poll message");
        var poll = bot.BotPosts(bot.General())[^1];
        Assert.That((await bot.ClickAsync(bot.Person("alice"), poll, "poll:v:1:2")).Content, Does.Contain("Pub"));

        // From now on every message the server returns has odd shapes in fields the bot does not need.
        bot.StandIn.Faults.ReshapeAnswers((_, template) => template.StartsWith("/channels/{channel_id}/messages", StringComparison.Ordinal), answer =>
        {
            answer["flags"] = "none";
            answer["mentions"] = new JsonObject();
            answer["edited_timestamp"] = 12345;
            answer["embeds"] = new JsonArray(new JsonObject { ["color"] = "red" });
        });

        var close = await bot.SlashAsync("max-moderator", "poll", new SlashOption("close").With("id", 1));

        Assert.That(close.Content, Does.Contain("closed").And.Not.Contain("Something went wrong"), close.Content);
        await UntilAsync(() => bot.BotPosts(bot.General()).Any(m => m.Content.Contains("Poll #1 has closed")), "the winner announced");
        Assert.That(bot.BotPosts(bot.General()).Single(m => m.Content.Contains("Poll #1 has closed")).Content, Does.Contain("Pub"));
        bot.StandIn.AssertNoSpecViolations();
    }
}
