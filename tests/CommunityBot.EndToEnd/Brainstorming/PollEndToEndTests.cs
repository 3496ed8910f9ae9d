using System.Text;
using System.Text.Json;
using CommunityBot.StandIn;
using CommunityBot.TestSupport;
using static CommunityBot.EndToEnd.Brainstorming.BrainstormingE2E;

namespace CommunityBot.EndToEnd.Brainstorming;

/// <summary>Polls against the stand-in over real sockets: what members and moderators see.</summary>
[Category("Brainstorming")]
public sealed class PollEndToEndTests
{
    private static async Task<StandInMessage> CreatePollAsync(BotTestHost bot, SlashOption options)
    {
        var before = bot.BotPosts(bot.General()).Count;
        var answer = await bot.SlashAsync("max-moderator", "poll", options);
        Assert.That(answer.IsEphemeral, Is.True);
        Assert.That(answer.Content, Does.StartWith("Poll #"), answer.Content);
        await UntilAsync(() => bot.BotPosts(bot.General()).Count > before, "the poll message");
        return bot.BotPosts(bot.General())[^1];
    }

    [Test]
    public async Task Single_choice_poll_counts_votes_changes_and_double_clicks_once_then_closes_with_final_results()
    {
        await using var bot = await StartAsync();
        var poll = await CreatePollAsync(bot, new SlashOption("create").With("question", "Where do we meet?").With("options", "Park | @everyone come to the pub | Online"));

        Assert.That(poll.WouldPing, Is.False, "an option with @everyone must not ping");
        Assert.That(poll.AllowedMentions?.GetProperty("parse").GetArrayLength(), Is.EqualTo(0));
        Assert.That(Description(poll), Does.Contain("@everyone come to the pub"));
        Assert.That(CustomIds(poll), Is.SupersetOf(new[] { "poll:v:1:1", "poll:v:1:2", "poll:v:1:3", "poll:w:1", "poll:m:1" }));

        var alice = bot.Person("alice");
        var bob = bot.Person("bob");
        Assert.That((await bot.ClickAsync(alice, poll, "poll:v:1:1")).Content, Does.Contain("Park"));
        Assert.That((await bot.ClickAsync(alice, poll, "poll:v:1:3")).Content, Does.Contain("Online"), "changed vote");
        var double1 = bot.ClickAsync(bob, poll, "poll:v:1:3");
        var double2 = bot.ClickAsync(bob, poll, "poll:v:1:3");
        await Task.WhenAll(double1, double2);

        await UntilAsync(() => Description(bot.Fresh(poll)).Contains("2 members voted"), "the live tally");
        var live = Description(bot.Fresh(poll));
        Assert.That(live, Does.Contain("`██████████` 2 · 100%"), live);
        Assert.That(live, Does.Contain("`░░░░░░░░░░` 0 · 0%"));

        var refused = await bot.SlashAsync("chloe", "poll", new SlashOption("close").With("id", 1));
        Assert.That(refused.Content, Does.Contain("Moderate Members"), "only the creator or a moderator closes a poll");

        var close = await bot.SlashAsync("max-moderator", "poll", new SlashOption("close").With("id", 1));
        Assert.That(close.Content, Does.Contain("closed"));
        await UntilAsync(() => bot.Fresh(poll).Components is not { ValueKind: JsonValueKind.Array } c || c.GetArrayLength() == 0, "buttons removed");
        var final = bot.Fresh(poll);
        Assert.That(EmbedText(final), Does.Contain("closed").And.Contain("🏆 Online"));
        var announcements = bot.BotPosts(bot.General()).Where(m => m.Content.Contains("Poll #1 has closed")).ToList();
        Assert.That(announcements, Has.Count.EqualTo(1));
        Assert.That(announcements[0].WouldPing, Is.False);

        Assert.That(CustomIds(final), Is.Empty, "no way to vote on a closed poll");
        bot.StandIn.AssertNoSpecViolations();
    }

    [Test]
    public async Task Anonymous_multiple_choice_poll_hides_results_until_close_and_exports_without_voter_ids()
    {
        await using var bot = await StartAsync();
        var poll = await CreatePollAsync(bot, new SlashOption("create").With("question", "Which topics?").With("options", "Design;Dev;Events;Music")
            .With("max_picks", 2).With("anonymous", true).With("hide_results", true));
        Assert.That(CustomIds(poll), Does.Contain("poll:s:1"), "multiple choice uses the select menu");

        var alice = bot.Person("alice");
        var vote = await bot.StandIn.SelectAsync(bot.GuildId, poll.ChannelId, alice, poll.Id, "poll:s:1", "1", "3");
        Assert.That((await vote.WaitForResponseAsync(Wait)).Content, Does.Contain("Design").And.Contain("Events").And.Contain("hidden"));
        var bob = await bot.StandIn.SelectAsync(bot.GuildId, poll.ChannelId, bot.Person("bob"), poll.Id, "poll:s:1", "3");
        await bob.WaitForResponseAsync(Wait);
        await UntilAsync(() => Description(bot.Fresh(poll)).Contains("2 members voted"), "the voter count");
        Assert.That(Description(bot.Fresh(poll)), Does.Not.Contain("█").And.Not.Contain("%").And.Contain("hidden"));

        var peek = await bot.SlashAsync("chloe", "poll", new SlashOption("results").With("id", 1));
        Assert.That(peek.IsEphemeral, Is.True);
        Assert.That(peek.Content, Does.Contain("hidden until it closes"));

        await bot.SlashAsync("max-moderator", "poll", new SlashOption("close").With("id", 1));
        await UntilAsync(() => Description(bot.Fresh(poll)).Contains("%"), "results shown at close");
        Assert.That(Description(bot.Fresh(poll)), Does.Contain("`██████████` 2 · 100%").And.Contain("`█████░░░░░` 1 · 50%"));

        var after = await bot.SlashAsync("chloe", "poll", new SlashOption("results").With("id", 1));
        Assert.That(after.Data!.Value.Strings(), Does.Contain("100%"));

        var export = await bot.StandIn.InvokeSlashCommandAsync(bot.GuildId, bot.General(), bot.Person("max-moderator"), "poll", new SlashOption("export").With("id", 1));
        await export.WaitForResponseAsync(Wait);
        await UntilAsync(() => export.OriginalResponse?.Attachments.Count > 0 || export.Followups.Any(f => f.Attachments.Count > 0), "the CSV");
        var file = (export.OriginalResponse?.Attachments.Count > 0 ? export.OriginalResponse : export.Followups.First(f => f.Attachments.Count > 0))!.Attachments[0];
        var csv = Encoding.UTF8.GetString(file.Content.ToArray());
        Assert.That(csv, Does.Contain("ballot").And.Contain("Events"));
        Assert.That(csv, Does.Not.Contain(alice.ToString()).And.Not.Contain(bot.Person("bob").ToString()));
        bot.StandIn.AssertNoSpecViolations();
    }

