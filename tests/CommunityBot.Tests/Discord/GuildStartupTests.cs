using CommunityBot.Discord;
using CommunityBot.Discord.Gateway;
using CommunityBot.Discord.Models;
using CommunityBot.Discord.Rest;
using CommunityBot.Tests.Discord.Fakes;
using Microsoft.Extensions.Logging;
using Moq;

namespace CommunityBot.Tests.Discord;

/// <summary>
/// Checklist §1.5: the session counts as started once READY's unavailable guilds have all arrived as GUILD_CREATE
/// (or GUILD_DELETE), with a timeout for guilds that never come.
/// </summary>
[Category("Protocol")]
public class GuildStartupTests
{
    private const ulong GuildA = 41771983423143937;
    private const ulong GuildB = 41771983423143938;

    private ManualTimeProvider _clock = null!;
    private FakeGatewaySocketFactory _sockets = null!;
    private Mock<ILogger> _log = null!;
    private DiscordGatewayClient _client = null!;
    private CancellationTokenSource _stop = null!;
    private Task _run = null!;

    [SetUp]
    public void SetUp()
    {
        _clock = new ManualTimeProvider();
        _sockets = new FakeGatewaySocketFactory();
        var rest = new Mock<IDiscordRestClient>();
        rest.Setup(r => r.GetGatewayBotAsync(It.IsAny<CancellationToken>())).ReturnsAsync(new GatewayBotInfo
        {
            Url = "wss://gateway.example",
            SessionStartLimit = new SessionStartLimit { Remaining = 999, ResetAfter = 14_400_000, MaxConcurrency = 1 },
        });
        _log = new Mock<ILogger>();
        _log.Setup(l => l.IsEnabled(It.IsAny<LogLevel>())).Returns(true);
        _stop = new CancellationTokenSource();
        _client = new DiscordGatewayClient(new DiscordClientOptions { Token = "t", Intents = GatewayIntents.Guilds, EventQueueCapacity = 100 },
            rest.Object, _log.Object, _sockets, _clock, () => 0.5, GatewayTimings.Default with { GuildStartupTimeout = TimeSpan.FromSeconds(15) });
        _run = Task.Run(() => _client.RunAsync(_stop.Token));
    }

    [TearDown]
    public async Task TearDown()
    {
        await _stop.CancelAsync();
        try { await _run.WaitAsync(TimeSpan.FromSeconds(5)); }
        catch (Exception) { /* cancelled */ }
        _stop.Dispose();
    }

    private async Task<FakeGatewaySocket> ReadyWithGuildsAsync(int connection = 1, params ulong[] guilds)
    {
        var socket = await _sockets.WaitForSocketAsync(connection, () => _clock.Advance(TimeSpan.FromMilliseconds(250)));
        socket.Hello();
        // A second IDENTIFY waits out the identify window on the manual clock.
        await socket.WaitForSentAsync(GatewayOpcodes.Identify, eachRound: () => _clock.Advance(TimeSpan.FromMilliseconds(250)));
        var stubs = string.Join(",", guilds.Select(g => $$"""{"id":"{{g}}","unavailable":true}"""));
        socket.Send($$"""
            {"op":0,"s":1,"t":"READY","d":{"v":10,"user":{"id":"80351110224678912","username":"CommunityBot","bot":true},
            "guilds":[{{stubs}}],"session_id":"session-{{connection}}","resume_gateway_url":"wss://resume.example",
            "application":{"id":"80351110224678912","flags":0} } }
            """);
        await Wait.UntilAsync(() => _client.SessionId == $"session-{connection}", "READY processed");
        return socket;
    }

    private static string GuildCreate(ulong id) =>
        $$"""{"id":"{{id}}","name":"G{{id}}","owner_id":"1","roles":[],"member_count":1,"members":[],"channels":[],"threads":[]}""";

    [Test]
    public async Task GuildsReady_WaitsForEveryGuildCreate_ThenSignalsOnceWithNothingMissing()
    {
        var socket = await ReadyWithGuildsAsync(1, GuildA, GuildB);
        Assert.That(_client.AreGuildsReady, Is.False, "READY alone is not ready: its guilds are unavailable stubs");

        socket.Dispatch("GUILD_CREATE", 2, GuildCreate(GuildA));
        await Wait.UntilAsync(() => _client.LastSequence == 2, "first GUILD_CREATE read");
        Assert.That(_client.AreGuildsReady, Is.False, "one guild still missing");

        socket.Dispatch("GUILD_CREATE", 3, GuildCreate(GuildB));
        await Wait.UntilAsync(() => _client.GuildStartupResult is not null, "start-up over");
        Assert.That(_client.AreGuildsReady, Is.True);
        var info = _client.GuildStartupResult!;
        Assert.That(info.Expected, Is.EqualTo(2));
        Assert.That(info.Missing, Is.Empty);
        Assert.That(info.TimedOut, Is.False);

        // A repeated GUILD_CREATE later (e.g. after an outage) does not signal again.
        socket.Dispatch("GUILD_CREATE", 4, GuildCreate(GuildB));
        await Wait.UntilAsync(() => _client.LastSequence == 4, "repeat read");
        Assert.That(_client.GuildStartupResult, Is.SameAs(info), "start-up ended once");
    }

