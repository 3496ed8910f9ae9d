using CommunityBot.Features.Faq;
using CommunityBot.Storage;
using CommunityBot.Storage.Migrations;
using CommunityBot.TestSupport;

namespace CommunityBot.Tests.Features.Faq;

[Category("Faq")]
public class FaqRepositoryTests
{
    private const ulong Guild = 900, OtherGuild = 901, Moderator = 7, Proposer = 8, Author = 9;
    private static readonly DateTimeOffset Now = new(2025, 3, 1, 12, 0, 0, TimeSpan.Zero);
    private static ulong _message = 5000;

    private static Task<TestDatabase> DatabaseAsync(DatabaseProvider provider) =>
        TestDatabase.CreateMigratedAsync(provider, new MigrationSource(FaqFeature.Module, typeof(FaqSettings)));

    private static FaqDraft Draft(string question, string answer, string tags = "", ulong guild = Guild) =>
        new(guild, question, answer, tags, 100, Interlocked.Increment(ref _message), Author, Proposer, FaqOrigin.Saved);

    private static async Task<long> PublishedAsync(FaqRepository repo, string question, string answer, string tags = "", ulong guild = Guild) =>
        (await repo.CreateAsync(Draft(question, answer, tags, guild), publish: true, Now)).Entry.Id;

    [TestCaseSource(typeof(TestDatabase), nameof(TestDatabase.Providers))]
    public async Task Capturing_the_same_message_twice_keeps_one_entry(DatabaseProvider provider)
    {
        await using var db = await DatabaseAsync(provider);
        var repo = new FaqRepository(db.Factory());
        var draft = Draft("How do I reset my password?", "Use the account page.");

        var first = await repo.CreateAsync(draft, publish: false, Now);
        var second = await repo.CreateAsync(draft with { ProposerId = 99 }, publish: false, Now);

        Assert.That(first.Created, Is.True);
        Assert.That(second.Created, Is.False);
        Assert.That(second.Entry.Id, Is.EqualTo(first.Entry.Id));
        Assert.That(second.Entry.ProposerId, Is.EqualTo(Proposer), "the first proposer keeps the credit");
    }

    [TestCaseSource(typeof(TestDatabase), nameof(TestDatabase.Providers))]
    public async Task A_proposal_is_decided_once_and_only_then_searchable(DatabaseProvider provider)
    {
        await using var db = await DatabaseAsync(provider);
        var repo = new FaqRepository(db.Factory());
        var search = new FaqSearch(db.Factory());
        var (entry, _) = await repo.CreateAsync(Draft("How do I reset my password?", "Use the account page."), publish: false, Now);

        Assert.That(await search.SearchAsync(Guild, "password"), Is.Empty, "proposals are not searchable");
        Assert.That(await repo.DecideAsync(Guild, entry.Id, approve: true, Moderator, Now), Is.True);
        Assert.That(await repo.DecideAsync(Guild, entry.Id, approve: false, 77, Now), Is.False, "a second decision changes nothing");
        Assert.That(await repo.DecideAsync(OtherGuild, entry.Id, approve: true, Moderator, Now), Is.False);

        var stored = await repo.GetAsync(Guild, entry.Id);
        Assert.That(stored!.Status, Is.EqualTo(FaqStatus.Published));
        Assert.That(stored.ReviewerId, Is.EqualTo(Moderator));
        Assert.That((await search.SearchAsync(Guild, "password")).Select(h => h.Id), Is.EqualTo(new[] { entry.Id }));
    }

