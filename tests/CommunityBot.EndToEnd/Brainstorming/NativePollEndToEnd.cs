using CommunityBot.Features.Polls;
using CommunityBot.StandIn;
using CommunityBot.TestSupport;
using Microsoft.Extensions.DependencyInjection;
using static CommunityBot.EndToEnd.Brainstorming.BrainstormingE2E;

namespace CommunityBot.EndToEnd.Brainstorming;

/// <summary>
/// Discord's own polls (<c>native:true</c>) against the stand-in: members vote in the Discord client (MESSAGE_POLL_VOTE_*),
/// the poll ends through <c>/poll close</c> or its deadline, and the results the bot records are the ones Discord holds.
/// </summary>
[Category("Brainstorming")]
public sealed class NativePollEndToEnd
{
    private const int Friday = 1, Saturday = 2, Sunday = 3;

    private static async Task<StandInMessage> CreateNativePollAsync(BotTestHost bot, string duration)
    {
        var before = bot.BotPosts(bot.General()).Count;
        var answer = await bot.SlashAsync("max-moderator", "poll", new SlashOption("create")
            .With("question", "Which day for the meetup?").With("options", "Friday | Saturday | Sunday")
            .With("duration", duration).With("native", true));
        Assert.That(answer.IsEphemeral, Is.True);
        Assert.That(answer.Content, Does.StartWith("Poll #1 is up"), answer.Content);
        await UntilAsync(() => bot.BotPosts(bot.General()).Count > before, "the native poll message");
        return bot.BotPosts(bot.General())[^1];
    }

    /// <summary>
    /// Alice picks Sunday; Bob picks Saturday, then changes to Sunday; Chloe picks Friday, then takes it back; Ada picks
    /// Friday. Each step waits until the bot has recorded it, as members act seconds apart.
    /// </summary>
    private static async Task VoteAsync(BotTestHost bot, StandInMessage poll)
    {
        async Task Step(Func<Task> act, Func<PollTally, bool> recorded, string what)
        {
            await act();
            await Eventually.TrueAsync(async () => recorded(await RecordedTallyAsync(bot)), what, Wait);
        }

        var (channel, id) = (poll.ChannelId, poll.Id);
        await Step(() => bot.StandIn.VotePollAsync(channel, id, bot.Person("alice"), Sunday), t => t.CountOf(Sunday) == 1, "alice's vote");
        await Step(() => bot.StandIn.VotePollAsync(channel, id, bot.Person("bob"), Saturday), t => t.CountOf(Saturday) == 1, "bob's vote");
        await Step(() => bot.StandIn.RemovePollVoteAsync(channel, id, bot.Person("bob"), Saturday), t => t.CountOf(Saturday) == 0, "bob's removal");
        await Step(() => bot.StandIn.VotePollAsync(channel, id, bot.Person("bob"), Sunday), t => t.CountOf(Sunday) == 2, "bob's new vote");
        await Step(() => bot.StandIn.VotePollAsync(channel, id, bot.Person("chloe"), Friday), t => t.CountOf(Friday) == 1, "chloe's vote");
        await Step(() => bot.StandIn.RemovePollVoteAsync(channel, id, bot.Person("chloe"), Friday), t => t.CountOf(Friday) == 0, "chloe's withdrawal");
        await Step(() => bot.StandIn.VotePollAsync(channel, id, bot.Person("ada-admin"), Friday), t => t.CountOf(Friday) == 1, "ada's vote");
    }

    private static async Task<PollTally> RecordedTallyAsync(BotTestHost bot)
    {
        await using var scope = bot.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<PollRepository>().TallyAsync(1);
    }

    private static async Task<Poll> RecordedPollAsync(BotTestHost bot)
    {
        await using var scope = bot.Services.CreateAsyncScope();
        return (await scope.ServiceProvider.GetRequiredService<PollRepository>().GetAsync(1))!;
    }

    /// <summary>What Discord (the stand-in) counts per answer id.</summary>
    private static Dictionary<int, int> DiscordCounts(BotTestHost bot, StandInMessage poll) =>
        bot.Fresh(poll).Poll!.Answers.ToDictionary(a => a.AnswerId, a => a.Voters.Count);

    /// <summary>The bot's recorded final results agree with Discord's and are what <c>/poll results</c> shows.</summary>
    private static async Task AssertFinalResultsAsync(BotTestHost bot, StandInMessage poll)
    {
        var discord = DiscordCounts(bot, poll);
        Assert.That(discord, Is.EqualTo(new Dictionary<int, int> { [Friday] = 1, [Saturday] = 0, [Sunday] = 2 }));
        await Eventually.TrueAsync(async () => (await RecordedPollAsync(bot)).IsClosed, "the poll recorded as closed", Wait);

        var tally = await RecordedTallyAsync(bot);
        Assert.That(new[] { Friday, Saturday, Sunday }.ToDictionary(a => a, tally.CountOf), Is.EqualTo(discord));
        Assert.That(tally.Voters, Is.EqualTo(3));

        var results = await bot.SlashAsync("chloe", "poll", new SlashOption("results").With("id", 1));
        Assert.That(results.IsEphemeral, Is.True);
        var text = results.Data!.Value.Strings();
        Assert.That(text, Does.Contain("Poll #1 · closed").And.Contain("3 members voted").And.Contain("🏆 Sunday"), text);
        Assert.That(text, Does.Contain("**1.** Friday\n`███░░░░░░░` 1 · 33%"), text);
        Assert.That(text, Does.Contain("**2.** Saturday\n`░░░░░░░░░░` 0 · 0%"), text);
        Assert.That(text, Does.Contain("**3.** Sunday\n`███████░░░` 2 · 67%"), text);

        // Public poll: who voted for what, as Discord lists it (Chloe took her vote back, Bob moved his).
        Assert.That(text, Does.Contain($"1. Friday\n<@{bot.Person("ada-admin")}>\n"), text);
        Assert.That(text, Does.Contain($"3. Sunday\n<@{bot.Person("alice")}> <@{bot.Person("bob")}>\n")
            .Or.Contain($"3. Sunday\n<@{bot.Person("bob")}> <@{bot.Person("alice")}>\n"), text);
        Assert.That(text, Does.Not.Contain($"<@{bot.Person("chloe")}>").And.Not.Contain("2. Saturday\n"), text);
    }

