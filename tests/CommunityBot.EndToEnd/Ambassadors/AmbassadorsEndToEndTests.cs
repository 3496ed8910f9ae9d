using System.Text.Json;
using System.Text.Json.Nodes;
using CommunityBot.Discord.Gateway;
using CommunityBot.Features.Ambassadors;
using CommunityBot.Sandbox;
using CommunityBot.StandIn;
using CommunityBot.Storage;
using CommunityBot.TestSupport;
using Dapper;
using Microsoft.Extensions.DependencyInjection;

namespace CommunityBot.EndToEnd.Ambassadors;

/// <summary>The ambassador program against the stand-in over real sockets, on SQLite and PostgreSQL.</summary>
[Category("Ambassadors")]
public sealed class AmbassadorsEndToEndTests
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(20);

    private static string Id(ulong id) => id.ToString();

    private static void Configure(SeededCommunity c, JsonObject guild) => guild["ambassadors"] = new JsonObject
    {
        ["weights"] = new JsonObject { ["message"] = 1, ["reaction"] = 1 },
        ["messages"] = new JsonObject
        {
            ["cooldownSeconds"] = 60, ["minLength"] = 10, ["dailyCap"] = 3, ["duplicateWindowHours"] = 24,
            ["excludedChannelIds"] = new JsonArray(Id(c.Channel("help"))),
        },
        ["reactions"] = new JsonObject { ["perMessageCap"] = 25, ["dailyCap"] = 25 },
        ["tiers"] = new JsonObject
        {
            ["mode"] = "highestOnly", ["announceChannelId"] = Id(c.Channel("announcements")),
            ["levels"] = new JsonArray(
                new JsonObject { ["name"] = "Bronze", ["threshold"] = 10, ["roleId"] = Id(c.Role("ambassador-bronze")) },
                new JsonObject { ["name"] = "Silver", ["threshold"] = 100, ["roleId"] = Id(c.Role("ambassador-silver")) }),
        },
        ["rewards"] = new JsonArray(
            new JsonObject { ["id"] = "gold-role", ["name"] = "Gold role", ["cost"] = 30, ["kind"] = "role", ["roleId"] = Id(c.Role("ambassador-gold")) },
            new JsonObject { ["id"] = "mug", ["name"] = "Mug", ["cost"] = 20, ["kind"] = "manual", ["stock"] = 5 }),
        ["reviewChannelId"] = Id(c.Channel("review")),
    };

    private static Task<BotTestHost> StartAsync(DatabaseProvider provider, bool duplicateMessages = false) => BotTestHost.StartAsync(new BotTestHostOptions
    {
        Provider = provider,
        ConfigureGuild = Configure,
        ConfigureServices = services =>
        {
            if (duplicateMessages) services.AddSingleton<IGatewayClient>(sp => new DuplicatingGateway(sp.GetRequiredService<DiscordGatewayClient>()));
        },
    });

    private static async Task<long> BalanceAsync(BotTestHost bot, ulong member) =>
        (await bot.Service<AmbassadorQueries>().SummaryAsync(bot.GuildId, member, 0)).Totals.Balance;

    private static async Task WaitForBalanceAsync(BotTestHost bot, ulong member, long expected) =>
        await Eventually.TrueAsync(async () => await BalanceAsync(bot, member) == expected, $"member {member} to have {expected} points", Wait);

    private static async Task AssertLedgerConsistentAsync(BotTestHost bot) =>
        Assert.That(await LedgerAudit.FindDiscrepanciesAsync(bot.Database), Is.Empty, "balance == sum of entries for every member");

    /// <summary>
    /// Proves earlier events were handled without sleeping: a sentinel reaction (dispatched after them) must
    /// earn its point, and a no-op through the ledger writer then flushes anything queued before it.
    /// </summary>
    private sealed class Sentinel(BotTestHost bot)
    {
        private readonly ulong _author = bot.Community.Person("chloe");
        private ulong? _anchor;
        private int _count;

        public async Task SettleAsync()
        {
            _anchor ??= (await bot.StandIn.PostMessageAsync(bot.GuildId, bot.Community.Channel("general"), _author, "sentinel anchor message, please ignore")).Id;
            var before = await BalanceAsync(bot, _author);
            var emoji = new[] { "👍", "🎉", "❤️", "🚀", "👀", "🙌", "✅", "🔥", "💡", "🙏" }[_count++];
            await bot.StandIn.AddReactionAsync(bot.GuildId, bot.Community.Channel("general"), _anchor.Value, bot.Community.Person("owner"), emoji);
            await Eventually.TrueAsync(async () => await BalanceAsync(bot, _author) > before, "the sentinel reaction to be counted", Wait);
            await bot.Service<LedgerWriter>().RunAsync(_ => Task.FromResult(true));
        }
    }

    [TestCaseSource(typeof(TestDatabase), nameof(TestDatabase.Providers))]
    public async Task Messages_earn_once_within_cooldown_length_channel_duplicate_and_daily_cap_rules(DatabaseProvider provider)
    {
        await using var bot = await StartAsync(provider, duplicateMessages: true);
        var alice = bot.Community.Person("alice");
        var general = bot.Community.Channel("general");
        var sentinel = new Sentinel(bot);

        var first = await bot.StandIn.PostMessageAsync(bot.GuildId, general, alice, "hello there everyone, glad to be here");
        await WaitForBalanceAsync(bot, alice, 1);
        await sentinel.SettleAsync();
        Assert.That(await BalanceAsync(bot, alice), Is.EqualTo(1), "the same MESSAGE_CREATE delivered twice awards once");

        await bot.StandIn.PostMessageAsync(bot.GuildId, general, alice, "a second thought right after the first");
        await sentinel.SettleAsync();
        Assert.That(await BalanceAsync(bot, alice), Is.EqualTo(1), "cooldown");

        bot.Clock.Advance(TimeSpan.FromSeconds(61));
        await bot.StandIn.PostMessageAsync(bot.GuildId, general, alice, "short");
        await bot.StandIn.PostMessageAsync(bot.GuildId, bot.Community.Channel("help"), alice, "a long message in an excluded channel");
        await bot.StandIn.PostMessageAsync(bot.GuildId, general, alice, "Hello there   everyone, glad to be here!");
        await sentinel.SettleAsync();
        Assert.That(await BalanceAsync(bot, alice), Is.EqualTo(1), "too short, excluded channel and repeated text earn nothing");

        await bot.StandIn.PostMessageAsync(bot.GuildId, general, alice, "the docs for the plugin API are great");
        await WaitForBalanceAsync(bot, alice, 2);
        bot.Clock.Advance(TimeSpan.FromSeconds(61));
        await bot.StandIn.PostMessageAsync(bot.GuildId, general, alice, "here is how I configured the exporter");
        await WaitForBalanceAsync(bot, alice, 3);
        bot.Clock.Advance(TimeSpan.FromSeconds(61));
        await bot.StandIn.PostMessageAsync(bot.GuildId, general, alice, "one more tip about the retry settings");
        await sentinel.SettleAsync();
        Assert.That(await BalanceAsync(bot, alice), Is.EqualTo(3), "daily cap");

        // Moderation removing a message takes its points back.
        var reversed = await bot.Service<IAmbassadorPoints>().ReverseSourceAsync(bot.GuildId, PointSources.Message, Id(first.Id), "removed by moderation", bot.Community.Person("max-moderator"));
        Assert.That(reversed, Is.EqualTo(1));
        Assert.That(await BalanceAsync(bot, alice), Is.EqualTo(2));

        await using (var c = await bot.Database.OpenAsync())
            Assert.That(await c.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM ambassador_entries WHERE source_kind = 'message' AND source_id = @id AND reverses_entry_id IS NULL",
                new { id = Id(first.Id) }), Is.EqualTo(1));
        await AssertLedgerConsistentAsync(bot);
        bot.StandIn.AssertNoSpecViolations();
    }

    [TestCaseSource(typeof(TestDatabase), nameof(TestDatabase.Providers))]
    public async Task Grants_move_tier_roles_across_thresholds_revoke_restores_and_members_cannot_grant(DatabaseProvider provider)
    {
        await using var bot = await StartAsync(provider);
        var c = bot.Community;
        var alice = c.Person("alice");
        var bronze = c.Role("ambassador-bronze");

        var denied = await bot.StandIn.InvokeSlashCommandAsync(bot.GuildId, c.Channel("general"), c.Person("bob"), "points",
            new SlashOption("grant").With("member", Id(alice)).With("amount", 50).With("reason", "trust me"));
        var refusal = await denied.WaitForResponseAsync(Wait);
        Assert.That(refusal.IsEphemeral, Is.True);
        Assert.That(refusal.Content, Does.Contain("Moderate Members"));
        Assert.That(await BalanceAsync(bot, alice), Is.Zero);

        var grant = await bot.StandIn.InvokeSlashCommandAsync(bot.GuildId, c.Channel("general"), c.Person("max-moderator"), "points",
            new SlashOption("grant").With("member", Id(alice)).With("amount", 12).With("reason", "welcomed @everyone new"));
        Assert.That((await grant.WaitForResponseAsync(Wait)).Content, Does.Contain("Granted 12 points"));
        await bot.StandIn.WaitForAsync(() => bot.StandIn.Member(bot.GuildId, alice)!.Roles.Contains(bronze), Wait, "the Bronze tier role");
        await bot.StandIn.WaitForAsync(() => bot.StandIn.Messages(c.Channel("announcements")).Any(m => m.Content.Contains("Bronze")), Wait, "the promotion announcement");
        var announcement = bot.StandIn.Messages(c.Channel("announcements")).Single(m => m.Content.Contains("Bronze"));
        Assert.That(announcement.WouldPing, Is.False);

        var entryId = (await bot.Service<AmbassadorQueries>().HistoryAsync(bot.GuildId, alice, 1)).Single().Id;
        var history = await bot.StandIn.InvokeSlashCommandAsync(bot.GuildId, c.Channel("general"), c.Person("max-moderator"), "points",
            new SlashOption("history").With("member", Id(alice)));
        Assert.That((await history.WaitForResponseAsync(Wait)).Data!.Value.GetProperty("embeds")[0].GetProperty("description").GetString(), Does.Contain($"#{entryId}"));

        var revoke = await bot.StandIn.InvokeSlashCommandAsync(bot.GuildId, c.Channel("general"), c.Person("max-moderator"), "points",
            new SlashOption("revoke").With("entry", entryId).With("reason", "counted twice"));
        Assert.That((await revoke.WaitForResponseAsync(Wait)).Content, Does.Contain($"Revoked entry #{entryId}"));
        Assert.That(await BalanceAsync(bot, alice), Is.Zero, "revoke restores the balance");
        await bot.StandIn.WaitForAsync(() => !bot.StandIn.Member(bot.GuildId, alice)!.Roles.Contains(bronze), Wait, "the Bronze role to be removed");

        var me = await bot.StandIn.InvokeSlashCommandAsync(bot.GuildId, c.Channel("general"), alice, "points", new SlashOption("me"));
        var card = await me.WaitForResponseAsync(Wait);
        Assert.That(card.IsEphemeral, Is.True);
        Assert.That(card.Data!.Value.GetProperty("embeds")[0].GetRawText(), Does.Contain("Balance").And.Contain("counted twice"));
        await AssertLedgerConsistentAsync(bot);
        bot.StandIn.AssertNoSpecViolations();
    }

    [TestCaseSource(typeof(TestDatabase), nameof(TestDatabase.Providers))]
    public async Task Redemptions_never_overdraw_and_approve_and_deny_reach_the_member(DatabaseProvider provider)
    {
        await using var bot = await StartAsync(provider);
        var c = bot.Community;
        var alice = c.Person("alice");
        var mod = c.Person("max-moderator");
        var review = c.Channel("review");
        await bot.Service<AmbassadorPoints>().GrantAsync(bot.GuildId, alice, 50, "seed", mod, 1);

        // Two redemptions at once against a balance that covers one.
        var both = await Task.WhenAll(
            bot.StandIn.InvokeSlashCommandAsync(bot.GuildId, c.Channel("general"), alice, "rewards", new SlashOption("redeem").With("reward", "gold-role")),
            bot.StandIn.InvokeSlashCommandAsync(bot.GuildId, c.Channel("general"), alice, "rewards", new SlashOption("redeem").With("reward", "gold-role")));
        var answers = await Task.WhenAll(both.Select(h => h.WaitForResponseAsync(Wait)));
        Assert.That(answers.Count(a => a.Content!.Contains("You redeemed")), Is.EqualTo(1));
        Assert.That(answers.Count(a => a.Content!.Contains("Not enough points")), Is.EqualTo(1));
        Assert.That(await BalanceAsync(bot, alice), Is.EqualTo(20));

        await bot.StandIn.WaitForAsync(() => Cards(bot).Count == 1, Wait, "one review card");
        var goldCard = Cards(bot).Single();
        // A double click: both clicks reach the bot before the card changes; one approves, the other is told.
        var approveId = CustomIdOf(goldCard, "Approve");
        var clicks = new[]
        {
            await bot.StandIn.ClickButtonAsync(bot.GuildId, review, mod, goldCard.Id, approveId),
            await bot.StandIn.ClickButtonAsync(bot.GuildId, review, c.Person("ada-admin"), goldCard.Id, approveId),
        };
        foreach (var click in clicks) await click.WaitForResponseAsync(Wait);
        await bot.StandIn.WaitForAsync(() => clicks.Any(h => h.Followups.Any(f => f.Content.Contains("already fulfilled"))), Wait, "the second click to be told");
        await bot.StandIn.WaitForAsync(() => bot.StandIn.Member(bot.GuildId, alice)!.Roles.Contains(c.Role("ambassador-gold")), Wait, "the reward role");
        await bot.StandIn.WaitForAsync(() => bot.StandIn.DmsTo(alice).Any(m => m.Content.Contains("approved")), Wait, "the approval DM");
        await bot.StandIn.WaitForAsync(() => Cards(bot).Single().Embeds!.Value.GetRawText().Contains("Approved by"), Wait, "the card to show the decision");

        var mug = await bot.StandIn.InvokeSlashCommandAsync(bot.GuildId, c.Channel("general"), alice, "rewards", new SlashOption("redeem").With("reward", "mug"));
        Assert.That((await mug.WaitForResponseAsync(Wait)).Content, Does.Contain("You redeemed **Mug**"));
        Assert.That(await BalanceAsync(bot, alice), Is.Zero);
        await bot.StandIn.WaitForAsync(() => Cards(bot).Count == 2, Wait, "the mug card");
        var mugCard = Cards(bot).OrderBy(m => m.Id).Last();
        var deny = await bot.StandIn.ClickButtonAsync(bot.GuildId, review, mod, mugCard.Id, CustomIdOf(mugCard, "Deny"));
        var modal = await deny.WaitForResponseAsync(Wait);
        var submit = await bot.StandIn.SubmitModalAsync(bot.GuildId, review, mod, modal.CustomId!, new Dictionary<string, string> { ["reason"] = "mugs are sold out" }, mugCard.Id);
        await submit.WaitForResponseAsync(Wait);
        await bot.StandIn.WaitForAsync(() => bot.StandIn.DmsTo(alice).Any(m => m.Content.Contains("mugs are sold out")), Wait, "the denial DM with the reason");
        Assert.That(await BalanceAsync(bot, alice), Is.EqualTo(20), "deny refunds");

        Assert.That(bot.StandIn.DmsTo(alice).Count(m => m.Content.Contains("approved")), Is.EqualTo(1), "approved once despite the double click");
        await AssertLedgerConsistentAsync(bot);
        bot.StandIn.AssertNoSpecViolations();
    }

    [TestCaseSource(typeof(TestDatabase), nameof(TestDatabase.Providers))]
    public async Task Approving_a_reward_removed_from_the_config_tells_the_moderator_and_refunds_the_member(DatabaseProvider provider)
    {
        await using var bot = await StartAsync(provider);
        var c = bot.Community;
        var (alice, mod, review) = (c.Person("alice"), c.Person("max-moderator"), c.Channel("review"));
        await bot.Service<AmbassadorPoints>().GrantAsync(bot.GuildId, alice, 50, "seed", mod, 1);
        var redeem = await bot.StandIn.InvokeSlashCommandAsync(bot.GuildId, c.Channel("general"), alice, "rewards", new SlashOption("redeem").With("reward", "gold-role"));
        Assert.That((await redeem.WaitForResponseAsync(Wait)).Content, Does.Contain("You redeemed"));
        await bot.StandIn.WaitForAsync(() => Cards(bot).Count == 1, Wait, "the review card");

        var version = bot.Service<CommunityBot.Configuration.ICommunityConfig>().Current.Version;
        await bot.WriteConfigAsync((community, guild) =>
        {
            Configure(community, guild);
            guild["ambassadors"]!["rewards"]!.AsArray().RemoveAt(0); // the gold role is no longer offered
        });
        await Eventually.TrueAsync(() => bot.Service<CommunityBot.Configuration.ICommunityConfig>().Current.Version > version, "the config reload", Wait);

        var card = Cards(bot).Single();
        var click = await bot.StandIn.ClickButtonAsync(bot.GuildId, review, mod, card.Id, CustomIdOf(card, "Approve"));
        await click.WaitForResponseAsync(Wait);
        await bot.StandIn.WaitForAsync(() => click.Followups.Any(f => f.Content.Contains("was not approved")), Wait, "the moderator to be told");
        var told = click.Followups.Single(f => f.Content.Contains("was not approved"));
        Assert.That(told.IsEphemeral, Is.True, "only the moderator sees why");
        Assert.That(told.Content, Does.Contain("`gold-role`").And.Contain("removed from the config").And.Contain("30 points back"));
        await bot.StandIn.WaitForAsync(() => Cards(bot).Single().Embeds!.Value.GetRawText().Contains("Not approved"), Wait, "the card to show the refund");
        Assert.That(CustomIdsOf(Cards(bot).Single()), Is.Empty, "no buttons left to click");

        Assert.That(await BalanceAsync(bot, alice), Is.EqualTo(50), "refunded");
        Assert.That(bot.StandIn.Member(bot.GuildId, alice)!.Roles, Does.Not.Contain(c.Role("ambassador-gold")));
        await bot.StandIn.WaitForAsync(() => bot.StandIn.DmsTo(alice).Any(m => m.Content.Contains("no longer offered")), Wait, "the member to be told");
        Assert.That(bot.StandIn.DmsTo(alice).Where(m => m.Content.Contains("approved")), Is.Empty);
        await AssertLedgerConsistentAsync(bot);
        bot.StandIn.AssertNoSpecViolations();
    }

    private static IReadOnlyList<string> CustomIdsOf(StandInMessage message) =>
        message.Components is { ValueKind: JsonValueKind.Array } rows
            ? rows.EnumerateArray().SelectMany(row => row.GetProperty("components").EnumerateArray()).Select(b => b.GetProperty("custom_id").GetString()!).ToList()
            : [];

    /// <summary>The review cards (not the ephemeral answers to moderators' clicks in the same channel).</summary>
    private static IReadOnlyList<StandInMessage> Cards(BotTestHost bot) =>
        bot.StandIn.Messages(bot.Community.Channel("review")).Where(m => !m.IsEphemeral && m.InteractionId is null).OrderBy(m => m.Id).ToList();

    private static string CustomIdOf(StandInMessage message, string label) =>
        message.Components!.Value.EnumerateArray().SelectMany(row => row.GetProperty("components").EnumerateArray())
            .Single(b => b.GetProperty("label").GetString() == label).GetProperty("custom_id").GetString()!;

    [TestCaseSource(typeof(TestDatabase), nameof(TestDatabase.Providers))]
    public async Task A_new_season_restarts_the_season_board_keeps_all_time_and_leaves_out_departed_members(DatabaseProvider provider)
    {
        await using var bot = await StartAsync(provider);
        var c = bot.Community;
        var (alice, bob, chloe) = (c.Person("alice"), c.Person("bob"), c.Person("chloe"));
        var points = bot.Service<AmbassadorPoints>();
        await points.GrantAsync(bot.GuildId, alice, 40, "last season", c.Person("max-moderator"), 1);
        await points.GrantAsync(bot.GuildId, chloe, 5, "last season", c.Person("max-moderator"), 2);

        var start = await bot.StandIn.InvokeSlashCommandAsync(bot.GuildId, c.Channel("admin"), c.Person("ada-admin"), "points",
            new SlashOption("season", new SlashOption("start").With("name", "Spring")));
        Assert.That((await start.WaitForResponseAsync(Wait)).Content, Does.Contain("Spring"));
        await points.GrantAsync(bot.GuildId, bob, 7, "this season", c.Person("max-moderator"), 3);

        var season = await LeaderboardAsync(bot, "season");
        Assert.That(season, Does.Contain($"<@{bob}> — 7 points").And.Not.Contain($"<@{alice}>"));
        var allTime = await LeaderboardAsync(bot, "all-time");
        Assert.That(allTime, Does.Contain($"<@{alice}> — 40 points").And.Contain($"<@{bob}> — 7 points"));
        Assert.That(await BalanceAsync(bot, alice), Is.EqualTo(40), "all-time totals stay");

        await bot.StandIn.MemberLeaveAsync(bot.GuildId, chloe);
        await Eventually.TrueAsync(async () => !(await LeaderboardAsync(bot, "all-time")).Contains($"<@{chloe}>"), "the departed member to drop out", Wait);
        await AssertLedgerConsistentAsync(bot);
        bot.StandIn.AssertNoSpecViolations();
    }

    [TestCaseSource(typeof(TestDatabase), nameof(TestDatabase.Providers))]
    public async Task Members_reacting_on_the_bots_queue_card_and_on_another_bots_message_give_bots_nothing(DatabaseProvider provider)
    {
        await using var bot = await BotTestHost.StartAsync(new BotTestHostOptions
        {
            Provider = provider,
            ConfigureGuild = (c, guild) =>
            {
                Configure(c, guild);
                guild["moderation"] = new JsonObject
                {
                    ["modQueueChannelId"] = Id(c.Channel("mod-queue")),
                    ["rules"] = new JsonArray(new JsonObject { ["name"] = "rude", ["type"] = "words", ["words"] = new JsonArray("scumbag"), ["action"] = "flag" }),
                };
            },
        });
        var c = bot.Community;
        var general = c.Channel("general");
        var self = bot.StandIn.BotUser.Id;
        var helper = bot.StandIn.CreateUser("helper-bot", isBot: true);
        await bot.StandIn.MemberJoinAsync(bot.GuildId, helper.Id);
        var sentinel = new Sentinel(bot);

        // The bot's own card in the mod queue, reacted on by members and decided by a moderator.
        var flagged = await bot.StandIn.PostMessageAsync(bot.GuildId, general, c.Person("bob"), "you scumbag, that is not how it works");
        StandInMessage? card = null;
        await bot.StandIn.WaitForAsync(() => (card = bot.StandIn.Messages(c.Channel("mod-queue"))
            .FirstOrDefault(m => m.AuthorId == self && m.Embeds?.GetRawText().Contains(Id(flagged.Id)) == true)) is not null, Wait, "the queue card");
        foreach (var (person, emoji) in new[] { ("alice", "👍"), ("chloe", "👀"), ("owner", "🎉"), ("max-moderator", "✅") })
            await bot.StandIn.AddReactionAsync(bot.GuildId, card!.ChannelId, card.Id, c.Person(person), emoji);

        // Another bot's message, reacted on by members.
        var helperMessage = await bot.StandIn.PostMessageAsync(bot.GuildId, general, helper.Id, "Build #42 passed: all green, deploying now");
        foreach (var person in new[] { "alice", "chloe", "owner" })
            await bot.StandIn.AddReactionAsync(bot.GuildId, general, helperMessage.Id, c.Person(person), "🚀");
        await sentinel.SettleAsync();

        Assert.That(await BalanceAsync(bot, self), Is.Zero, "the bot earns nothing from reactions on its own card");
        Assert.That(await BalanceAsync(bot, helper.Id), Is.Zero, "nor does any other bot");
        await using (var db = await bot.Database.OpenAsync())
            Assert.That(await db.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM ambassador_entries WHERE member_id IN (@self, @helper)",
                new { self = (long)self, helper = (long)helper.Id }), Is.Zero, "no ledger entry for a bot at all");
        await AssertLedgerConsistentAsync(bot);
        bot.StandIn.AssertNoSpecViolations();
    }

    private static async Task<string> LeaderboardAsync(BotTestHost bot, string scope)
    {
        var handle = await bot.StandIn.InvokeSlashCommandAsync(bot.GuildId, bot.Community.Channel("general"), bot.Community.Person("bob"), "leaderboard",
            new SlashOption().With("scope", scope));
        var answer = await handle.WaitForResponseAsync(Wait);
        Assert.That(answer.IsEphemeral, Is.False);
        return answer.Data!.Value.GetProperty("embeds")[0].GetProperty("description").GetString()!;
    }
}
