using CommunityBot.Features.Brainstorming;
using CommunityBot.Features.Polls;
using CommunityBot.Storage;
using CommunityBot.TestSupport;
using static CommunityBot.Tests.Features.Brainstorming.BrainstormingDatabase;

namespace CommunityBot.Tests.Features.Brainstorming;

[Category("Brainstorming")]
public sealed class PollRepositoryTests
{
    private const ulong Guild = 10, Channel = 20, Creator = 30;

    private static PollDraft Draft(int maxPicks = 1, int options = 3) =>
        new("Lunch?", Enumerable.Range(1, options).Select(i => $"Option {i}").ToList(), maxPicks, false, false, null,
            maxPicks > 1 ? PollLayout.Select : PollLayout.Buttons, TimeSpan.FromHours(1));

    [TestCaseSource(typeof(TestDatabase), nameof(TestDatabase.Providers))]
    public async Task Two_hundred_concurrent_voters_with_double_clicks_are_each_counted_once(DatabaseProvider provider)
    {
        await using var database = await CreateAsync(provider);
        var polls = new PollRepository(database.Factory());
        var id = (await polls.CreateAsync(Draft(), Guild, Channel, Creator, NextInteraction(), Now))!.Value;

        // Every member clicks twice (a double click: two interactions), all at once.
        var votes = Enumerable.Range(1, 200).SelectMany(member => new[] { member, member })
            .Select(member => Task.Run(() => polls.VoteAsync(id, (ulong)(1000 + member), [member % 3 + 1], NextInteraction(), Now)));
        var outcomes = await Task.WhenAll(votes);

        Assert.That(outcomes, Has.All.AnyOf(VoteOutcome.Recorded, VoteOutcome.Stale));
        var tally = await polls.TallyAsync(id);
        Assert.That(tally.Voters, Is.EqualTo(200));
        Assert.That(tally.Counts.Values.Sum(), Is.EqualTo(200));
        Assert.That(tally.CountOf(1), Is.EqualTo(66));
        Assert.That(tally.CountOf(2), Is.EqualTo(67));
        Assert.That(tally.CountOf(3), Is.EqualTo(67));
    }

    [TestCaseSource(typeof(TestDatabase), nameof(TestDatabase.Providers))]
    public async Task A_tally_read_while_votes_arrive_is_consistent_the_voter_count_matches_the_bars(DatabaseProvider provider)
    {
        await using var database = await CreateAsync(provider);
        var polls = new PollRepository(database.Factory());
        var id = (await polls.CreateAsync(Draft(), Guild, Channel, Creator, NextInteraction(), Now))!.Value;

        // One vote each (single choice), so in any consistent tally the bars add up to the voter count.
        var voting = Task.WhenAll(Enumerable.Range(1, 300).Select(member =>
            Task.Run(() => polls.VoteAsync(id, (ulong)(5000 + member), [member % 3 + 1], NextInteraction(), Now))));
        var torn = new List<string>();
        var reads = 0;
        while (!voting.IsCompleted || reads == 0)
        {
            var tally = await polls.TallyAsync(id);
            reads++;
            if (tally.Counts.Values.Sum() != tally.Voters) torn.Add($"{tally.Voters} voters, bars {string.Join("+", tally.Counts.Values)}");
        }
        await voting;

        Assert.That(torn, Is.Empty, $"{torn.Count} of {reads} tallies mixed two moments");
        Assert.That((await polls.TallyAsync(id)).Voters, Is.EqualTo(300));
    }

    [TestCaseSource(typeof(TestDatabase), nameof(TestDatabase.Providers))]
    public async Task A_member_can_change_their_vote_and_a_replayed_older_click_does_not_undo_it(DatabaseProvider provider)
    {
        await using var database = await CreateAsync(provider);
        var polls = new PollRepository(database.Factory());
        var id = (await polls.CreateAsync(Draft(), Guild, Channel, Creator, NextInteraction(), Now))!.Value;
        var first = NextInteraction();
        var second = NextInteraction();

        Assert.That(await polls.VoteAsync(id, 7, [1], first, Now), Is.EqualTo(VoteOutcome.Recorded));
        Assert.That(await polls.VoteAsync(id, 7, [2], second, Now), Is.EqualTo(VoteOutcome.Recorded));
        Assert.That(await polls.VoteAsync(id, 7, [1], first, Now), Is.EqualTo(VoteOutcome.Stale), "the gateway replayed the first click");

        Assert.That(await polls.PicksOfAsync(id, 7), Is.EqualTo(new[] { 2 }));
        var tally = await polls.TallyAsync(id);
        Assert.That((tally.Voters, tally.CountOf(1), tally.CountOf(2)), Is.EqualTo((1, 0, 1)));

        Assert.That(await polls.VoteAsync(id, 7, [], NextInteraction(), Now), Is.EqualTo(VoteOutcome.Recorded));
        Assert.That((await polls.TallyAsync(id)).Voters, Is.EqualTo(0), "withdrawn");
    }

    [TestCaseSource(typeof(TestDatabase), nameof(TestDatabase.Providers))]
    public async Task Multiple_choice_ballots_count_the_member_once_and_each_pick_once(DatabaseProvider provider)
    {
        await using var database = await CreateAsync(provider);
        var polls = new PollRepository(database.Factory());
        var id = (await polls.CreateAsync(Draft(maxPicks: 2), Guild, Channel, Creator, NextInteraction(), Now))!.Value;
        await polls.VoteAsync(id, 1, [1, 3], NextInteraction(), Now);
        await polls.VoteAsync(id, 2, [3, 3], NextInteraction(), Now);

        var tally = await polls.TallyAsync(id);
        Assert.That(tally.Voters, Is.EqualTo(2));
        Assert.That((tally.CountOf(1), tally.CountOf(2), tally.CountOf(3)), Is.EqualTo((1, 0, 2)));
        Assert.That(tally.ShareOf(3), Is.EqualTo(1.0));
    }

