using System.Text.Json;
using System.Text.Json.Nodes;
using CommunityBot.Discord.Gateway;
using CommunityBot.Features.Ambassadors;
using CommunityBot.Features.Moderation.Cases;
using CommunityBot.Sandbox;
using CommunityBot.StandIn;
using CommunityBot.Storage;
using CommunityBot.Storage.Health;
using CommunityBot.TestSupport;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace CommunityBot.EndToEnd.Reliability;

/// <summary>
/// The database goes away under a running bot — its PostgreSQL server stopped — while
/// members talk, join and break an automod rule, then comes back. Automod acts at once regardless; everything that
/// needed the database arrives once it is back, exactly once; members who used a command meanwhile were told to try
/// again; the outage is logged once with a summary; the health file went stale meanwhile.
/// </summary>
[Category("Reliability")]
public sealed class StorageOutageTests
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(60);
    private const int MessagesPerMember = 5;
    private const int Joins = 3;

    // No SQLite twin: a file turned unwritable under a running process does not stop the connections it already has open
    // (seen: some writes went through, some failed, differently each run), and a write lock held by another process
    // makes each write wait the 30 s command timeout first. SQLite's failure codes are covered by the classifier's tests
    // with real errors, and a read-only file at start-up by the start-up check's test.
    [Test]
    public async Task A_stopped_PostgreSQL_server_loses_nothing_and_counts_nothing_twice()

    {
        await using var server = await StoppablePostgres.StartAsync();
        var logs = new CapturingLoggerProvider();
        var healthFile = Path.Combine(Directory.CreateTempSubdirectory("communitybot-health-").FullName, "healthy");
        await using var bot = await BotTestHost.StartAsync(new BotTestHostOptions
        {
            Provider = DatabaseProvider.Postgres,
            PostgresServer = server.AdminConnectionString,
            ConfigureGuild = Configure,
            ConfigureServices = s => s.AddSingleton<ILoggerProvider>(logs),
            Settings = { ["Health:FilePath"] = healthFile },
        });
        var storage = bot.Service<StorageHealth>();
        var general = bot.Community.Channel("general");
        var talkers = new[] { bot.Community.Person("alice"), bot.Community.Person("bob") };
        var spammer = bot.StandIn.CreateUser("spammer").Id;
        await bot.StandIn.MemberJoinAsync(bot.GuildId, spammer);
        await bot.StandIn.WaitForAsync(() => WelcomesFor(bot, spammer).Count == 1 && File.Exists(healthFile), Wait, "a member joined and the health file, before the outage");

        await server.StopAsync();
        // Fail closed: the scam is deleted although nothing can be recorded.
        var scam = await bot.StandIn.PostMessageAsync(bot.GuildId, general, bot.Community.Person("chloe"), "free nitro for everyone");
        await bot.StandIn.WaitForAsync(() => bot.StandIn.GetMessage(scam.Id)?.Deleted ?? true, Wait, "automod to delete the scam during the outage");
        var spam = await bot.StandIn.PostMessageAsync(bot.GuildId, general, spammer, "buy followers cheap");
        await bot.StandIn.WaitForAsync(() => bot.StandIn.Member(bot.GuildId, spammer)!.CommunicationDisabledUntil > DateTimeOffset.UtcNow.AddMinutes(50)
                                             && (bot.StandIn.GetMessage(spam.Id)?.Deleted ?? true), Wait, "automod to time the spammer out during the outage");

        var posted = new List<StandInMessage>();
        for (var i = 0; i < MessagesPerMember; i++)
            foreach (var member in talkers)
                posted.Add(await bot.StandIn.PostMessageAsync(bot.GuildId, general, member, $"message {i} from {member} during the outage"));
        var newcomers = new List<ulong>();
        for (var i = 0; i < Joins; i++)
        {
            var user = bot.StandIn.CreateUser($"newcomer-{i}");
            await bot.StandIn.MemberJoinAsync(bot.GuildId, user.Id);
            newcomers.Add(user.Id);
        }

        // A command that has to write is refused with a clear answer, not carried out behind the moderator's back later.
        var warn = await bot.StandIn.InvokeSlashCommandAsync(bot.GuildId, bot.Community.Channel("admin"), bot.Community.Person("max-moderator"), "warn",
            new SlashOption().With("member", talkers[0].ToString()).With("reason", "during the outage"));
        var answer = await warn.WaitForResponseAsync(Wait);
        Assert.That(answer.Content, Does.Contain("try again in a moment"));
        Assert.That(answer.IsEphemeral, Is.True);

        // While writes fail, heartbeats are still acknowledged but the health file is left to go stale.
        await Eventually.TrueAsync(() => storage.IsFailing, "the outage to be noticed", Wait);
        var staleSince = File.ReadAllText(healthFile);
        await AcknowledgedHeartbeatsAsync(bot, 2);
        Assert.That(File.ReadAllText(healthFile), Is.EqualTo(staleSince), "the health file must not be touched while writes fail");
        Assert.That(Cards(bot), Is.Empty, "nothing could be recorded yet");

        await server.StartAgainAsync();

        // The bot's clock drives the retries and the probe; it only moves while something waits for the database.
        await Eventually.TrueAsync(async () =>
        {
            if (storage.IsFailing || storage.WaitingForRetry > 0) bot.Clock.Advance(TimeSpan.FromSeconds(1));
            return !storage.IsFailing && storage.WaitingForRetry == 0
                   && newcomers.All(n => WelcomesFor(bot, n).Count > 0)
                   && Cards(bot).Any(c => EmbedText(c).Contains(scam.Id.ToString()) && EmbedText(c).Contains("deleted"))
                   && Cards(bot).Any(c => EmbedText(c).Contains(spam.Id.ToString()) && EmbedText(c).Contains("Timeout · case #"))
                   && (await Task.WhenAll(talkers.Select(t => BalanceAsync(bot, t)))).All(b => b == MessagesPerMember)
                   && File.ReadAllText(healthFile) != staleSince;
        }, "every point, welcome and the card after the database came back", Wait);

        foreach (var newcomer in newcomers) Assert.That(WelcomesFor(bot, newcomer), Has.Count.EqualTo(1), $"one welcome for {newcomer}");
        Assert.That(Cards(bot).Count(c => EmbedText(c).Contains(scam.Id.ToString())), Is.EqualTo(1), "one card for the scam");
        Assert.That(Cards(bot).Count(c => EmbedText(c).Contains(spam.Id.ToString())), Is.EqualTo(1), "one card for the spam");
        Assert.That(bot.StandIn.Requests.Count(r => r.Method == "PATCH" && r.Path.EndsWith($"/members/{spammer}")), Is.EqualTo(1),
            "the timeout was applied once, not again when it was recorded");
        Assert.That(bot.StandIn.DmsTo(spammer).Count(m => m.Content.Contains("timed out")), Is.EqualTo(1), "the spammer is told once, with the case");
        Assert.That(await bot.Service<CaseRepository>().ForMemberAsync(bot.GuildId, talkers[0], 5), Is.Empty, "the refused warning was not recorded later");
        Assert.That(await LedgerAudit.FindDiscrepanciesAsync(bot.Database), Is.Empty, "balance == sum of entries for every member");
        Assert.That(logs.Lines.Where(l => l.Contains("database is failing")).ToList(), Has.Count.EqualTo(1), "the outage is logged once");
        Assert.That(logs.Lines.Where(l => l.Contains("takes writes again after")).ToList(), Has.Count.EqualTo(1), "with one summary when it ends");
        Assert.That(logs.Lines.Where(l => l.Contains("Gave up")), Is.Empty, "nothing was given up");
        bot.StandIn.AssertNoSpecViolations();
    }

    private static void Configure(SeededCommunity c, JsonObject guild)
    {
        guild["moderation"] = new JsonObject
        {
            ["modQueueChannelId"] = Id(c.Channel("mod-queue")),
            ["rules"] = new JsonArray(
                new JsonObject { ["name"] = "scam", ["type"] = "regex", ["pattern"] = @"free\s+nitro", ["action"] = "deleteAndFlag" },
                new JsonObject { ["name"] = "spam", ["type"] = "words", ["words"] = new JsonArray("followers"), ["action"] = "timeout", ["timeoutMinutes"] = 60 }),
        };
        guild["ambassadors"] = new JsonObject
        {
            ["weights"] = new JsonObject { ["message"] = 1 },
            ["messages"] = new JsonObject { ["cooldownSeconds"] = 0, ["minLength"] = 1, ["dailyCap"] = 100 },
        };
        guild["onboarding"] = new JsonObject
        {
            ["welcome"] = new JsonObject { ["channelId"] = Id(c.Channel("welcome")), ["message"] = "Welcome {user}!" },
        };
    }

    private static async Task AcknowledgedHeartbeatsAsync(BotTestHost bot, int count)
    {
        var gateway = bot.Service<IGatewayClient>();
        var seen = 0;
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        void OnAck(GatewayHeartbeat _) { if (Interlocked.Increment(ref seen) >= count) done.TrySetResult(); }
        gateway.HeartbeatAcknowledged += OnAck;
        try { await done.Task.WaitAsync(Wait); }
        finally { gateway.HeartbeatAcknowledged -= OnAck; }
    }

    private static Task<long> BalanceAsync(BotTestHost bot, ulong member) =>
        bot.Service<AmbassadorQueries>().SummaryAsync(bot.GuildId, member, 0).ContinueWith(t => t.IsCompletedSuccessfully ? t.Result.Totals.Balance : -1);

    private static IReadOnlyList<StandInMessage> WelcomesFor(BotTestHost bot, ulong member) =>
        bot.StandIn.Messages(bot.Community.Channel("welcome")).Where(m => m.Content.Contains($"<@{member}>")).ToList();

    private static IReadOnlyList<StandInMessage> Cards(BotTestHost bot) =>
        bot.StandIn.Messages(bot.Community.Channel("mod-queue")).Where(m => m.AuthorId == bot.StandIn.BotUser.Id && !m.Deleted).ToList();

    private static string EmbedText(StandInMessage m) => m.Embeds is { } embeds ? string.Join("\n", Strings(embeds)) : "";

    private static IEnumerable<string> Strings(JsonElement e) => e.ValueKind switch
    {
        JsonValueKind.String => [e.GetString()!],
        JsonValueKind.Array => e.EnumerateArray().SelectMany(Strings),
        JsonValueKind.Object => e.EnumerateObject().SelectMany(p => Strings(p.Value)),
        _ => [],
    };

    private static string Id(ulong id) => id.ToString();
}