    [Test]
    public async Task AGuildThatNeverArrives_IsGivenUpOnAfterTheTimeout_AndNamed()
    {
        var socket = await ReadyWithGuildsAsync(1, GuildA, GuildB);
        // GUILD_DELETE with unavailable:true (an outage) also settles that guild's start-up.
        socket.Dispatch("GUILD_DELETE", 2, $$"""{"id":"{{GuildA}}","unavailable":true}""");
        await Wait.UntilAsync(() => _client.LastSequence == 2, "GUILD_DELETE read");

        _clock.Advance(TimeSpan.FromSeconds(14));
        Assert.That(_client.AreGuildsReady, Is.False, "still within the timeout");
        _clock.Advance(TimeSpan.FromSeconds(1));

        await Wait.UntilAsync(() => _client.GuildStartupResult is not null, "start-up ended by the timeout");
        var info = _client.GuildStartupResult!;
        Assert.That(info.TimedOut, Is.True);
        Assert.That(info.Missing, Is.EqualTo(new[] { GuildB }));
        Assert.That(_client.AreGuildsReady, Is.True);
        Assert.That(_log.Invocations.Where(i => i.Method.Name == nameof(ILogger.Log) && (LogLevel)i.Arguments[0] == LogLevel.Warning)
            .Select(i => i.Arguments[2]!.ToString()), Has.Some.Contains(GuildB.ToString()));
    }

    [Test]
    public async Task ANewSession_StartsANewCount_WhileAResumeKeepsTheRunningOne()
    {
        var first = await ReadyWithGuildsAsync(1, GuildA);
        first.Dispatch("GUILD_CREATE", 2, GuildCreate(GuildA));
        await Wait.UntilAsync(() => _client.AreGuildsReady, "first session's guilds");

        first.Close(4009); // session timed out: identify anew
        var second = await ReadyWithGuildsAsync(2, GuildA, GuildB);
        Assert.That(_client.AreGuildsReady, Is.False, "a new READY starts over");
        second.Dispatch("GUILD_CREATE", 2, GuildCreate(GuildA));
        await Wait.UntilAsync(() => _client.LastSequence == 2, "GUILD_CREATE A read");

        second.Drop(); // resumable: the replay after RESUME brings guild B
        var third = await _sockets.WaitForSocketAsync(3, () => _clock.Advance(TimeSpan.FromMilliseconds(250)));
        third.Hello();
        await third.WaitForSentAsync(GatewayOpcodes.Resume);
        third.Dispatch("GUILD_CREATE", 3, GuildCreate(GuildB));
        third.Dispatch("RESUMED", 4, "{}");
        await Wait.UntilAsync(() => _client.GuildStartupResult is { Expected: 2 }, "second session's start-up over");
        Assert.That(_client.GuildStartupResult!.Missing, Is.Empty);
        Assert.That(_client.AreGuildsReady, Is.True);
    }
}

/// <summary>The same against the stand-in over real sockets: READY, then the guild, then the end of start-up.</summary>
[Category("Protocol")]
public class GuildStartupLiveTests
{
    [Test]
    public async Task StandIn_GuildCreateAfterReady_CompletesStartup_AndTheGuildIsQueuedFirst()
    {
        await using var live = await LiveDiscord.StartAsync();

        await live.WaitForAsync(() => live.Gateway.GuildStartupResult is not null, "start-up over");
        var info = live.Gateway.GuildStartupResult!;
        Assert.That(info.Expected, Is.EqualTo(1));
        Assert.That(info.Missing, Is.Empty);
        Assert.That(live.Gateway.AreGuildsReady, Is.True);
        await live.WaitForAsync(() => live.ReceivedOf<GuildCreateEvent>().Any(g => g.Guild.Id == live.Guild.Id), "GUILD_CREATE consumed");
        live.AssertClean();
    }
}
