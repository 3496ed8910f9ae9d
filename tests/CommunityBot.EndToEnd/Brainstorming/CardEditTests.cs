using CommunityBot.Hosting;
using CommunityBot.StandIn;
using CommunityBot.TestSupport;
using static CommunityBot.EndToEnd.Brainstorming.BrainstormingE2E;

namespace CommunityBot.EndToEnd.Brainstorming;

/// <summary>Card re-renders against the stand-in: an edit that would not change the card is not sent.</summary>
[Category("Brainstorming")]
public sealed class CardEditTests
{
    [Test]
    public async Task Repeating_the_same_vote_re_renders_the_poll_card_without_sending_an_identical_edit()
    {
        await using var bot = await StartAsync();
        var answer = await bot.SlashAsync("max-moderator", "poll", new SlashOption("create").With("question", "Where?").With("options", "Park | Pub"));
        Assert.That(answer.Content, Does.StartWith("Poll #1"), answer.Content);
        await UntilAsync(() => bot.BotPosts(bot.General()).Count > 0, "the poll message");
        var poll = bot.BotPosts(bot.General())[^1];
        int Edits() => bot.StandIn.Requests.Count(r => r.Method == "PATCH" && r.Path.EndsWith("/messages/" + poll.Id, StringComparison.Ordinal));
        var alice = bot.Person("alice");

        Assert.That((await bot.ClickAsync(alice, poll, "poll:v:1:1")).Content, Does.Contain("Park"));
        // The stand-in records a request after answering it: wait for the edit itself, not just the card it produced.
        await UntilAsync(() => bot.StandIn.Requests.Any(r => r.Method == "PATCH" && r.Path.EndsWith("/messages/" + poll.Id, StringComparison.Ordinal)
                                                            && r.Body?.Contains("1 member voted") == true), "the edit after the first vote");
        var cards = bot.Service<CardEdits>();
        var edits = Edits();
        var skipped = cards.Skipped;

        for (var i = 0; i < 3; i++) Assert.That((await bot.ClickAsync(alice, poll, "poll:v:1:1")).Content, Does.Contain("Park"));
        await UntilAsync(() => cards.Skipped >= skipped + 1, "the repeated votes' re-render");

        Assert.That(Edits(), Is.EqualTo(edits), "the card already showed that tally");
        Assert.That((await bot.ClickAsync(bot.Person("bob"), poll, "poll:v:1:2")).Content, Does.Contain("Pub"));
        await UntilAsync(() => Description(bot.Fresh(poll)).Contains("2 members voted"), "a real change is still sent");
        Assert.That(bot.StandIn.RateLimitExceededCount, Is.Zero);
        bot.StandIn.AssertNoSpecViolations();
    }
}
