using System.Text.Json;
using System.Text.Json.Nodes;
using CommunityBot.Features.Moderation.Appeals;
using CommunityBot.Features.Moderation.Cases;
using CommunityBot.Features.Moderation.Queue;
using CommunityBot.Sandbox;
using CommunityBot.StandIn;
using CommunityBot.TestSupport;

namespace CommunityBot.EndToEnd.Moderation;

/// <summary>Moderation against the stand-in over real sockets: automod → queue card → one reaction acts, reports, cases, escalation.</summary>
[Category("Moderation")]
public sealed class ModerationEndToEndTests
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(15);
    private static string Id(ulong id) => id.ToString();

    private static void Configure(SeededCommunity c, JsonObject guild, JsonArray? escalation = null) => guild["moderation"] = new JsonObject
    {
        ["modQueueChannelId"] = Id(c.Channel("mod-queue")),
        ["modlogChannelId"] = Id(c.Channel("modlog")),
        ["appealsChannelId"] = Id(c.Channel("appeals")),
        ["rules"] = new JsonArray(
            new JsonObject { ["name"] = "rude", ["type"] = "words", ["words"] = new JsonArray("ass", "scumbag"), ["action"] = "flag" },
            new JsonObject { ["name"] = "spam-link", ["type"] = "links", ["denyDomains"] = new JsonArray("spam.test"), ["action"] = "flag" },
            new JsonObject { ["name"] = "scam", ["type"] = "regex", ["pattern"] = @"free\s+nitro", ["action"] = "deleteAndFlag" }),
        ["escalation"] = escalation ?? new JsonArray(),
    };

    private static Task<BotTestHost> StartAsync(JsonArray? escalation = null) =>
        BotTestHost.StartAsync(new BotTestHostOptions { ConfigureGuild = (c, g) => Configure(c, g, escalation) });

    private static IReadOnlyList<StandInMessage> Cards(BotTestHost bot) =>
        bot.StandIn.Messages(bot.Community.Channel("mod-queue")).Where(m => m.AuthorId == bot.StandIn.BotUser.Id && !m.Deleted).ToList();

    /// <summary>Every string in the message's embeds (titles, field names and values), unescaped.</summary>
    private static string EmbedText(StandInMessage m) => m.Embeds is { } embeds ? string.Join("\n", Strings(embeds)) : "";

    private static IEnumerable<string> Strings(JsonElement e) => e.ValueKind switch
    {
        JsonValueKind.String => [e.GetString()!],
        JsonValueKind.Array => e.EnumerateArray().SelectMany(Strings),
        JsonValueKind.Object => e.EnumerateObject().SelectMany(p => Strings(p.Value)),
        _ => [],
    };

    /// <summary>Posts as <paramref name="persona"/> in #general and waits for its card with all five reactions.</summary>
    private static async Task<(StandInMessage Posted, StandInMessage Card)> FlaggedAsync(BotTestHost bot, string persona, string text)
    {
        var posted = await bot.StandIn.PostMessageAsync(bot.GuildId, bot.Community.Channel("general"), bot.Community.Person(persona), text);
        StandInMessage? card = null;
        await bot.StandIn.WaitForAsync(() => (card = Cards(bot).FirstOrDefault(m => EmbedText(m).Contains(Id(posted.Id)))) is { } c
                                             && new[] { "✅", "🗑️", "⚠️", "⏱️", "🔨" }.All(e => c.ReactionUsers(e).Contains(bot.StandIn.BotUser.Id)), Wait, "the queue card with its reactions");
        return (posted, card!);
    }

    private static Task ReactAsync(BotTestHost bot, StandInMessage card, string persona, string emoji) =>
        bot.StandIn.AddReactionAsync(bot.GuildId, card.ChannelId, card.Id, bot.Community.Person(persona), emoji);

    private static Task<QueueCard?> CardRowAsync(BotTestHost bot, StandInMessage card) => bot.Service<QueueRepository>().FindByCardMessageAsync(card.Id);

    private static async Task<QueueCard> ResolvedAsync(BotTestHost bot, StandInMessage card)
    {
        await Eventually.TrueAsync(async () => (await CardRowAsync(bot, card))?.Status == CardStatus.Resolved, "the card to be resolved", Wait);
        await bot.StandIn.WaitForAsync(() => EmbedText(bot.StandIn.GetMessage(card.Id)!).Contains("Resolved by"), Wait, "the card to show the outcome");
        return (await CardRowAsync(bot, card))!;
    }

    [Test]
    public async Task Flagged_message_gets_one_card_with_snapshot_and_a_moderators_ban_acts_records_and_logs()
    {
        await using var bot = await StartAsync();
        var bob = bot.Community.Person("bob");
        var (posted, card) = await FlaggedAsync(bot, "bob", "you scumbag, see https://spam.test/x");
        await bot.StandIn.WaitForAsync(() => EmbedText(bot.StandIn.GetMessage(card.Id)!).Contains("spam-link"), Wait, "the second rule on the same card");
        Assert.That(EmbedText(bot.StandIn.GetMessage(card.Id)!), Does.Contain("you scumbag").And.Contain("rude"), "both rules on one card with the snapshot");
        Assert.That(Cards(bot), Has.Count.EqualTo(1), "two rules, one card");

        await ReactAsync(bot, card, "max-moderator", "🔨");
        var row = await ResolvedAsync(bot, card);
        Assert.That(bot.StandIn.Bans(bot.GuildId).Select(b => b.UserId), Does.Contain(bob));
        Assert.That(bot.StandIn.GetMessage(posted.Id)?.Deleted ?? true, Is.True, "the flagged message is removed");
        Assert.That(EmbedText(bot.StandIn.GetMessage(card.Id)!), Does.Contain($"<@{bot.Community.Person("max-moderator")}>"));
        var ban = bot.StandIn.Requests.Single(r => r.Method == "PUT" && r.Path.Contains("/bans/"));
        Assert.That(ban.AuditLogReason, Does.Contain("rude"), "reason in X-Audit-Log-Reason");
        Assert.That(bot.StandIn.DmsTo(bob).Single().Content, Does.Contain("banned"), "told before the ban");
        var recorded = await bot.Service<CaseRepository>().GetByNumberAsync(bot.GuildId, row.CaseNumber!.Value);
        Assert.That(recorded!.Kind, Is.EqualTo(CaseKinds.Ban));
        Assert.That(recorded.MessageSnapshot, Does.Contain("you scumbag"));
        Assert.That(recorded.DmDelivered, Is.EqualTo(1));
        await bot.StandIn.WaitForAsync(() => bot.StandIn.Messages(bot.Community.Channel("modlog")).Any(m => EmbedText(m).Contains($"Case #{row.CaseNumber}")), Wait, "the modlog entry");
        bot.StandIn.AssertNoSpecViolations();
    }

    [TestCase("🗑️", CaseKinds.Delete)]
    [TestCase("⚠️", CaseKinds.Warn)]
    [TestCase("⏱️", CaseKinds.Timeout)]
    [TestCase("✅", null)]
    public async Task Every_reaction_performs_its_action(string emoji, string? kind)
    {
        await using var bot = await StartAsync();
        var alice = bot.Community.Person("alice");
        var (posted, card) = await FlaggedAsync(bot, "alice", "what an ass");
        await ReactAsync(bot, card, "ada-admin", emoji);
        var row = await ResolvedAsync(bot, card);
        if (kind is null)
        {
            Assert.That(row.CaseNumber, Is.Null, "dismissing records no case");
            Assert.That(bot.StandIn.GetMessage(posted.Id)!.Deleted, Is.False);
        }
        else
        {
            var recorded = (await bot.Service<CaseRepository>().GetByNumberAsync(bot.GuildId, row.CaseNumber!.Value))!;
            Assert.That(recorded.Kind, Is.EqualTo(kind));
            Assert.That(recorded.TargetId, Is.EqualTo(alice));
        }
        if (kind == CaseKinds.Delete) Assert.That(bot.StandIn.GetMessage(posted.Id)?.Deleted ?? true, Is.True);
        if (kind == CaseKinds.Timeout) Assert.That(bot.StandIn.Member(bot.GuildId, alice)!.CommunicationDisabledUntil, Is.GreaterThan(DateTimeOffset.UtcNow.AddMinutes(50)));
        if (kind == CaseKinds.Warn) await bot.StandIn.WaitForAsync(() => bot.StandIn.DmsTo(alice).Any(m => m.Content.Contains("warning")), Wait, "the warning DM");
        bot.StandIn.AssertNoSpecViolations();
    }

    [Test]
    public async Task A_non_moderators_reaction_is_removed_and_ignored()
    {
        await using var bot = await StartAsync();
        var (posted, card) = await FlaggedAsync(bot, "alice", "what an ass");
        var chloe = bot.Community.Person("chloe");
        await ReactAsync(bot, card, "chloe", "🔨");
        await bot.StandIn.WaitForAsync(() => !bot.StandIn.GetMessage(card.Id)!.ReactionUsers("🔨").Contains(chloe), Wait, "chloe's reaction to be removed");
        Assert.That((await CardRowAsync(bot, card))!.Status, Is.EqualTo(CardStatus.Open));
        Assert.That(bot.StandIn.Bans(bot.GuildId), Is.Empty);
        Assert.That(bot.StandIn.GetMessage(posted.Id)!.Deleted, Is.False);
        bot.StandIn.AssertNoSpecViolations();
    }

    [Test]
    public async Task Two_moderators_reacting_at_once_act_once()
    {
        await using var bot = await StartAsync();
        var (_, card) = await FlaggedAsync(bot, "alice", "what an ass");
        await Task.WhenAll(ReactAsync(bot, card, "max-moderator", "⚠️"), ReactAsync(bot, card, "ada-admin", "⏱️"), ReactAsync(bot, card, "owner", "⚠️"));
        await ResolvedAsync(bot, card);
        var history = await bot.Service<CaseRepository>().ForMemberAsync(bot.GuildId, bot.Community.Person("alice"), 10);
        Assert.That(history, Has.Count.EqualTo(1), "one action, one case");
        bot.StandIn.AssertNoSpecViolations();
    }

    [Test]
    public async Task Cards_keep_working_after_a_restart()
    {
        await using var bot = await StartAsync();
        var (_, card) = await FlaggedAsync(bot, "bob", "what an ass");
        await bot.RestartAsync();
        await ReactAsync(bot, card, "max-moderator", "⚠️");
        var row = await ResolvedAsync(bot, card);
        Assert.That(row.CaseNumber, Is.EqualTo(1));
        bot.StandIn.AssertNoSpecViolations();
    }

    [Test]
    public async Task Delete_and_flag_snapshots_before_deleting_and_a_report_joins_the_same_card_and_hears_the_outcome()
    {
        await using var bot = await StartAsync();
        var general = bot.Community.Channel("general");
        var chloe = bot.Community.Person("chloe");
        var bob = bot.Community.Person("bob");

        // A report first: the reporter's card, then automod adds nothing new because it's a different message.
        var rude = await bot.StandIn.PostMessageAsync(bot.GuildId, general, bob, "I think this whole channel is pointless");
        var menu = await bot.StandIn.InvokeMessageCommandAsync(bot.GuildId, general, chloe, ReportCommand.Name, rude.Id);
        var modal = await menu.WaitForResponseAsync(Wait);
        Assert.That(modal.Type, Is.EqualTo(9), "a modal asks for the reason");
        var submit = await bot.StandIn.SubmitModalAsync(bot.GuildId, general, chloe, modal.CustomId!, new Dictionary<string, string> { ["reason"] = "rude to everyone" });
        Assert.That((await submit.WaitForResponseAsync(Wait)).IsEphemeral, Is.True);
        StandInMessage? card = null;
        await bot.StandIn.WaitForAsync(() => (card = Cards(bot).FirstOrDefault(m => EmbedText(m).Contains(Id(rude.Id)))) is not null, Wait, "the report card");
        Assert.That(EmbedText(card!), Does.Contain("rude to everyone").And.Contain("pointless"));

        // The same message reported by a second member joins the same card.
        var alice = bot.Community.Person("alice");
        var menu2 = await bot.StandIn.InvokeMessageCommandAsync(bot.GuildId, general, alice, ReportCommand.Name, rude.Id);
        var modal2 = await menu2.WaitForResponseAsync(Wait);
        await (await bot.StandIn.SubmitModalAsync(bot.GuildId, general, alice, modal2.CustomId!, new Dictionary<string, string>())).WaitForResponseAsync(Wait);
        await bot.StandIn.WaitForAsync(() => EmbedText(bot.StandIn.GetMessage(card!.Id)!).Contains(Id(alice)), Wait, "the second report on the card");
        Assert.That(Cards(bot).Count(m => EmbedText(m).Contains(Id(rude.Id))), Is.EqualTo(1));

        await ReactAsync(bot, card!, "max-moderator", "✅");
        await ResolvedAsync(bot, card!);
        await bot.StandIn.WaitForAsync(() => bot.StandIn.DmsTo(chloe).Any(m => m.Content.Contains("no action")) && bot.StandIn.DmsTo(alice).Any(), Wait, "both reporters told");

        // deleteAndFlag: the card keeps the text after the message is gone.
        var scam = await bot.StandIn.PostMessageAsync(bot.GuildId, general, bob, "FREE   nitro for everyone");
        await bot.StandIn.WaitForAsync(() => bot.StandIn.GetMessage(scam.Id)?.Deleted ?? true, Wait, "the scam to be deleted");
        await bot.StandIn.WaitForAsync(() => Cards(bot).Any(m => EmbedText(m).Contains("FREE   nitro") && EmbedText(m).Contains("deleted")), Wait, "the card with the snapshot");
        bot.StandIn.AssertNoSpecViolations();
    }

    [Test]
    public async Task The_escalation_ladder_fires_at_the_threshold_with_the_warnings_linked()
    {
        var ladder = new JsonArray(new JsonObject { ["warnings"] = 2, ["withinDays"] = 30, ["action"] = "timeout", ["durationMinutes"] = 60 });
        await using var bot = await StartAsync(ladder);
        var bob = bot.Community.Person("bob");
        for (var i = 1; i <= 2; i++)
        {
            var warn = await bot.StandIn.InvokeSlashCommandAsync(bot.GuildId, bot.Community.Channel("admin"), bot.Community.Person("max-moderator"), "warn",
                new SlashOption().With("member", Id(bob)).With("reason", $"strike {i}"));
            Assert.That((await warn.WaitForResponseAsync(Wait)).Content, Does.Contain($"case #{i}"));
            if (i == 1) Assert.That(bot.StandIn.Member(bot.GuildId, bob)!.CommunicationDisabledUntil, Is.Null, "one warning is below the threshold");
        }
        await bot.StandIn.WaitForAsync(() => bot.StandIn.Member(bot.GuildId, bob)!.CommunicationDisabledUntil > DateTimeOffset.UtcNow.AddMinutes(50), Wait, "the automatic timeout");
        var escalation = (await bot.Service<CaseRepository>().GetByNumberAsync(bot.GuildId, 3))!;
        Assert.That(escalation.Kind, Is.EqualTo(CaseKinds.Timeout));
        Assert.That(escalation.Source, Is.EqualTo(CaseSources.Escalation));
        Assert.That(escalation.LinkedCases, Is.EqualTo("1,2"));
        bot.StandIn.AssertNoSpecViolations();
    }

    [Test]
    public async Task Three_warnings_to_one_member_open_their_DM_channel_once()
    {
        await using var bot = await StartAsync();
        var bob = bot.Community.Person("bob");
        for (var i = 1; i <= 3; i++)
        {
            var warn = await bot.StandIn.InvokeSlashCommandAsync(bot.GuildId, bot.Community.Channel("admin"), bot.Community.Person("max-moderator"), "warn",
                new SlashOption().With("member", Id(bob)).With("reason", $"strike {i}"));
            Assert.That((await warn.WaitForResponseAsync(Wait)).Content, Does.Contain($"case #{i}"));
        }
        await bot.StandIn.WaitForAsync(() => bot.StandIn.DmsTo(bob).Count(m => m.Content.Contains("warning")) == 3, Wait, "three warning DMs");

        var opens = bot.StandIn.Requests.Where(r => r is { Method: "POST", Route: "/users/@me/channels" }).ToList();
        Assert.That(opens, Has.Count.EqualTo(1), "one POST /users/@me/channels for three DMs");
        bot.StandIn.AssertNoSpecViolations();
    }

    [Test]
    public async Task Hierarchy_is_enforced_and_the_refusal_says_why()
    {
        await using var bot = await StartAsync();
        var max = bot.Community.Person("max-moderator");
        var onAdmin = await bot.StandIn.InvokeSlashCommandAsync(bot.GuildId, bot.Community.Channel("admin"), max, "kick",
            new SlashOption().With("member", Id(bot.Community.Person("ada-admin"))));
        Assert.That((await onAdmin.WaitForResponseAsync(Wait)).Content, Does.Contain("at or above yours"));
        var onOwner = await bot.StandIn.InvokeSlashCommandAsync(bot.GuildId, bot.Community.Channel("admin"), max, "ban",
            new SlashOption().With("member", Id(bot.Community.Person("owner"))));
        Assert.That((await onOwner.WaitForResponseAsync(Wait)).Content, Does.Contain("owner"));
        var byMember = await bot.StandIn.InvokeSlashCommandAsync(bot.GuildId, bot.Community.Channel("general"), bot.Community.Person("alice"), "warn",
            new SlashOption().With("member", Id(bot.Community.Person("bob"))));
        Assert.That((await byMember.WaitForResponseAsync(Wait)).Content, Does.Contain("Moderate Members"));
        Assert.That(bot.StandIn.Members(bot.GuildId).Select(m => m.UserId), Does.Contain(bot.Community.Person("ada-admin")));
        Assert.That(await bot.Service<CaseRepository>().ForMemberAsync(bot.GuildId, bot.Community.Person("ada-admin"), 5), Is.Empty);
        bot.StandIn.AssertNoSpecViolations();
    }

    [Test]
    public async Task A_timeout_longer_than_28_days_is_refused_ephemerally_and_nothing_is_applied_or_recorded()
    {
        await using var bot = await StartAsync();
        var bob = bot.Community.Person("bob");
        var tooLong = await bot.StandIn.InvokeSlashCommandAsync(bot.GuildId, bot.Community.Channel("admin"), bot.Community.Person("max-moderator"), "timeout",
            new SlashOption().With("member", Id(bob)).With("duration", "29d"));
        var refusal = await tooLong.WaitForResponseAsync(Wait);
        Assert.That(refusal.IsEphemeral, Is.True);
        Assert.That(refusal.Content, Does.Contain("28 days"));
        Assert.That(bot.StandIn.Requests.Any(r => r.Method == "PATCH" && r.Path.Contains("/members/")), Is.False, "Discord was not asked");
        Assert.That(await bot.Service<CaseRepository>().ForMemberAsync(bot.GuildId, bob, 5), Is.Empty, "no case recorded");

        var longest = await bot.StandIn.InvokeSlashCommandAsync(bot.GuildId, bot.Community.Channel("admin"), bot.Community.Person("max-moderator"), "timeout",
            new SlashOption().With("member", Id(bob)).With("duration", "28d"));
        await longest.WaitForResponseAsync(Wait);
        Assert.That(bot.StandIn.Member(bot.GuildId, bob)!.CommunicationDisabledUntil, Is.Not.Null, "28 days is allowed");
        bot.StandIn.AssertNoSpecViolations();
    }

    [Test]
    public async Task A_kick_DMs_first_and_sanction_DMs_carry_an_appeal_button()
    {
        await using var bot = await StartAsync();
        var bob = bot.Community.Person("bob");
        var timeout = await bot.StandIn.InvokeSlashCommandAsync(bot.GuildId, bot.Community.Channel("admin"), bot.Community.Person("max-moderator"), "timeout",
            new SlashOption().With("member", Id(bob)).With("duration", "2h").With("reason", "cool down"));
        Assert.That((await timeout.WaitForResponseAsync(Wait)).Content, Does.Contain("2 h"));
        var dm = bot.StandIn.DmsTo(bob).Single();
        Assert.That(dm.Content, Does.Contain("cool down"));
        Assert.That(dm.Components?.ToString(), Does.Contain("mod:appeal:"));
        var patch = bot.StandIn.Requests.Single(r => r.Method == "PATCH" && r.Path.Contains("/members/"));
        Assert.That(patch.AuditLogReason, Does.Contain("cool down"));

        var kick = await bot.StandIn.InvokeSlashCommandAsync(bot.GuildId, bot.Community.Channel("admin"), bot.Community.Person("max-moderator"), "kick",
            new SlashOption().With("member", Id(bob)).With("reason", "enough"));
        await kick.WaitForResponseAsync(Wait);
        Assert.That(bot.StandIn.DmsTo(bob).Last().Content, Does.Contain("kicked").And.Contain("enough"));
        var dmAt = bot.StandIn.Requests.Last(r => r.Method == "POST" && r.Path.EndsWith("/messages") && r.Body!.Contains("kicked")).At;
        var kickAt = bot.StandIn.Requests.Single(r => r.Method == "DELETE" && r.Path.Contains("/members/")).At;
        Assert.That(dmAt, Is.LessThanOrEqualTo(kickAt), "told before removal");
        Assert.That(bot.StandIn.Member(bot.GuildId, bob), Is.Null);
        bot.StandIn.AssertNoSpecViolations();
    }

    [Test]
    public async Task A_member_appeals_from_the_dm_button_and_an_accepted_appeal_lifts_the_timeout_and_tells_the_member()
    {
        await using var bot = await StartAsync();
        var bob = bot.Community.Person("bob");
        var timeout = await bot.StandIn.InvokeSlashCommandAsync(bot.GuildId, bot.Community.Channel("admin"), bot.Community.Person("max-moderator"), "timeout",
            new SlashOption().With("member", Id(bob)).With("duration", "1d"));
        await timeout.WaitForResponseAsync(Wait);
        var sanctionDm = bot.StandIn.DmsTo(bob).Single();
        var appealButton = JsonDocument.Parse(sanctionDm.Components!.Value.GetRawText()).RootElement[0].GetProperty("components")[0].GetProperty("custom_id").GetString()!;
        var caseId = long.Parse(appealButton.Split(':')[2]);
        var sanction = (await bot.Service<CaseRepository>().GetAsync(caseId))!;

        // The member's half runs in their DM with the bot: no guild, no member; the case id in the button finds the server.
        var click = await bot.StandIn.ClickButtonAsync(null, sanctionDm.ChannelId, bob, sanctionDm.Id, appealButton);
        var form = await click.WaitForResponseAsync(Wait);
        Assert.That(form.Type, Is.EqualTo(9), "the appeal form opens");
        Assert.That(form.CustomId, Is.EqualTo($"mod:appealsubmit:{caseId}"));
        var submit = await bot.StandIn.SubmitModalAsync(null, sanctionDm.ChannelId, bob, form.CustomId!,
            new Dictionary<string, string> { ["text"] = "I was having a bad day, sorry" });
        await submit.WaitForResponseAsync(Wait);
        await bot.StandIn.WaitForAsync(() => bot.StandIn.DmsTo(bob).Any(m => m.Content.Contains("sent to the moderators")), Wait, "the member's confirmation in the DM");
        var appeal = (await bot.Service<AppealRepository>().ForCaseAsync(caseId))!;
        Assert.That(appeal.Text, Is.EqualTo("I was having a bad day, sorry"));
        var card = bot.StandIn.Messages(bot.Community.Channel("appeals")).Single();
        Assert.That(EmbedText(card), Does.Contain("bad day").And.Contain($"#{sanction.CaseNumber}"));

        var twice = await bot.StandIn.ClickButtonAsync(null, sanctionDm.ChannelId, bob, sanctionDm.Id, appealButton);
        Assert.That((await twice.WaitForResponseAsync(Wait)).Content, Does.Contain("already appealed"), "one appeal per case");

        var byMember = await bot.StandIn.ClickButtonAsync(bot.GuildId, card.ChannelId, bot.Community.Person("alice"), card.Id, $"mod:appealaccept:{appeal.Id}");
        Assert.That((await byMember.WaitForResponseAsync(Wait)).Content, Does.Contain("Moderate Members"), "only moderators decide");

        var accept = await bot.StandIn.ClickButtonAsync(bot.GuildId, card.ChannelId, bot.Community.Person("max-moderator"), card.Id, $"mod:appealaccept:{appeal.Id}");
        await accept.WaitForResponseAsync(Wait);
        await bot.StandIn.WaitForAsync(() => bot.StandIn.Member(bot.GuildId, bob)!.CommunicationDisabledUntil is null, Wait, "the timeout to be lifted");
        await bot.StandIn.WaitForAsync(() => bot.StandIn.DmsTo(bob).Any(m => m.Content.Contains("accepted")), Wait, "the member to be told");
        Assert.That(EmbedText(bot.StandIn.GetMessage(card.Id)!), Does.Contain("Accepted by"));
        var lifted = (await bot.Service<CaseRepository>().ForMemberAsync(bot.GuildId, bob, 5)).First();
        Assert.That(lifted.Kind, Is.EqualTo(CaseKinds.Untimeout));
        Assert.That(lifted.LinkedCases, Is.EqualTo(sanction.CaseNumber.ToString()));
        bot.StandIn.AssertNoSpecViolations();
    }
}
