using CommunityBot.Features.Ideas;
using CommunityBot.Features.Polls;
using CommunityBot.StandIn;
using CommunityBot.TestSupport;
using static CommunityBot.EndToEnd.Brainstorming.BrainstormingE2E;

namespace CommunityBot.EndToEnd.Brainstorming;

/// <summary>
/// custom_ids a tampered client or a faulty gateway could deliver: each is refused with an ephemeral answer, and
/// nothing is counted; the genuine control on the same message still works.
/// </summary>
[Category("Brainstorming")]
public sealed class StrictCustomIdTests
{
    [Test]
    public async Task Extra_segments_padded_numbers_and_another_features_id_on_a_poll_message_are_refused_and_count_nothing()
    {
        await using var bot = await StartAsync();
        var answer = await bot.SlashAsync("max-moderator", "poll", new SlashOption("create").With("question", "Where?").With("options", "Park | Pub"));
        Assert.That(answer.Content, Does.StartWith("Poll #1"), answer.Content);
        await UntilAsync(() => bot.BotPosts(bot.General()).Count > 0, "the poll message");
        var poll = bot.BotPosts(bot.General())[^1];
        var idea = await SubmitIdeaAsync(bot);
        Assert.That(CustomIds(idea), Does.Contain("idea:up:1"));
        var alice = bot.Person("alice");

        foreach (var forged in new[] { "poll:v:1:1:extra", "poll:v:1 :1", "poll:v:01:1", "poll:v:+1:1", "poll:v:1", "poll:m:1:1", "idea:up:1" })
        {
            var handle = await bot.StandIn.SendForgedComponentAsync(bot.GuildId, poll.ChannelId, alice, poll.Id, forged);
            var refusal = await handle.WaitForResponseAsync(Wait);
            Assert.That(refusal.IsEphemeral, Is.True, forged);
            Assert.That(refusal.Content, Does.Contain("out of date").Or.Contain("does not belong to the message"), forged);
        }
        Assert.That(await bot.Service<PollRepository>().PicksOfAsync(1, alice), Is.Empty, "no forged id voted in the poll");
        Assert.That(await bot.Service<IdeaRepository>().VoteOfAsync(1, alice), Is.Null, "idea:up:1 on the poll message did not vote on idea 1");

        // A well-formed id of this poll that is not on its message (an answer it does not have) is refused the same way.
        var missing = await bot.StandIn.SendForgedComponentAsync(bot.GuildId, poll.ChannelId, alice, poll.Id, "poll:v:1:7");
        Assert.That((await missing.WaitForResponseAsync(Wait)).Content, Does.Contain("does not belong to the message"));

        Assert.That((await bot.ClickAsync(alice, poll, "poll:v:1:1")).Content, Does.Contain("Park"));
        Assert.That(await bot.Service<PollRepository>().PicksOfAsync(1, alice), Is.EqualTo(new[] { 1 }));
        Assert.That((await bot.ClickAsync(alice, idea, "idea:up:1")).IsEphemeral, Is.True);
        Assert.That(await bot.Service<IdeaRepository>().VoteOfAsync(1, alice), Is.EqualTo(1), "the genuine idea button still votes");
        bot.StandIn.AssertNoSpecViolations();
    }

    private static async Task<StandInMessage> SubmitIdeaAsync(BotTestHost bot)
    {
        var ideas = bot.Community.Channel("ideas");
        var open = await bot.StandIn.InvokeSlashCommandAsync(bot.GuildId, bot.General(), bot.Person("bob"), "idea", new SlashOption("new"));
        Assert.That((await open.WaitForResponseAsync(Wait)).Type, Is.EqualTo(9), "a modal");
        var submit = await bot.StandIn.SubmitModalAsync(bot.GuildId, bot.General(), bot.Person("bob"), "idea:submit",
            new Dictionary<string, string> { ["title"] = "Dark mode", ["description"] = "Please add a dark theme to the site." });
        Assert.That((await submit.WaitForResponseAsync(Wait)).Content, Does.Contain("is posted"));
        await UntilAsync(() => bot.BotPosts(ideas).Count > 0, "the idea card");
        return bot.BotPosts(ideas)[^1];
    }
}