    [TestCaseSource(typeof(TestDatabase), nameof(TestDatabase.Providers))]
    public async Task Search_finds_korean_words_with_particles_partial_words_and_short_words(DatabaseProvider provider)
    {
        await using var db = await DatabaseAsync(provider);
        var repo = new FaqRepository(db.Factory());
        var search = new FaqSearch(db.Factory());
        var password = await PublishedAsync(repo, "비밀번호 변경 방법", "설정 > 계정에서 비밀번호를 바꿀 수 있습니다.", "계정");
        var payment = await PublishedAsync(repo, "결제 취소는 어떻게 하나요?", "주문 내역에서 취소하세요.", "결제");
        var english = await PublishedAsync(repo, "How do I configure notifications?", "Open Settings → Notifications.", "settings");
        await PublishedAsync(repo, "Where is the event calendar?", "Pinned in #events.", "events");
        var elsewhere = await PublishedAsync(repo, "비밀번호 변경 방법", "other guild", guild: OtherGuild);

        Assert.That(Ids(await search.SearchAsync(Guild, "비밀번호를")), Is.EqualTo(new[] { password }), "particle 를 stripped");
        Assert.That(Ids(await search.SearchAsync(Guild, "비밀번호를 바꾸고 싶어요")).First(), Is.EqualTo(password), "all-words miss falls back to any-word");
        Assert.That(Ids(await search.SearchAsync(Guild, "결제")), Is.EqualTo(new[] { payment }), "two-syllable word below the trigram length");
        Assert.That(Ids(await search.SearchAsync(Guild, "결제를 취소")).First(), Is.EqualTo(payment));
        Assert.That(Ids(await search.SearchAsync(Guild, "notif")), Is.EqualTo(new[] { english }), "partial English word");
        Assert.That(Ids(await search.SearchAsync(Guild, "CONFIGURE Notifications")), Is.EqualTo(new[] { english }), "case-insensitive");
        Assert.That(Ids(await search.SearchAsync(Guild, "zzz qqq")), Is.Empty);
        Assert.That(Ids(await search.SearchAsync(Guild, "   ")), Is.Empty);
        Assert.That(Ids(await search.SearchAsync(OtherGuild, "비밀번호")), Is.EqualTo(new[] { elsewhere }), "guilds never see each other's entries");
    }

    [TestCaseSource(typeof(TestDatabase), nameof(TestDatabase.Providers))]
    public async Task Question_matches_rank_above_answer_matches(DatabaseProvider provider)
    {
        await using var db = await DatabaseAsync(provider);
        var repo = new FaqRepository(db.Factory());
        var search = new FaqSearch(db.Factory());
        var inAnswer = await PublishedAsync(repo, "How do I join voice chat?", "Make sure your microphone permission is on.");
        var inQuestion = await PublishedAsync(repo, "My microphone does not work", "Check the input device in Voice settings.");

        Assert.That(Ids(await search.SearchAsync(Guild, "microphone")), Is.EqualTo(new[] { inQuestion, inAnswer }));
    }

    [TestCaseSource(typeof(TestDatabase), nameof(TestDatabase.Providers))]
    public async Task Aliases_edits_and_deletes_change_what_search_finds(DatabaseProvider provider)
    {
        await using var db = await DatabaseAsync(provider);
        var repo = new FaqRepository(db.Factory());
        var search = new FaqSearch(db.Factory());
        var id = await PublishedAsync(repo, "How do I reset my password?", "Use the account page.");

        Assert.That(await repo.AddAliasAsync(Guild, id, "로그인이 안 돼요"), Is.True);
        Assert.That(await repo.AddAliasAsync(Guild, id, "로그인이 안 돼요"), Is.False, "same alias twice");
        Assert.That(Ids(await search.SearchAsync(Guild, "로그인")), Is.EqualTo(new[] { id }));
        Assert.That((await repo.GetAsync(Guild, id))!.AliasList, Is.EqualTo(new[] { "로그인이 안 돼요" }));

        Assert.That(await repo.UpdateContentAsync(Guild, id, "How do I change my e-mail?", "Account page → E-mail.", "account", Moderator, Now.AddDays(1)), Is.True);
        Assert.That(Ids(await search.SearchAsync(Guild, "password")), Is.Empty);
        Assert.That(Ids(await search.SearchAsync(Guild, "e-mail")), Is.EqualTo(new[] { id }));
        Assert.That((await repo.GetAsync(Guild, id))!.LastReviewed, Is.EqualTo(Now.AddDays(1)), "an edit is a review");

        Assert.That(await repo.RemoveAliasAsync(Guild, id, "로그인이 안 돼요"), Is.True);
        Assert.That(Ids(await search.SearchAsync(Guild, "로그인")), Is.Empty);

        Assert.That(await repo.DeleteAsync(Guild, id, Now), Is.True);
        Assert.That(Ids(await search.SearchAsync(Guild, "e-mail")), Is.Empty);
        Assert.That(await repo.PublishedAsync(Guild), Is.Empty);
    }