    [Test]
    public async Task A_member_without_the_voter_role_is_refused()
    {
        await using var bot = await StartAsync();
        var poll = await CreatePollAsync(bot, new SlashOption("create").With("question", "Designers: which palette?").With("options", "Warm|Cool")
            .With("role", bot.Community.Role("interest-design")));
        var designer = bot.Person("alice");
        await bot.StandIn.SetMemberRolesAsync(bot.GuildId, designer, bot.Community.Role("member"), bot.Community.Role("interest-design"));

        var refused = await bot.ClickAsync(bot.Person("bob"), poll, "poll:v:1:1");
        Assert.That(refused.IsEphemeral, Is.True);
        Assert.That(refused.Content, Does.Contain("Only members with"));
        var accepted = await bot.ClickAsync(designer, poll, "poll:v:1:2");
        Assert.That(accepted.Content, Does.Contain("Cool"));

        await UntilAsync(() => Description(bot.Fresh(poll)).Contains("1 member voted"), "one counted vote");
        bot.StandIn.AssertNoSpecViolations();
    }

    [Test]
    public async Task The_deadline_closes_the_poll_exactly_once_after_a_restart()
    {
        await using var bot = await StartAsync();
        var poll = await CreatePollAsync(bot, new SlashOption("create").With("question", "Snacks?").With("options", "Yes|No").With("duration", "2h"));
        await bot.ClickAsync(bot.Person("alice"), poll, "poll:v:1:1");

        await bot.RestartAsync();
        bot.Clock.Advance(TimeSpan.FromHours(2) + TimeSpan.FromMinutes(1));
        await UntilAsync(() => bot.BotPosts(bot.General()).Any(m => m.Content.Contains("Poll #1 has closed")), "the deadline close");
        await UntilAsync(() => EmbedText(bot.Fresh(poll)).Contains("🏆 Yes"), "final results on the card");

        bot.Clock.Advance(TimeSpan.FromHours(1));
        await bot.RestartAsync();
        bot.Clock.Advance(TimeSpan.FromHours(1));
        await UntilAsync(() => CustomIds(bot.Fresh(poll)).Count == 0, "the closed poll offers no buttons");
        Assert.That(bot.BotPosts(bot.General()).Count(m => m.Content.Contains("Poll #1 has closed")), Is.EqualTo(1));
        bot.StandIn.AssertNoSpecViolations();
    }

    [Test]
    public async Task Two_hundred_members_voting_at_once_are_each_counted_exactly_once()
    {
        await using var bot = await StartAsync();
        var poll = await CreatePollAsync(bot, new SlashOption("create").With("question", "Next game night?").With("options", "Friday|Saturday|Sunday|Monday"));
        var guild = bot.StandIn.Guild(bot.GuildId);
        var voters = Enumerable.Range(0, 200).Select(i =>
        {
            var user = bot.StandIn.CreateUser($"voter-{i}");
            guild.AddMember(user.Id, bot.Community.Role("member"));
            return user.Id;
        }).ToList();

        // Everyone clicks at once, and every tenth member double-clicks.
        var clicks = voters.SelectMany((v, i) => Enumerable.Repeat((Voter: v, Option: i % 4 + 1), i % 10 == 0 ? 2 : 1))
            .Select(c => bot.ClickAsync(c.Voter, poll, $"poll:v:1:{c.Option}"));
        var answers = await Task.WhenAll(clicks);
        Assert.That(answers, Has.All.Matches<InteractionCallback>(a => a.IsEphemeral));

        await UntilAsync(() => Description(bot.Fresh(poll)).Contains("200 members voted"), "all 200 votes on the card");
        var card = Description(bot.Fresh(poll));
        Assert.That(card, Does.Contain("50 · 25%"));
        Assert.That(System.Text.RegularExpressions.Regex.Matches(card, "50 · 25%").Count, Is.EqualTo(4), card);
        bot.StandIn.AssertNoSpecViolations();
    }
}