    [TestCaseSource(typeof(TestDatabase), nameof(TestDatabase.Providers))]
    public async Task Closing_happens_once_and_no_vote_lands_after_it_or_after_the_deadline(DatabaseProvider provider)
    {
        await using var database = await CreateAsync(provider);
        var polls = new PollRepository(database.Factory());
        var id = (await polls.CreateAsync(Draft(), Guild, Channel, Creator, NextInteraction(), Now))!.Value;

        Assert.That(await polls.VoteAsync(id, 1, [1], NextInteraction(), Now.AddHours(1)), Is.EqualTo(VoteOutcome.Closed), "deadline reached, close job not run yet");
        var closers = await Task.WhenAll(Enumerable.Range(0, 5).Select(_ => Task.Run(() => polls.CloseAsync(id, null, Now))));
        Assert.That(closers.Count(c => c), Is.EqualTo(1));
        Assert.That(await polls.VoteAsync(id, 1, [1], NextInteraction(), Now), Is.EqualTo(VoteOutcome.Closed));
        Assert.That((await polls.GetAsync(id))!.IsClosed, Is.True);
    }

    [TestCaseSource(typeof(TestDatabase), nameof(TestDatabase.Providers))]
    public async Task A_replayed_create_interaction_makes_no_second_poll(DatabaseProvider provider)
    {
        await using var database = await CreateAsync(provider);
        var polls = new PollRepository(database.Factory());
        var interaction = NextInteraction();
        Assert.That(await polls.CreateAsync(Draft(), Guild, Channel, Creator, interaction, Now), Is.Not.Null);
        Assert.That(await polls.CreateAsync(Draft(), Guild, Channel, Creator, interaction, Now), Is.Null);
    }

    [TestCaseSource(typeof(TestDatabase), nameof(TestDatabase.Providers))]
    public async Task Native_vote_events_are_idempotent_and_finalized_counts_win(DatabaseProvider provider)
    {
        await using var database = await CreateAsync(provider);
        var polls = new PollRepository(database.Factory());
        var id = (await polls.CreateAsync(Draft() with { Layout = PollLayout.Native }, Guild, Channel, Creator, NextInteraction(), Now))!.Value;
        await polls.RecordNativeVoteAsync(id, 5, 2, added: true, Now);
        await polls.RecordNativeVoteAsync(id, 5, 2, added: true, Now); // the same event delivered twice
        await polls.RecordNativeVoteAsync(id, 6, 1, added: true, Now);
        await polls.RecordNativeVoteAsync(id, 6, 1, added: false, Now);
        var live = await polls.TallyAsync(id);
        Assert.That((live.Voters, live.CountOf(1), live.CountOf(2)), Is.EqualTo((1, 0, 1)));

        await polls.RecordFinalCountsAsync(id, new Dictionary<int, int> { [1] = 4, [2] = 9 });
        var final = await polls.TallyAsync(id);
        Assert.That((final.CountOf(1), final.CountOf(2), final.CountOf(3)), Is.EqualTo((4, 9, 0)));
    }

    [TestCaseSource(typeof(TestDatabase), nameof(TestDatabase.Providers))]
    public async Task Discords_voter_lists_replace_event_derived_ballots_and_later_events_cannot_undo_them(DatabaseProvider provider)
    {
        await using var database = await CreateAsync(provider);
        var polls = new PollRepository(database.Factory());
        var id = (await polls.CreateAsync(Draft(maxPicks: 2) with { Layout = PollLayout.Native }, Guild, Channel, Creator, NextInteraction(), Now))!.Value;
        // What the events said: 5 picked 1 and 2 (the removal of 2 was lost), 6 picked 3 (really withdrawn), 7's vote was never heard.
        await polls.RecordNativeVoteAsync(id, 5, 1, added: true, Now);
        await polls.RecordNativeVoteAsync(id, 5, 2, added: true, Now);
        await polls.RecordNativeVoteAsync(id, 6, 3, added: true, Now);
        var later = Now.AddMinutes(30);

        await polls.CloseAsync(id, null, later);
        var discord = new Dictionary<ulong, IReadOnlyList<int>> { [5] = [1], [7] = [2, 3] };
        await polls.ReplaceNativeBallotsAsync(id, discord, later);
        await polls.ReplaceNativeBallotsAsync(id, discord, later.AddMinutes(1)); // settled twice (command and MESSAGE_UPDATE)

        var votes = await polls.VotesAsync(id);
        Assert.That(votes.Select(v => (v.VoterId, v.Position)), Is.EquivalentTo(new[] { (5UL, 1), (7UL, 2), (7UL, 3) }));
        Assert.That(votes.Single(v => v.VoterId == 5).VotedAt, Is.EqualTo(Now), "a ballot we knew keeps its time");
        Assert.That(votes.Where(v => v.VoterId == 7).Select(v => v.VotedAt), Has.All.EqualTo(later), "a ballot we missed gets the settle time");
        var tally = await polls.TallyAsync(id);
        Assert.That((tally.Voters, tally.CountOf(1), tally.CountOf(2), tally.CountOf(3)), Is.EqualTo((2, 1, 1, 1)));

        // A vote event handled after the poll closed (queued behind the close) changes nothing.
        await polls.RecordNativeVoteAsync(id, 6, 3, added: true, later);
        await polls.RecordNativeVoteAsync(id, 5, 1, added: false, later);
        Assert.That((await polls.VotesAsync(id)).Select(v => (v.VoterId, v.Position)), Is.EquivalentTo(new[] { (5UL, 1), (7UL, 2), (7UL, 3) }));
    }
}