    [TestCaseSource(typeof(TestDatabase), nameof(TestDatabase.Providers))]
    public async Task Votes_count_once_per_member_and_usage_once_per_event(DatabaseProvider provider)
    {
        await using var db = await DatabaseAsync(provider);
        var repo = new FaqRepository(db.Factory());
        var id = await PublishedAsync(repo, "How do I reset my password?", "Use the account page.");

        await repo.VoteAsync(id, 1, helpful: true, Now);
        await repo.VoteAsync(id, 1, helpful: true, Now);
        await repo.VoteAsync(id, 2, helpful: true, Now);
        await repo.VoteAsync(id, 2, helpful: false, Now); // changed their mind
        Assert.That(await repo.RecordUsageAsync(id, 111, "show", Now), Is.True);
        Assert.That(await repo.RecordUsageAsync(id, 111, "show", Now), Is.False, "a replayed interaction");
        Assert.That(await repo.RecordUsageAsync(id, 112, "show", Now), Is.True);

        var entry = await repo.GetAsync(Guild, id);
        Assert.That((entry!.HelpfulYes, entry.HelpfulNo, entry.UseCount), Is.EqualTo((1L, 1L, 2L)));
    }

    [TestCaseSource(typeof(TestDatabase), nameof(TestDatabase.Providers))]
    public async Task Stale_lists_entries_not_reviewed_since_the_cutoff(DatabaseProvider provider)
    {
        await using var db = await DatabaseAsync(provider);
        var repo = new FaqRepository(db.Factory());
        var old = await PublishedAsync(repo, "Old question", "Old answer.");
        var confirmed = await PublishedAsync(repo, "Another old question", "Answer.");
        await repo.ConfirmAsync(Guild, confirmed, Moderator, Now.AddDays(200));

        var stale = await repo.StaleAsync(Guild, Now.AddDays(200 - 180), 10);

        Assert.That(stale.Select(e => e.Id), Is.EqualTo(new[] { old }));
        Assert.That(stale[0].IsStale(Now.AddDays(200), 180), Is.True);
    }

    [TestCaseSource(typeof(TestDatabase), nameof(TestDatabase.Providers))]
    public async Task Nudges_claim_the_channel_cooldown_and_each_question_once(DatabaseProvider provider)
    {
        await using var db = await DatabaseAsync(provider);
        var repo = new FaqRepository(db.Factory());
        var nudges = new FaqNudges(db.Factory());
        var id = await PublishedAsync(repo, "How do I reset my password?", "Use the account page.");
        var cooldown = TimeSpan.FromMinutes(10);

        var first = await nudges.TryReserveAsync(Guild, 300, 1, 50, id, 0.9, Now, cooldown);
        Assert.That(first, Is.Not.Null);
        Assert.That(await nudges.TryReserveAsync(Guild, 300, 2, 51, id, 0.9, Now.AddMinutes(5), cooldown), Is.Null, "channel cooling down");
        Assert.That(await nudges.TryReserveAsync(Guild, 301, 3, 51, id, 0.9, Now.AddMinutes(5), cooldown), Is.Not.Null, "other channel");
        Assert.That(await nudges.TryReserveAsync(Guild, 300, 1, 50, id, 0.9, Now.AddMinutes(20), cooldown), Is.Null, "same question replayed later");
        Assert.That(await nudges.TryReserveAsync(Guild, 300, 4, 52, id, 0.9, Now.AddMinutes(21), cooldown), Is.Not.Null,
            "the replay did not consume the cooldown");

        Assert.That(await nudges.RecordOutcomeAsync(first!.Value, NudgeOutcome.Helped, 50, Now), Is.True);
        Assert.That(await nudges.RecordOutcomeAsync(first.Value, NudgeOutcome.Dismissed, 50, Now), Is.False);
        Assert.That((await nudges.GetAsync(Guild, first.Value))!.Outcome, Is.EqualTo(NudgeOutcome.Helped));
    }

    private static long[] Ids(IEnumerable<FaqHit> hits) => hits.Select(h => h.Id).ToArray();
}