    [Test]
    public async Task Native_poll_records_discords_final_results_when_closed_with_the_command()
    {
        await using var bot = await StartAsync();
        var poll = await CreateNativePollAsync(bot, "2h");

        var native = poll.Poll;
        Assert.That(native, Is.Not.Null, "native:true posts a Discord poll");
        Assert.That(native!.Question, Is.EqualTo("Which day for the meetup?"));
        Assert.That(native.Answers.Select(a => (a.AnswerId, a.Text)), Is.EqualTo(new[] { (1, "Friday"), (2, "Saturday"), (3, "Sunday") }));
        Assert.That(native.AllowMultiselect, Is.False);
        Assert.That(native.Expiry - poll.Timestamp, Is.EqualTo(TimeSpan.FromHours(2)).Within(TimeSpan.FromMinutes(1)));
        Assert.That(poll.Embeds, Is.Null, "Discord draws the poll; no card");
        Assert.That(CustomIds(poll), Is.Empty, "members vote in Discord's poll, not with buttons");

        await VoteAsync(bot, poll);
        var live = await bot.SlashAsync("alice", "poll", new SlashOption("results").With("id", 1));
        Assert.That(live.Data!.Value.Strings(), Does.Contain("Poll #1\n").And.Contain("`███████░░░` 2 · 67%"), "native polls show live results");

        var refused = await bot.SlashAsync("chloe", "poll", new SlashOption("close").With("id", 1));
        Assert.That(refused.Content, Does.Contain("Moderate Members"), "only the creator or a moderator ends a poll");
        Assert.That(bot.Fresh(poll).Poll!.Finalized, Is.False);

        var close = await bot.SlashAsync("max-moderator", "poll", new SlashOption("close").With("id", 1));
        Assert.That(close.Content, Does.Contain("Poll #1 is closed"), close.Content);
        Assert.That(bot.Fresh(poll).Poll!.Finalized, Is.True, "the bot ended the poll on Discord");

        await AssertFinalResultsAsync(bot, poll);
        Assert.That(async () => await bot.StandIn.VotePollAsync(poll.ChannelId, poll.Id, bot.Person("chloe"), Saturday),
            Throws.InvalidOperationException, "Discord takes no votes on an ended poll");
        Assert.That(bot.BotPosts(bot.General()).Where(m => m.Content.Contains("has closed")), Is.Empty,
            "Discord announces the end of its own polls; the bot adds no second announcement");

        var again = await bot.SlashAsync("max-moderator", "poll", new SlashOption("close").With("id", 1));
        Assert.That(again.Content, Does.Contain("already closed"));
        bot.StandIn.AssertNoSpecViolations();
    }

    [Test]
    public async Task Native_poll_ends_at_its_deadline_and_records_the_final_results()
    {
        await using var bot = await StartAsync();
        var poll = await CreateNativePollAsync(bot, "1h");
        await VoteAsync(bot, poll);

        bot.Clock.Advance(TimeSpan.FromHours(1) + TimeSpan.FromMinutes(1));
        await UntilAsync(() => bot.Fresh(poll).Poll!.Finalized, "the poll ended at its deadline");
        await AssertFinalResultsAsync(bot, poll);
        Assert.That((await RecordedPollAsync(bot)).ClosedBy, Is.Null, "closed by the deadline, not by a member");
        bot.StandIn.AssertNoSpecViolations();
    }

    [TestCase("anonymous", "Option `native` cannot be combined with anonymous")]
    [TestCase("eleven answers", "Option `options` allows at most 10 answers in a native poll (found 11)")]
    public async Task Native_is_refused_for_what_discord_polls_cannot_do(string ask, string rule)
    {
        await using var bot = await StartAsync();
        var options = new SlashOption("create").With("question", "Best snack?").With("native", true);
        options = ask == "anonymous"
            ? options.With("options", "Crisps | Fruit").With("anonymous", true)
            : options.With("options", string.Join(" | ", Enumerable.Range(1, 11).Select(i => $"Snack {i}")));

        var answer = await bot.SlashAsync("max-moderator", "poll", options);
        Assert.That(answer.IsEphemeral, Is.True);
        Assert.That(answer.Content, Does.Contain(rule), answer.Content);
        Assert.That(bot.BotPosts(bot.General()), Is.Empty, "nothing is posted");
        var lookup = await bot.SlashAsync("max-moderator", "poll", new SlashOption("results").With("id", 1));
        Assert.That(lookup.Content, Does.Contain("There is no poll #1"), "nothing is stored");
        bot.StandIn.AssertNoSpecViolations();
    }
}
