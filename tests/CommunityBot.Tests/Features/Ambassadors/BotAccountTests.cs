using System.Text.Json;
using CommunityBot.Configuration;
using CommunityBot.Discord.Gateway;
using CommunityBot.Discord.Models;
using CommunityBot.Features.Ambassadors;
using CommunityBot.Hosting;
using CommunityBot.Interactions;
using CommunityBot.Storage;
using CommunityBot.TestSupport;
using Dapper;

namespace CommunityBot.Tests.Features.Ambassadors;

/// <summary>Issue 14, item 1: bots never earn ambassador points, whatever the source, and what they earned before is taken back.</summary>
[Category("Ambassadors")]
public sealed class BotAccountTests
{
    private const ulong Alice = 11, Bob = 12, OtherBot = 777, Mod = 99;
    private const ulong Guild = AmbassadorKit.Guild;
    private const ulong TierRole = 55;

    private static readonly AmbassadorSettings Settings = new()
    {
        Weights = new PointWeights { Message = 1, Reaction = 1, FaqAnswer = 5 },
        Messages = new MessagePointRules { CooldownSeconds = 0, MinLength = 1, DailyCap = 0 },
        Reactions = new ReactionPointRules { PerMessageCap = 0, DailyCap = 0 },
        Tiers = new TierSettings { Levels = [new TierLevel { Name = "Bronze", Threshold = 3, RoleId = TierRole }] },
    };

    private static BotAccountHandlers Handlers(AmbassadorKit kit, BotAccounts? bots = null) => new(bots ?? kit.Bots, kit.Points);

    private static MessageCreateEvent MessageBy(ulong author, bool bot, ulong? webhookId = null) => new()
    {
        Message = new Message { Id = 5_000 + author, ChannelId = 1, GuildId = Guild, Author = new User { Id = author, Bot = bot }, WebhookId = webhookId, Content = "beep" },
    };

    private static async Task<List<(long Id, long? Reverses, int Amount)>> EntriesOfAsync(AmbassadorKit kit, ulong member)
    {
        await using var c = await kit.Db.OpenAsync();
        return (await c.QueryAsync<(long, long?, int)>(
            "SELECT id, reverses_entry_id, amount FROM ambassador_entries WHERE member_id = @member ORDER BY id", new { member = (long)member })).AsList();
    }

    [TestCaseSource(typeof(TestDatabase), nameof(TestDatabase.Providers))]
    public async Task The_bot_itself_and_recorded_bots_earn_nothing_from_any_source(DatabaseProvider provider)
    {
        await using var kit = await AmbassadorKit.CreateAsync(provider, Settings);
        await Handlers(kit).HandleAsync(MessageBy(OtherBot, bot: true), CancellationToken.None);
        var points = kit.Points;

        foreach (var bot in new[] { AmbassadorKit.BotUserId, OtherBot })
        {
            Assert.That((await points.AwardReactionAsync(Guild, bot, 300 + bot, Alice, "👍")).WhyNot, Is.EqualTo("bots earn no points"), "a reaction on the bot's card");
            Assert.That((await points.AwardMessageAsync(Guild, bot, 1, 400 + bot, "a queue card")).WhyNot, Is.EqualTo("bots earn no points"));
            Assert.That((await points.AwardAsync(Guild, bot, PointSources.FaqAnswer, $"answer-{bot}", "accepted FAQ answer")).WhyNot, Is.EqualTo("bots earn no points"));
            Assert.That(await points.GrantAsync(Guild, bot, 50, "nice card", Mod, 600 + bot), Is.Null);
            Assert.That(await kit.TotalsAsync(bot), Is.Null, $"nothing recorded for {bot}");
        }
        Assert.That((await points.AwardReactionAsync(Guild, Alice, 301, Bob, "👍")).Awarded, Is.True, "people still earn");
        await kit.AssertLedgerConsistentAsync();
    }

