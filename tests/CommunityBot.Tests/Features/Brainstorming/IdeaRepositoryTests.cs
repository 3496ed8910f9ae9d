using CommunityBot.Features.Brainstorming;
using CommunityBot.Features.Ideas;
using CommunityBot.Storage;
using CommunityBot.TestSupport;
using static CommunityBot.Tests.Features.Brainstorming.BrainstormingDatabase;

namespace CommunityBot.Tests.Features.Brainstorming;

[Category("Brainstorming")]
public sealed class IdeaRepositoryTests
{
    private const ulong Guild = 10, Channel = 20, Author = 30, Moderator = 40;

    private static async Task<long> NewIdeaAsync(IdeaRepository ideas, string title = "Dark mode") =>
        (await ideas.CreateAsync(Guild, Channel, Author, NextInteraction(), title, "Please add it", Now))!.Value;

    [TestCaseSource(typeof(TestDatabase), nameof(TestDatabase.Providers))]
    public async Task Duplicate_merge_counts_members_who_voted_on_both_once(DatabaseProvider provider)
    {
        await using var database = await CreateAsync(provider);
        var ideas = new IdeaRepository(database.Factory());
        var original = await NewIdeaAsync(ideas);
        var duplicate = await NewIdeaAsync(ideas, "Night theme");
        await ideas.VoteAsync(original, 1, +1, NextInteraction(), Now);
        await ideas.VoteAsync(original, 2, +1, NextInteraction(), Now);
        await ideas.VoteAsync(duplicate, 2, -1, NextInteraction(), Now); // voted on both: keeps the vote on the original
        await ideas.VoteAsync(duplicate, 3, +1, NextInteraction(), Now);
        await ideas.VoteAsync(duplicate, 4, -1, NextInteraction(), Now);

        var result = await ideas.ChangeStatusAsync(duplicate, IdeaStatus.Duplicate, null, original, Moderator, NextInteraction(), Now);
        Assert.That(result.Refusal, Is.Null);

        Assert.That(await ideas.VotesAsync(original), Is.EqualTo(new IdeaVotes(3, 1)), "members 1, 2, 3 up; 4 down; member 2 once");
        var merged = await ideas.GetAsync(duplicate);
        Assert.That((merged!.Status, merged.DuplicateOf), Is.EqualTo((IdeaStatus.Duplicate, (long?)original)));
        Assert.That(await ideas.VoteAsync(duplicate, 5, +1, NextInteraction(), Now), Is.EqualTo(VoteOutcome.Closed));
        Assert.That((await ideas.ChangeStatusAsync(duplicate, IdeaStatus.Planned, null, null, Moderator, NextInteraction(), Now)).Refusal,
            Does.Contain("merged into"));
    }

    [TestCaseSource(typeof(TestDatabase), nameof(TestDatabase.Providers))]
    public async Task A_status_change_queues_the_author_and_each_voter_once_but_not_the_moderator(DatabaseProvider provider)
    {
        await using var database = await CreateAsync(provider);
        var ideas = new IdeaRepository(database.Factory());
        var id = await NewIdeaAsync(ideas);
        await ideas.VoteAsync(id, Author, +1, NextInteraction(), Now);  // the author voted on their own idea
        await ideas.VoteAsync(id, 1, +1, NextInteraction(), Now);
        var click = NextInteraction();
        await ideas.VoteAsync(id, 1, -1, click, Now);                    // changed their mind
        await ideas.VoteAsync(id, Moderator, +1, NextInteraction(), Now);

        var interaction = NextInteraction();
        var result = await ideas.ChangeStatusAsync(id, IdeaStatus.Planned, "Next sprint", null, Moderator, interaction, Now);
        Assert.That(result.ChangeId, Is.Not.Null);
        var pending = await ideas.PendingNotificationsAsync(result.ChangeId!.Value);
        Assert.That(pending.Select(p => (p.MemberId, p.Role)), Is.EquivalentTo(new[] { (Author, "author"), (1UL, "voter") }));

        var replay = await ideas.ChangeStatusAsync(id, IdeaStatus.InProgress, null, null, Moderator, interaction, Now);
        Assert.That((replay.ChangeId, replay.Refusal), Is.EqualTo(((long?)null, (string?)null)), "a replayed command changes nothing");
        Assert.That((await ideas.GetAsync(id))!.Status, Is.EqualTo(IdeaStatus.Planned));
        Assert.That(await ideas.VotesAsync(id), Is.EqualTo(new IdeaVotes(2, 1)));

        await ideas.RecordNotificationAsync(result.ChangeId.Value, 1, "failed", "50007 Cannot send messages to this user");
        Assert.That(await ideas.NotificationStatesAsync(result.ChangeId.Value), Is.EquivalentTo(new Dictionary<string, int> { ["pending"] = 1, ["failed"] = 1 }));
    }

    [TestCaseSource(typeof(TestDatabase), nameof(TestDatabase.Providers))]
    public async Task Shipped_ideas_make_the_changelog_newest_first(DatabaseProvider provider)
    {
        await using var database = await CreateAsync(provider);
        var ideas = new IdeaRepository(database.Factory());
        var a = await NewIdeaAsync(ideas, "First");
        var b = await NewIdeaAsync(ideas, "Second");
        await NewIdeaAsync(ideas, "Still open");
        await ideas.ChangeStatusAsync(a, IdeaStatus.Shipped, null, null, Moderator, NextInteraction(), Now);
        await ideas.ChangeStatusAsync(b, IdeaStatus.Shipped, null, null, Moderator, NextInteraction(), Now.AddDays(1));

        var shipped = await ideas.ShippedAsync(Guild, 10);
        Assert.That(shipped.Select(s => s.Title), Is.EqualTo(new[] { "Second", "First" }));
        Assert.That((await ideas.ChangeStatusAsync(a, IdeaStatus.Shipped, null, null, Moderator, NextInteraction(), Now)).Refusal, Does.Contain("already"));
    }
}
