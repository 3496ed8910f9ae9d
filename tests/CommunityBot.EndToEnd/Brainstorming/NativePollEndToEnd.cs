using CommunityBot.Discord.Gateway;
using CommunityBot.Features.Polls;
using CommunityBot.Jobs;
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

    public enum PollEnd { CloseCommand, Deadline, DiscordExpiry }

    /// <summary>
    /// Members vote exactly as in <see cref="VoteAsync"/>, but the bot hears a damaged stream of vote events: Alice's vote
    /// lost in an outage, Bob's Saturday pick repeated after he took it back, Chloe's withdrawal lost, Ada's vote twice at
    /// once. However the poll ends — <c>/poll close</c>, the bot's deadline, or Discord ending it by itself — the results
    /// the bot keeps are Discord's: counts, who voted, and who voted for what.
    /// </summary>
    [TestCase(PollEnd.CloseCommand)]
    [TestCase(PollEnd.Deadline)]
    [TestCase(PollEnd.DiscordExpiry)]
    public async Task Lost_repeated_and_reordered_vote_events_are_corrected_from_discord_when_the_poll_ends(PollEnd end)
    {
        HoldingGateway? gate = null;
        await using var bot = await StartAsync(services: s => s.AddSingleton<IGatewayClient>(sp =>
            gate = new HoldingGateway(sp.GetRequiredService<DiscordGatewayClient>(), e => e is MessagePollVoteEvent)));
        var poll = await CreateNativePollAsync(bot, "1h");
        var (channel, id) = (poll.ChannelId, poll.Id);
        var (alice, bob, chloe, ada) = (bot.Person("alice"), bot.Person("bob"), bot.Person("chloe"), bot.Person("ada-admin"));

        await bot.StandIn.VotePollAsync(channel, id, alice, Sunday);
        await bot.StandIn.VotePollAsync(channel, id, bob, Saturday);
        await bot.StandIn.RemovePollVoteAsync(channel, id, bob, Saturday);
        await bot.StandIn.VotePollAsync(channel, id, bob, Sunday);
        await bot.StandIn.VotePollAsync(channel, id, chloe, Friday);
        await bot.StandIn.RemovePollVoteAsync(channel, id, chloe, Friday);
        await bot.StandIn.VotePollAsync(channel, id, ada, Friday);
        await UntilAsync(() => gate!.Held<MessagePollVoteEvent>().Count == 7, "Discord's seven vote events");
        var sent = gate!.Held<MessagePollVoteEvent>();

        async Task Deliver(MessagePollVoteEvent vote, ulong voter, int[] picksAfter)
        {
            await gate.DeliverAsync(vote);
            await Eventually.TrueAsync(async () => (await PicksAsync(bot, voter)).SequenceEqual(picksAfter), $"{voter} recorded with {string.Join(",", picksAfter)}", Wait);
        }
        await Deliver(sent[3], bob, [Sunday]);
        await Deliver(sent[1], bob, [Saturday, Sunday]);
        await Deliver(sent[2], bob, [Sunday]);
        await Deliver(sent[1], bob, [Saturday, Sunday]); // repeated after the removal it preceded
        await Deliver(sent[4], chloe, [Friday]);         // her withdrawal (sent[5]) never arrives
        await gate.DeliverAsync(sent[6]);
        await Deliver(sent[6], ada, [Friday]);
        var live = await RecordedTallyAsync(bot);
        Assert.That(new[] { Friday, Saturday, Sunday }.Select(live.CountOf), Is.EqualTo(new[] { 2, 1, 1 }),
            "while the poll runs, the event-derived tally is off (Discord holds 1 / 0 / 2)");

        switch (end)
        {
            case PollEnd.CloseCommand:
                var close = await bot.SlashAsync("max-moderator", "poll", new SlashOption("close").With("id", 1));
                Assert.That(close.Content, Does.Contain("Poll #1 is closed"), close.Content);
                break;
            case PollEnd.Deadline:
                bot.Clock.Advance(TimeSpan.FromHours(1) + TimeSpan.FromMinutes(1));
                break;
            case PollEnd.DiscordExpiry:
                await bot.StandIn.ExpirePollAsync(channel, id);
                break;
        }
        await UntilAsync(() => bot.Fresh(poll).Poll!.Finalized, "the poll ended on Discord");
        await Eventually.TrueAsync(async () => !await bot.Service<IJobScheduler>().ExistsAsync(PollCloser.JobKind, PollCloser.JobKey(1)),
            "the poll settled (its deadline job done or cancelled)", Wait);

        await AssertFinalResultsAsync(bot, poll);
        var votes = await RecordedVotesAsync(bot);
        Assert.That(votes.Select(v => (v.VoterId, v.Position)), Is.EquivalentTo(new[] { (alice, Sunday), (bob, Sunday), (ada, Friday) }),
            "the stored ballots (what /poll export writes) are Discord's");
        var voterReads = bot.StandIn.Requests.Where(r => r.Route == "/channels/{channel_id}/polls/{message_id}/answers/{answer_id}").ToList();
        Assert.That(voterReads, Is.Not.Empty.And.All.Matches<CommunityBot.StandIn.RecordedRequest>(r => r.Status == 200));
        if (end == PollEnd.DiscordExpiry)
        {
            Assert.That((await RecordedPollAsync(bot)).ClosedBy, Is.Null);
            Assert.That(bot.StandIn.Requests.Where(r => r.Route == "/channels/{channel_id}/polls/{message_id}/expire"), Is.Empty,
                "Discord ended it; the bot only read the results");
        }
        bot.StandIn.AssertNoSpecViolations();
    }

    /// <summary>
    /// Every vote event is lost (and so is the MESSAGE_UPDATE announcing the end), and when a moderator closes the poll
    /// Discord fails to list the voters (503s past the client's retries). The close still goes through; the durable
    /// close job, brought forward, settles the poll later.
    /// </summary>
    [Test]
    public async Task A_poll_whose_voters_cannot_be_read_at_close_is_settled_by_the_close_job_later()
    {
        HoldingGateway? gate = null;
        await using var bot = await StartAsync(services: s => s.AddSingleton<IGatewayClient>(sp =>
            gate = new HoldingGateway(sp.GetRequiredService<DiscordGatewayClient>(), e => e is MessagePollVoteEvent or MessageUpdateEvent)));
        var poll = await CreateNativePollAsync(bot, "6h");
        var (channel, id) = (poll.ChannelId, poll.Id);
        await bot.StandIn.VotePollAsync(channel, id, bot.Person("alice"), Sunday);
        await bot.StandIn.VotePollAsync(channel, id, bot.Person("bob"), Sunday);
        await bot.StandIn.VotePollAsync(channel, id, bot.Person("ada-admin"), Friday);
        await UntilAsync(() => gate!.Held<MessagePollVoteEvent>().Count == 3, "Discord's vote events (none reach the bot)");
        for (var i = 0; i < 4; i++) bot.StandIn.Faults.FailNext("GET /channels/{channel_id}/polls/{message_id}/answers/{answer_id}", 503);

        // Discord's failures (and the client's retries) take a while, so the bot may defer before it answers.
        var close = await bot.StandIn.InvokeSlashCommandAsync(bot.GuildId, bot.General(), bot.Person("max-moderator"), "poll", new SlashOption("close").With("id", 1));
        await UntilAsync(() => close.OriginalResponse?.Content.Contains("Poll #1 is closed") == true, "the moderator told the poll is closed");
        Assert.That((await RecordedPollAsync(bot)).IsClosed, Is.True);
        Assert.That(await RecordedVotesAsync(bot), Is.Empty, "not settled yet");
        var jobs = bot.Service<IJobScheduler>();
        Assert.That(await jobs.ExistsAsync(PollCloser.JobKind, PollCloser.JobKey(1)), Is.True, "the close job stays to settle it");

        bot.Clock.Advance(PollCloser.SettleRetryDelay + TimeSpan.FromSeconds(1));
        await Eventually.TrueAsync(async () => !await jobs.ExistsAsync(PollCloser.JobKind, PollCloser.JobKey(1)), "the close job settled the poll", Wait);
        var votes = await RecordedVotesAsync(bot);
        Assert.That(votes.Select(v => (v.VoterId, v.Position)),
            Is.EquivalentTo(new[] { (bot.Person("alice"), Sunday), (bot.Person("bob"), Sunday), (bot.Person("ada-admin"), Friday) }));
        var tally = await RecordedTallyAsync(bot);
        Assert.That((tally.Voters, tally.CountOf(Friday), tally.CountOf(Saturday), tally.CountOf(Sunday)), Is.EqualTo((3, 1, 0, 2)));
        Assert.That((await RecordedPollAsync(bot)).ClosedBy, Is.EqualTo(bot.Person("max-moderator")), "still recorded as the moderator's close");
        bot.StandIn.AssertNoSpecViolations();
    }

    private static async Task<IReadOnlyList<int>> PicksAsync(BotTestHost bot, ulong voter)
    {
        await using var scope = bot.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<PollRepository>().PicksOfAsync(1, voter);
    }

    private static async Task<IReadOnlyList<PollVote>> RecordedVotesAsync(BotTestHost bot)
    {
        await using var scope = bot.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<PollRepository>().VotesAsync(1);
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
