using System.Text.Json;
using System.Text.Json.Nodes;
using CommunityBot.Features.Faq;
using CommunityBot.Sandbox;
using CommunityBot.StandIn;
using CommunityBot.TestSupport;

namespace CommunityBot.EndToEnd.Faq;

/// <summary>FAQ capture against the stand-in over real sockets: what members, askers and moderators see.</summary>
[Category("Faq")]
public sealed class FaqEndToEndTests
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(15);

    private static Task<BotTestHost> StartAsync() => BotTestHost.StartAsync(new BotTestHostOptions
    {
        ConfigureGuild = (c, g) => g["faq"] = new JsonObject
        {
            ["reviewChannelId"] = c.Channel("review").ToString(),
            ["helpChannelIds"] = new JsonArray(c.Channel("help").ToString()),
            ["nudge"] = new JsonObject { ["minScore"] = 0.5, ["cooldownMinutes"] = 10 },
        },
    });

    private static ulong P(BotTestHost bot, string persona) => bot.Community.Person(persona);

    /// <summary>A member answers in #help, someone saves it with "Save as FAQ", and the card lands in #review.</summary>
    private static async Task<(FaqEntry Entry, StandInMessage Card)> ProposeAsync(BotTestHost bot, string question, string answer, string tags, string proposer = "chloe")
    {
        var help = bot.Community.Channel("help");
        var asked = await bot.StandIn.PostMessageAsync(bot.GuildId, help, P(bot, "alice"), question);
        var answered = await bot.StandIn.PostMessageAsync(bot.GuildId, help, P(bot, "bob"), answer, replyToMessageId: asked.Id);

        var menu = await bot.StandIn.InvokeMessageCommandAsync(bot.GuildId, help, P(bot, proposer), "Save as FAQ", answered.Id);
        var modal = await menu.WaitForResponseAsync(Wait);
        Assert.That(modal.Type, Is.EqualTo(9), "a modal opens");
        Assert.That(modal.Data!.Value.GetRawText(), Does.Contain(JsonSerializer.Serialize(question)[1..^1]), "question prefilled from the message it replies to");

        var submit = await bot.StandIn.SubmitModalAsync(bot.GuildId, help, P(bot, proposer), modal.CustomId!,
            new Dictionary<string, string> { ["question"] = question, ["answer"] = answer, ["tags"] = tags });
        Assert.That((await submit.WaitForResponseAsync(Wait)).Content, Does.Contain("Proposed as FAQ #"));

        var repo = bot.Service<FaqRepository>();
        var card = await Eventually.ReturnsAsync(() => Task.FromResult(bot.StandIn.Messages(bot.Community.Channel("review"))
            .FirstOrDefault(m => m.AuthorId == bot.StandIn.BotUser.Id && m.Reactions.ContainsKey("❌") && m.Embeds?.GetRawText().Contains(JsonSerializer.Serialize(question)[1..^1]) == true)),
            "the review card with ✅/❌ pre-added");
        var entry = await Eventually.ReturnsAsync(() => repo.GetByReviewCardAsync(card.Id), "the card remembered in the database");
        Assert.That(entry.Status, Is.EqualTo(FaqStatus.Proposed));
        Assert.That(entry.AnswerAuthorId, Is.EqualTo(P(bot, "bob")));
        return (entry, card);
    }

    private static Task<FaqEntry> StatusAsync(BotTestHost bot, long id, string status) =>
        Eventually.ReturnsAsync(async () => await bot.Service<FaqRepository>().GetAsync(bot.GuildId, id) is { } e && e.Status == status ? e : null, $"FAQ #{id} {status}");

    [Test]
    public async Task Capture_review_by_reaction_publish_search_and_export_without_pinging_anyone()
    {
        await using var bot = await StartAsync();
        var review = bot.Community.Channel("review");
        var (entry, card) = await ProposeAsync(bot, "How do I reset my password?",
            "@everyone Open Settings → Account → Reset password, then check your e-mail.", "account, login");

        // A member's ✅ is ignored; a moderator's publishes.
        await bot.StandIn.AddReactionAsync(bot.GuildId, review, card.Id, P(bot, "alice"), "✅");
        var (other, otherCard) = await ProposeAsync(bot, "Where do I report a bug?", "Use the #bugs forum with steps to reproduce.", "support");
        await bot.StandIn.AddReactionAsync(bot.GuildId, review, otherCard.Id, P(bot, "max-moderator"), "✅");
        await StatusAsync(bot, other.Id, FaqStatus.Published);
        Assert.That((await bot.Service<FaqRepository>().GetAsync(bot.GuildId, entry.Id))!.Status, Is.EqualTo(FaqStatus.Proposed), "a non-moderator's ✅ does nothing");

        await bot.StandIn.AddReactionAsync(bot.GuildId, review, card.Id, P(bot, "max-moderator"), "✅");
        var published = await StatusAsync(bot, entry.Id, FaqStatus.Published);
        Assert.That(published.ReviewerId, Is.EqualTo(P(bot, "max-moderator")));
        await bot.StandIn.WaitForAsync(() => bot.StandIn.DmsTo(P(bot, "chloe")).Any(m => m.Content.Contains($"FAQ #{entry.Id}")), Wait, "the proposer is told");
        await bot.StandIn.WaitForAsync(() => bot.StandIn.GetMessage(card.Id)!.Embeds?.GetRawText().Contains("Approved") == true, Wait, "the card shows the decision");

        // Searchable, by a partial word.
        var search = await bot.StandIn.InvokeSlashCommandAsync(bot.GuildId, bot.Community.Channel("general"), P(bot, "alice"), "faq",
            new SlashOption("search").With("query", "passw"));
        var results = await search.WaitForResponseAsync(Wait);
        Assert.That(results.Data!.Value.GetRawText(), Does.Contain($"#{entry.Id}"));

        // Shown in the channel: the @everyone in the answer must not ping.
        var show = await bot.StandIn.InvokeSlashCommandAsync(bot.GuildId, bot.Community.Channel("general"), P(bot, "alice"), "faq",
            new SlashOption("show").With("id", entry.Id));
        await show.WaitForResponseAsync(Wait);
        var shown = await Eventually.ReturnsAsync(() => Task.FromResult(show.OriginalResponse), "the posted entry");
        Assert.That(shown.Embeds!.Value.GetRawText(), Does.Contain("@everyone"));
        Assert.That(shown.Mentions.WouldPing, Is.False, "answers never ping");
        Assert.That((await bot.Service<FaqRepository>().GetAsync(bot.GuildId, entry.Id))!.UseCount, Is.EqualTo(1));

        // Exported, byte-identical for the same data.
        var first = await ExportAsync(bot);
        var second = await ExportAsync(bot);
        Assert.That(second, Is.EqualTo(first));
        var markdown = System.Text.Encoding.UTF8.GetString(first);
        Assert.That(markdown, Does.Contain($"<a id=\"faq-{entry.Id}\"></a>\n\n### How do I reset my password?"));
        Assert.That(markdown, Does.Contain("## account"));
        bot.StandIn.AssertNoSpecViolations();
    }

    private static async Task<byte[]> ExportAsync(BotTestHost bot)
    {
        var export = await bot.StandIn.InvokeSlashCommandAsync(bot.GuildId, bot.Community.Channel("admin"), P(bot, "max-moderator"), "faq",
            new SlashOption("export").With("format", "markdown"));
        await export.WaitForResponseAsync(Wait);
        var message = await Eventually.ReturnsAsync(() => Task.FromResult(export.OriginalResponse is { Attachments.Count: > 0 } m ? m : null), "the export attachment");
        Assert.That(message.Attachments[0].Filename, Is.EqualTo($"faq-{bot.GuildId}.md"));
        return message.Attachments[0].Content;
    }

    [Test]
    public async Task A_card_posted_before_a_restart_is_reviewed_by_reaction_after_it()
    {
        await using var bot = await StartAsync();
        var (entry, card) = await ProposeAsync(bot, "Can I change my username?", "Yes: User Settings → My Account → Edit.", "account");

        await bot.RestartAsync();
        await bot.StandIn.AddReactionAsync(bot.GuildId, bot.Community.Channel("review"), card.Id, P(bot, "max-moderator"), "❌");

        await StatusAsync(bot, entry.Id, FaqStatus.Rejected);
        await bot.StandIn.WaitForAsync(() => bot.StandIn.DmsTo(P(bot, "chloe")).Any(m => m.Content.Contains("not accepted")), Wait, "the proposer is told");
        bot.StandIn.AssertNoSpecViolations();
    }

    [Test]
    public async Task Korean_and_english_search_handles_particles_partial_and_short_words()
    {
        await using var bot = await StartAsync();
        var help = bot.Community.Channel("help");
        var workflow = bot.Service<FaqRepository>();
        var (korean, _) = await ProposeAsync(bot, "비밀번호 변경 방법", "설정 → 계정에서 비밀번호를 바꿀 수 있어요.", "계정");
        var (payment, _) = await ProposeAsync(bot, "결제 취소는 어떻게 하나요?", "주문 내역에서 취소 버튼을 누르세요.", "결제");
        foreach (var id in new[] { korean.Id, payment.Id })
        {
            var approve = await bot.StandIn.ClickButtonAsync(bot.GuildId, bot.Community.Channel("review"), P(bot, "max-moderator"),
                (await workflow.GetAsync(bot.GuildId, id))!.ReviewMessageId!.Value, $"faq:approve:{id}");
            Assert.That((await approve.WaitForResponseAsync(Wait)).Content, Does.Contain("Approved"));
        }

        foreach (var (query, expected) in new[] { ("비밀번호를", korean.Id), ("결제", payment.Id), ("취소를", payment.Id), ("비밀", korean.Id) })
        {
            var search = await bot.StandIn.InvokeSlashCommandAsync(bot.GuildId, help, P(bot, "alice"), "faq", new SlashOption("search").With("query", query));
            var text = (await search.WaitForResponseAsync(Wait)).Data!.Value.GetRawText();
            Assert.That(text, Does.Contain($"**#{expected}**"), query);
        }

        var suggest = await bot.StandIn.InvokeAutocompleteAsync(bot.GuildId, help, P(bot, "alice"), "faq", new SlashOption("search").With("query", "비밀번호를", focused: true));
        Assert.That((await suggest.WaitForResponseAsync(Wait)).Data!.Value.GetRawText(), Does.Contain($"#{korean.Id}"));
        bot.StandIn.AssertNoSpecViolations();
    }

    [Test]
    public async Task A_matching_question_is_nudged_once_never_for_a_moderator_and_the_outcome_is_recorded()
    {
        await using var bot = await StartAsync();
        var help = bot.Community.Channel("help");
        var (entry, card) = await ProposeAsync(bot, "How do I reset my password?", "Open Settings → Account → Reset password.", "account");
        await bot.StandIn.AddReactionAsync(bot.GuildId, bot.Community.Channel("review"), card.Id, P(bot, "max-moderator"), "✅");
        await StatusAsync(bot, entry.Id, FaqStatus.Published);
        bot.Clock.Advance(TimeSpan.FromMinutes(11));

        IReadOnlyList<StandInMessage> NudgesUnder(ulong messageId) =>
            bot.StandIn.Messages(help).Where(m => m.AuthorId == bot.StandIn.BotUser.Id && m.ReplyToMessageId == messageId).ToList();

        var moderatorAsks = await bot.StandIn.PostMessageAsync(bot.GuildId, help, P(bot, "max-moderator"), "how can I reset my password?");
        var chloeAsks = await bot.StandIn.PostMessageAsync(bot.GuildId, help, P(bot, "chloe"), "hi, how do i reset my password??");
        await bot.StandIn.WaitForAsync(() => NudgesUnder(chloeAsks.Id).Count == 1, Wait, "a nudge under chloe's question");
        var alsoAsks = await bot.StandIn.PostMessageAsync(bot.GuildId, help, P(bot, "bob"), "How do I reset my password?");

        var nudge = NudgesUnder(chloeAsks.Id).Single();
        Assert.That(nudge.Mentions.WouldPing, Is.False, "the reply does not ping the asker");
        Assert.That(NudgesUnder(moderatorAsks.Id), Is.Empty, "never for moderators");

        var dismissByOther = await bot.StandIn.ClickButtonAsync(bot.GuildId, help, P(bot, "alice"), nudge.Id, $"faq:nudge:{NudgeId(nudge)}:dismiss");
        Assert.That((await dismissByOther.WaitForResponseAsync(Wait)).Content, Does.Contain("Only the person who asked"));
        var helped = await bot.StandIn.ClickButtonAsync(bot.GuildId, help, P(bot, "chloe"), nudge.Id, $"faq:nudge:{NudgeId(nudge)}:helped");
        await helped.WaitForResponseAsync(Wait);
        var recorded = await bot.Service<FaqNudges>().GetAsync(bot.GuildId, NudgeId(nudge));
        Assert.That(recorded!.Outcome, Is.EqualTo(NudgeOutcome.Helped));
        Assert.That(NudgesUnder(alsoAsks.Id), Is.Empty, "one nudge per channel per cooldown");
        bot.StandIn.AssertNoSpecViolations();
    }

    [Test]
    public async Task The_asker_marks_a_reply_in_a_help_thread_as_the_answer()
    {
        await using var bot = await StartAsync();
        var thread = bot.StandIn.Guild(bot.GuildId).AddThread(bot.Community.Channel("help"), "How do I turn on two-factor login?", P(bot, "alice")).Id;
        await bot.StandIn.PostMessageAsync(bot.GuildId, thread, P(bot, "alice"), "I can't find the setting anywhere.");
        var reply = await bot.StandIn.PostMessageAsync(bot.GuildId, thread, P(bot, "bob"), "User Settings → My Account → Enable Two-Factor Auth.");

        var byOther = await bot.StandIn.InvokeMessageCommandAsync(bot.GuildId, thread, P(bot, "chloe"), "Mark as answer", reply.Id);
        Assert.That((await byOther.WaitForResponseAsync(Wait)).Content, Does.Contain("Only the person who asked"));

        var byAsker = await bot.StandIn.InvokeMessageCommandAsync(bot.GuildId, thread, P(bot, "alice"), "Mark as answer", reply.Id);
        Assert.That((await byAsker.WaitForResponseAsync(Wait)).Content, Does.Contain("proposed as FAQ #"));
        var entry = await Eventually.ReturnsAsync(() => ProposedAsync(bot), "the proposal");
        Assert.That((entry.Question, entry.AnswerAuthorId, entry.Origin), Is.EqualTo(("How do I turn on two-factor login?", (ulong?)P(bot, "bob"), FaqOrigin.MarkedAnswer)));
        bot.StandIn.AssertNoSpecViolations();
    }

    /// <summary>The first proposal of this fresh database (entry ids start at 1).</summary>
    private static async Task<FaqEntry?> ProposedAsync(BotTestHost bot)
    {
        for (var id = 1; id <= 3; id++)
            if (await bot.Service<FaqRepository>().GetAsync(bot.GuildId, id) is { Status: FaqStatus.Proposed } e) return e;
        return null;
    }

    private static long NudgeId(StandInMessage nudge)
    {
        var raw = nudge.Components!.Value.GetRawText();
        var start = raw.IndexOf("faq:nudge:", StringComparison.Ordinal) + "faq:nudge:".Length;
        return long.Parse(raw[start..raw.IndexOf(':', start)]);
    }
}