    [TestCaseSource(typeof(TestDatabase), nameof(TestDatabase.Providers))]
    public async Task The_ledger_refuses_a_credit_to_a_bot_another_process_recorded_and_still_takes_reversals(DatabaseProvider provider)
    {
        await using var kit = await AmbassadorKit.CreateAsync(provider, Settings);
        var early = await kit.Points.AwardAsync(Guild, OtherBot, PointSources.FaqAnswer, "answer-1", "before it was known");
        Assert.That(early.Awarded, Is.True, "not known yet");
        // Another process (same PostgreSQL, another shard) records the bot; this process's set does not know it yet.
        await new BotAccounts(kit.Db, new BotIdentity(), kit.Clock).RememberAsync(OtherBot);

        var late = await kit.Points.AwardAsync(Guild, OtherBot, PointSources.FaqAnswer, "answer-2", "after it was recorded");
        Assert.That(late.Awarded, Is.False, "the ledger's own check refuses the credit");
        Assert.That(await kit.Points.ReverseBotPointsAsync(OtherBot), Is.EqualTo(5), "a reversal (a debit) still goes in");
        Assert.That(await kit.BalanceAsync(OtherBot), Is.Zero);
        await kit.AssertLedgerConsistentAsync();
    }

    [TestCaseSource(typeof(TestDatabase), nameof(TestDatabase.Providers))]
    public async Task Points_a_bot_got_before_it_was_known_are_reversed_once_and_its_tier_role_goes(DatabaseProvider provider)
    {
        await using var kit = await AmbassadorKit.CreateAsync(provider, Settings);
        foreach (var (reactor, emoji) in new[] { (Alice, "👍"), (Bob, "👍"), (Alice, "🎉"), (Bob, "🎉") })
            Assert.That((await kit.Points.AwardReactionAsync(Guild, OtherBot, 901, reactor, emoji)).Awarded, Is.True, "unknown so far");
        Assert.That((await kit.Points.AwardReactionAsync(Guild, Alice, 902, Bob, "👍")).Awarded, Is.True);
        Assert.That(kit.RolesOf(OtherBot), Does.Contain(TierRole), "it reached the tier");

        await Handlers(kit).HandleAsync(MessageBy(OtherBot, bot: true), CancellationToken.None);

        Assert.That(await kit.BalanceAsync(OtherBot), Is.Zero);
        Assert.That((await kit.TotalsAsync(OtherBot))!.Earned, Is.Zero, "tiers on earned points drop too");
        Assert.That(kit.RolesOf(OtherBot), Does.Not.Contain(TierRole), "the tier role follows the balance down");
        var entries = await EntriesOfAsync(kit, OtherBot);
        Assert.That(entries, Has.Count.EqualTo(8), "four credits stay, each with one reversal entry");
        Assert.That(entries.Where(e => e.Reverses is not null).Select(e => e.Reverses), Is.EquivalentTo(entries.Where(e => e.Reverses is null).Select(e => (long?)e.Id)));
        Assert.That(await kit.BalanceAsync(Alice), Is.EqualTo(1), "members' points are untouched");

        // Seen again, and after a restart (a fresh set, READY once more): nothing more is written.
        await Handlers(kit).HandleAsync(MessageBy(OtherBot, bot: true), CancellationToken.None);
        await Handlers(kit, new BotAccounts(kit.Db, kit.Identity, kit.Clock)).HandleAsync(new ReadyEvent { User = new User { Id = AmbassadorKit.BotUserId, Bot = true } }, CancellationToken.None);
        Assert.That(await EntriesOfAsync(kit, OtherBot), Has.Count.EqualTo(8));
        await kit.AssertLedgerConsistentAsync();
    }

    [TestCaseSource(typeof(TestDatabase), nameof(TestDatabase.Providers))]
    public async Task Ready_takes_back_what_the_bot_earned_on_its_own_cards_and_finishes_an_interrupted_clearing(DatabaseProvider provider)
    {
        await using var kit = await AmbassadorKit.CreateAsync(provider, Settings);
        // Written as earlier versions did: straight into the ledger, before anything knew the bot's id.
        var at = kit.Clock.Now;
        await kit.Writer.RunAsync(async s =>
        {
            for (var i = 0; i < 3; i++)
                await Ledger.AppendAsync(s, new NewEntry(Guild, AmbassadorKit.BotUserId, 1, PointSources.ReactionReceived, $"{800 + i}:{Alice}:👍", "reaction received", Alice, at));
            await Ledger.AppendAsync(s, new NewEntry(Guild, OtherBot, 2, PointSources.ReactionReceived, $"810:{Alice}:👍", "reaction received", Alice, at));
            return true;
        });
        // The other bot was recorded by a process that stopped before its reversal committed.
        await using (var c = await kit.Db.OpenAsync())
            await c.ExecuteAsync("INSERT INTO ambassador_bot_accounts (user_id, first_seen_at) VALUES (@id, 0)", new { id = (long)OtherBot });

        await Handlers(kit).HandleAsync(new ReadyEvent { User = new User { Id = AmbassadorKit.BotUserId, Bot = true } }, CancellationToken.None);

        Assert.That(await kit.BalanceAsync(AmbassadorKit.BotUserId), Is.Zero);
        Assert.That(await kit.BalanceAsync(OtherBot), Is.Zero);
        Assert.That(await kit.Bots.NotClearedAsync(), Is.Empty);
        Assert.That((await EntriesOfAsync(kit, AmbassadorKit.BotUserId)).Count(e => e.Reverses is not null), Is.EqualTo(3));
        await kit.AssertLedgerConsistentAsync();
    }

