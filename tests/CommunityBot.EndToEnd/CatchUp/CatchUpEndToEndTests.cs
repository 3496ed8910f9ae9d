using System.Text.Json;
using System.Text.Json.Nodes;
using CommunityBot.Features.Faq;
using CommunityBot.Features.Moderation.Cases;
using CommunityBot.Features.Moderation.Queue;
using CommunityBot.Features.Onboarding;
using CommunityBot.Hosting;
using CommunityBot.Jobs;
using CommunityBot.Sandbox;
using CommunityBot.StandIn;
using CommunityBot.Storage;
using CommunityBot.TestSupport;

namespace CommunityBot.EndToEnd.CatchUp;

/// <summary>
/// Downtime: the bot is stopped, the community goes on (people join, moderators react on queue and review cards), and the
/// bot starts again on the same database. What the missed events would have done is done once, on SQLite and PostgreSQL.
/// </summary>
[Category("CatchUp")]
public sealed class CatchUpEndToEndTests
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(20);
    private static string Id(ulong id) => id.ToString();

    private static Task<BotTestHost> StartAsync(DatabaseProvider provider) => BotTestHost.StartAsync(new BotTestHostOptions
    {
        Provider = provider,
        ConfigureGuild = (c, g) =>
        {
            g["onboarding"] = new JsonObject
            {
                ["welcome"] = new JsonObject
                {
                    ["channelId"] = Id(c.Channel("welcome")),
                    ["message"] = "Welcome {user} to {server}!",
                    ["directMessage"] = "Hi {user.name}, welcome to {server}!",
                },
                ["rules"] = new JsonObject
                {
                    ["channelId"] = Id(c.Channel("rules")),
                    ["title"] = "Rules",
                    ["text"] = "Be kind.",
                    ["memberRoleId"] = Id(c.Role("member")),
                    ["newcomerRoleId"] = Id(c.Role("newcomer")),
                    ["firstSteps"] = "Welcome aboard!",
                },
                ["nudge"] = new JsonObject { ["afterHours"] = 24, ["message"] = "Hi {user.name}, please accept the rules." },
            };
            g["moderation"] = new JsonObject
            {
                ["modQueueChannelId"] = Id(c.Channel("mod-queue")),
                ["modlogChannelId"] = Id(c.Channel("modlog")),
                ["rules"] = new JsonArray(new JsonObject { ["name"] = "rude", ["type"] = "words", ["words"] = new JsonArray("scumbag"), ["action"] = "flag" }),
            };
            g["faq"] = new JsonObject { ["reviewChannelId"] = Id(c.Channel("review")), ["helpChannelIds"] = new JsonArray(Id(c.Channel("help"))) };
        },
    });

    private static IReadOnlyList<StandInMessage> WelcomesFor(BotTestHost bot, ulong memberId) =>
        bot.StandIn.Messages(bot.Community.Channel("welcome")).Where(m => m.AuthorId == bot.StandIn.BotUser.Id && m.Content.Contains($"<@{memberId}>")).ToList();

    private static IReadOnlyList<StandInMessage> Cards(BotTestHost bot, string channel) =>
        bot.StandIn.Messages(bot.Community.Channel(channel)).Where(m => m.AuthorId == bot.StandIn.BotUser.Id && m.InteractionId is null && !m.Deleted).ToList();

    /// <summary>The bot's reactions are on the card (it is fully posted), and it is remembered.</summary>
    private static Task<StandInMessage> CardAsync(BotTestHost bot, string channel, string lastEmoji, Func<StandInMessage, bool> which) =>
        Eventually.ReturnsAsync(() => Task.FromResult(Cards(bot, channel).FirstOrDefault(m => which(m) && m.ReactionUsers(lastEmoji).Contains(bot.StandIn.BotUser.Id))),
            $"the card in #{channel}", Wait);

    private static async Task<StandInMessage> ProposeFaqAsync(BotTestHost bot)
    {
        var help = bot.Community.Channel("help");
        var chloe = bot.Community.Person("chloe");
        var answer = await bot.StandIn.PostMessageAsync(bot.GuildId, help, bot.Community.Person("bob"), "Settings → Account → Reset password.");
        var modal = await (await bot.StandIn.InvokeMessageCommandAsync(bot.GuildId, help, chloe, "Save as FAQ", answer.Id)).WaitForResponseAsync(Wait);
        await (await bot.StandIn.SubmitModalAsync(bot.GuildId, help, chloe, modal.CustomId!,
            new Dictionary<string, string> { ["question"] = "How do I reset my password?", ["answer"] = answer.Content, ["tags"] = "account" })).WaitForResponseAsync(Wait);
        var card = await CardAsync(bot, "review", "❌", _ => true);
        await Eventually.ReturnsAsync(() => bot.Service<FaqRepository>().GetByReviewCardAsync(card.Id), "the review card remembered", Wait);
        return card;
    }

    /// <summary>Waits until the catch-up of the new session has run every step (each GUILD_CREATE queues one).</summary>
    private static Task CaughtUpAsync(BotTestHost bot) =>
        Eventually.TrueAsync(() => bot.Service<CatchUpRunner>().Completed >= 1, "the catch-up after the restart", Wait);

    [TestCaseSource(typeof(TestDatabase), nameof(TestDatabase.Providers))]
    public async Task Joins_and_card_decisions_during_downtime_are_handled_once_after_the_restart(DatabaseProvider provider)
    {
        await using var bot = await StartAsync(provider);
        var nina = bot.Community.Person(SeededCommunity.NewcomerPersona);
        await bot.StandIn.MemberJoinAsync(bot.GuildId, nina);
        await bot.StandIn.WaitForAsync(() => WelcomesFor(bot, nina).Count == 1 && bot.StandIn.DmsTo(nina).Count == 1, Wait, "the live welcome before the downtime");
        var flagged = await bot.StandIn.PostMessageAsync(bot.GuildId, bot.Community.Channel("general"), bot.Community.Person("bob"), "you scumbag");
        var queueCard = await CardAsync(bot, "mod-queue", "🔨", m => m.Embeds?.GetRawText().Contains(Id(flagged.Id)) == true);
        var reviewCard = await ProposeFaqAsync(bot);

        await bot.StopAsync();
        var newcomers = Enumerable.Range(1, 3).Select(i => bot.StandIn.CreateUser($"downtime-{i}").Id).ToList();
        foreach (var id in newcomers) await bot.StandIn.MemberJoinAsync(bot.GuildId, id);
        await bot.StandIn.AddReactionAsync(bot.GuildId, queueCard.ChannelId, queueCard.Id, bot.Community.Person("chloe"), "🔨"); // not a moderator
        await bot.StandIn.AddReactionAsync(bot.GuildId, queueCard.ChannelId, queueCard.Id, bot.Community.Person("max-moderator"), "⚠️");
        await bot.StandIn.AddReactionAsync(bot.GuildId, reviewCard.ChannelId, reviewCard.Id, bot.Community.Person("max-moderator"), "✅");
        await bot.StartAgainAsync();
        await CaughtUpAsync(bot);

        var newcomer = bot.Community.Role("newcomer");
        await bot.StandIn.WaitForAsync(() => newcomers.All(id => WelcomesFor(bot, id).Count == 1 && bot.StandIn.DmsTo(id).Count == 1
                                                                  && bot.StandIn.Member(bot.GuildId, id)!.Roles.Contains(newcomer)),
            Wait, "the welcome, DM and newcomer role of every join during the downtime");
        foreach (var id in newcomers)
        {
            var journey = await bot.Service<OnboardingRepository>().GetLatestAsync(bot.GuildId, id);
            Assert.That(journey!.JoinedAt, Is.EqualTo(bot.StandIn.Member(bot.GuildId, id)!.JoinedAt).Within(TimeSpan.FromMilliseconds(1)), "keyed on Discord's joined_at");
            Assert.That(await bot.Service<IJobScheduler>().ExistsAsync(NudgeJob.JobKind, journey.JobKey), Is.True, "the rules nudge is scheduled");
        }

        var card = await Eventually.ReturnsAsync(async () => await bot.Service<QueueRepository>().FindByCardMessageAsync(queueCard.Id) is { Status: CardStatus.Resolved } c ? c : null,
            "the queue card decided during the downtime to be resolved", Wait);
        Assert.That(card.ActedBy, Is.EqualTo(bot.Community.Person("max-moderator")));
        var cases = await bot.Service<CaseRepository>().ForMemberAsync(bot.GuildId, bot.Community.Person("bob"), 10);
        Assert.That(cases.Select(c => c.Kind), Is.EqualTo(new[] { CaseKinds.Warn }), "the moderator's ⚠️ warned once; the member's 🔨 did nothing");
        await bot.StandIn.WaitForAsync(() => !bot.StandIn.GetMessage(queueCard.Id)!.ReactionUsers("🔨").Contains(bot.Community.Person("chloe")), Wait,
            "the member's reaction removed, as it would have been live");
        Assert.That(bot.StandIn.Bans(bot.GuildId), Is.Empty);
        await Eventually.TrueAsync(async () => (await bot.Service<FaqRepository>().GetByReviewCardAsync(reviewCard.Id))?.Status == FaqStatus.Published,
            "the FAQ proposal approved during the downtime to be published", Wait);

        // Nobody who was here before the bot first ran is taken for a missed join; a second catch-up changes nothing.
        foreach (var persona in SeededCommunity.MemberPersonas) Assert.That(WelcomesFor(bot, bot.Community.Person(persona)), Is.Empty, persona);
        await bot.RestartAsync();
        await CaughtUpAsync(bot);
        Assert.That(await bot.Service<CaseRepository>().ForMemberAsync(bot.GuildId, bot.Community.Person("bob"), 10), Has.Count.EqualTo(1));
        await bot.StopAsync(); // a graceful stop drains handlers and jobs: nothing can still be on its way
        Assert.That(newcomers.Append(nina).Select(id => (WelcomesFor(bot, id).Count, bot.StandIn.DmsTo(id).Count(m => m.Content.Contains("welcome to")))),
            Is.All.EqualTo((1, 1)), "one welcome and one DM per join");
        Assert.That(Cards(bot, "mod-queue"), Has.Count.EqualTo(1), "no card posted twice");
        bot.StandIn.AssertNoSpecViolations();
    }
}
