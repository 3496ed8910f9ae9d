using CommunityBot.StandIn;
using CommunityBot.TestSupport;
using static CommunityBot.EndToEnd.Brainstorming.BrainstormingE2E;

namespace CommunityBot.EndToEnd.Brainstorming;

/// <summary>The idea board against the stand-in: submit, vote, thread, status flow with DMs, duplicate merge, changelog.</summary>
[Category("Brainstorming")]
public sealed class IdeaEndToEndTests
{
    private static async Task<StandInMessage> SubmitAsync(BotTestHost bot, string persona, string title, string description)
    {
        var ideas = bot.Community.Channel("ideas");
        var before = bot.BotPosts(ideas).Count;
        var open = await bot.StandIn.InvokeSlashCommandAsync(bot.GuildId, bot.General(), bot.Person(persona), "idea", new SlashOption("new"));
        Assert.That((await open.WaitForResponseAsync(Wait)).Type, Is.EqualTo(9), "a modal");
        var submit = await bot.StandIn.SubmitModalAsync(bot.GuildId, bot.General(), bot.Person(persona), "idea:submit",
            new Dictionary<string, string> { ["title"] = title, ["description"] = description });
        var answer = await submit.WaitForResponseAsync(Wait);
        Assert.That(answer.Content, Does.Contain("is posted"), answer.Content);
        await UntilAsync(() => bot.BotPosts(ideas).Count > before, "the idea card");
        return bot.BotPosts(ideas)[^1];
    }

    private static Task<InteractionCallback> StatusAsync(BotTestHost bot, long id, string status, string? reason = null, long? duplicateOf = null)
    {
        var options = new SlashOption("status").With("id", id).With("status", status);
        if (reason is not null) options.With("reason", reason);
        if (duplicateOf is not null) options.With("duplicate_of", duplicateOf);
        return bot.SlashAsync("max-moderator", "idea", options);
    }

    private static int DmCount(BotTestHost bot, string persona, string text) =>
        bot.StandIn.DmsTo(bot.Person(persona)).Count(m => EmbedText(m).Contains(text));

    [Test]
    public async Task Status_changes_edit_the_card_and_notify_the_author_and_every_voter_once()
    {
        await using var bot = await StartAsync();
        var card = await SubmitAsync(bot, "alice", "Weekly @everyone game night", "Let us play together every Friday.");
        Assert.That(card.WouldPing, Is.False);
        Assert.That(card.ThreadId ?? bot.StandIn.Channels(bot.GuildId).FirstOrDefault(c => c.Name?.StartsWith("Idea #1") == true)?.Id, Is.Not.Null, "a discussion thread");

        await bot.ClickAsync(bot.Person("bob"), card, "idea:up:1");
        await bot.ClickAsync(bot.Person("chloe"), card, "idea:up:1");
        await bot.ClickAsync(bot.Person("chloe"), card, "idea:down:1"); // changed her mind
        await UntilAsync(() => EmbedText(bot.Fresh(card)).Contains("👍 1 · 👎 1"), "votes on the card");

        var member = await StatusAsync(bot, 1, "planned");
        Assert.That(member.Content, Does.Contain("Idea #1 is now"));
        await UntilAsync(() => EmbedText(bot.Fresh(card)).Contains("Planned"), "the card shows Planned");
        await UntilAsync(() => DmCount(bot, "alice", "Planned") == 1 && DmCount(bot, "bob", "Planned") == 1 && DmCount(bot, "chloe", "Planned") == 1,
            "DMs to the author and both voters");
        Assert.That(DmCount(bot, "alice", "You suggested this idea"), Is.EqualTo(1));

        var decline = await StatusAsync(bot, 1, "declined");
        Assert.That(decline.Type, Is.EqualTo(9), "declining asks for a reason in a form");
        var reason = await bot.StandIn.SubmitModalAsync(bot.GuildId, bot.General(), bot.Person("max-moderator"), "idea:decline:1",
            new Dictionary<string, string> { ["reason"] = "Not enough hosts this season." });
        Assert.That((await reason.WaitForResponseAsync(Wait)).Content, Does.Contain("Declined"));
        await UntilAsync(() => EmbedText(bot.Fresh(card)).Contains("Not enough hosts"), "the reason on the card");
        await UntilAsync(() => DmCount(bot, "bob", "Not enough hosts") == 1 && DmCount(bot, "alice", "Not enough hosts") == 1, "decline DMs");

        await UntilAsync(() => bot.Fresh(card).Components!.Value.GetRawText().Contains("\"disabled\":true"), "voting buttons disabled once declined");
        var notModerator = await bot.SlashAsync("bob", "idea", new SlashOption("status").With("id", 1).With("status", "shipped"));
        Assert.That(notModerator.Content, Does.Contain("Moderate Members"));
        bot.StandIn.AssertNoSpecViolations();
    }

    [Test]
    public async Task A_duplicate_merges_votes_counting_members_who_voted_on_both_once_and_shipped_ideas_make_the_changelog()
    {
        await using var bot = await StartAsync();
        var original = await SubmitAsync(bot, "alice", "Dark mode", "Please add a dark theme to the website.");
        var duplicate = await SubmitAsync(bot, "bob", "Night theme", "A darker website theme for the evening.");
        await bot.ClickAsync(bot.Person("chloe"), original, "idea:up:1");
        await bot.ClickAsync(bot.Person("chloe"), duplicate, "idea:up:2");   // voted on both
        await bot.ClickAsync(bot.Person("owner"), duplicate, "idea:up:2");
        await bot.ClickAsync(bot.Person("ada-admin"), duplicate, "idea:down:2");

        var merge = await StatusAsync(bot, 2, "duplicate", duplicateOf: 1);
        Assert.That(merge.Content, Does.Contain("merged into #1"));
        await UntilAsync(() => EmbedText(bot.Fresh(original)).Contains("👍 2 · 👎 1"), "merged votes on the original (chloe once)");
        await UntilAsync(() => EmbedText(bot.Fresh(duplicate)).Contains("Idea #1"), "the duplicate points to the original");
        await UntilAsync(() => DmCount(bot, "bob", "merged into idea #1") == 1 && DmCount(bot, "owner", "merged into idea #1") == 1, "duplicate DMs");

        await StatusAsync(bot, 1, "shipped");
        var changelog = await bot.SlashAsync("chloe", "idea", new SlashOption("changelog"));
        Assert.That(changelog.Data!.Value.Strings(), Does.Contain("Dark mode").And.Not.Contain("Night theme"));
        bot.StandIn.AssertNoSpecViolations();
    }
}