    [TestCaseSource(typeof(TestDatabase), nameof(TestDatabase.Providers))]
    public async Task Webhook_authors_and_bots_in_member_lists_are_recorded(DatabaseProvider provider)
    {
        await using var kit = await AmbassadorKit.CreateAsync(provider, Settings);
        var handlers = Handlers(kit);
        await handlers.HandleAsync(MessageBy(5555, bot: false, webhookId: 5555), CancellationToken.None);
        await handlers.HandleAsync(new GuildCreateEvent { Members = [new GuildMember { User = new User { Id = 6666, Bot = true } }, new GuildMember { User = new User { Id = Alice } }] }, CancellationToken.None);
        await handlers.HandleAsync(new GuildMemberAddEvent { GuildId = Guild, Member = new GuildMember { User = new User { Id = 7777, Bot = true } } }, CancellationToken.None);
        await handlers.HandleAsync(MessageBy(Bob, bot: false), CancellationToken.None);

        var fresh = new BotAccounts(kit.Db, new BotIdentity(), kit.Clock); // what a restarted process knows
        foreach (var bot in new ulong[] { 5555, 6666, 7777 }) Assert.That(await fresh.IsBotAsync(bot), Is.True, $"{bot}");
        Assert.That(await fresh.IsBotAsync(Alice), Is.False);
        Assert.That(await fresh.IsBotAsync(Bob), Is.False);
    }

    [TestCaseSource(typeof(TestDatabase), nameof(TestDatabase.Providers))]
    public async Task A_grant_to_the_bot_itself_is_refused_with_a_clear_answer(DatabaseProvider provider)
    {
        await using var kit = await AmbassadorKit.CreateAsync(provider, Settings);
        var interaction = new Interaction
        {
            Id = 70_001, ApplicationId = 1, Type = InteractionTypes.ApplicationCommand, GuildId = Guild, Token = "t",
            Member = new GuildMember { User = new User { Id = Mod }, Permissions = Permissions.ModerateMembers },
            Data = new InteractionData
            {
                Name = "points", Type = 1,
                Options = [new InteractionDataOption { Name = "grant", Type = ApplicationCommandOptionTypes.SubCommand, Options = [
                    new InteractionDataOption { Name = "member", Type = ApplicationCommandOptionTypes.User, Value = JsonSerializer.SerializeToElement(AmbassadorKit.BotUserId.ToString()) },
                    new InteractionDataOption { Name = "amount", Type = ApplicationCommandOptionTypes.Integer, Value = JsonSerializer.SerializeToElement(10) },
                    new InteractionDataOption { Name = "reason", Type = ApplicationCommandOptionTypes.String, Value = JsonSerializer.SerializeToElement("great cards") }] }],
            },
        };
        var guild = new GuildConfig { GuildId = Guild, Sections = new Dictionary<Type, object> { [typeof(AmbassadorSettings)] = Settings } };
        var command = new PointsCommand(kit.Points, new AmbassadorQueries(kit.Db), kit.Writer, kit.Clock, CommunityBot.Localisation.Localiser<CommunityBot.Features.Ambassadors.Resources.AmbassadorStrings>.Shared);

        var refusal = Assert.ThrowsAsync<InteractionRefusedException>(() => command.ExecuteAsync(new InteractionContext(interaction, kit.Rest.Object, guild, deferEphemeral: true)));
        Assert.That(refusal!.Message, Is.EqualTo("Bots cannot earn ambassador points."));
        Assert.That(await kit.TotalsAsync(AmbassadorKit.BotUserId), Is.Null);
    }
}
