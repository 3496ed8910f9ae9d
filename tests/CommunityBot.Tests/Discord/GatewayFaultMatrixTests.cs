using System.Text.Json.Nodes;
using CommunityBot.Discord.Gateway;
using CommunityBot.Tests.Discord.Fakes;
using Microsoft.Extensions.Logging;

namespace CommunityBot.Tests.Discord;

/// <summary>
/// Our gateway client against the loopback stand-in over real WebSockets, one fault at a time; every fault once
/// with plain JSON frames and once with zlib-stream transport compression (a new inflate context per connection).
/// </summary>
[Category("Protocol")]
[NonParallelizable]
[TestFixture(GatewayCompression.None)]
[TestFixture(GatewayCompression.ZlibStream)]
public class GatewayFaultMatrixTests(GatewayCompression compression)
{
    private LiveDiscord? _live;

    [TearDown]
    public async Task TearDown()
    {
        if (_live is null) return;
        try
        {
            if (TestContext.CurrentContext.Result.Outcome.Status != NUnit.Framework.Interfaces.TestStatus.Failed) _live.AssertClean();
        }
        finally
        {
            await _live.DisposeAsync();
        }
    }

    private async Task<LiveDiscord> StartAsync(int heartbeatMs = 300, Func<double>? jitter = null)
    {
        _live = await LiveDiscord.StartAsync(heartbeatMs, jitter: jitter, configure: o => o.GatewayCompression = compression);
        Assert.That(_live.StandIn.IdentifyCount, Is.EqualTo(1));
        return _live;
    }

    private static async Task AssertStillFlowingAsync(LiveDiscord live, string marker)
    {
        await live.PostAsync(marker);
        await live.WaitForAsync(() => live.MessageContents.Contains(marker), $"MESSAGE_CREATE '{marker}'");
    }

    [Test]
    public async Task DroppedConnection_IsResumed_KeepingTheSequence_AndLosingNoDispatch()
    {
        var live = await StartAsync();
        for (var i = 1; i <= 3; i++) await live.PostAsync($"before {i}");
        await live.WaitForAsync(() => live.MessageContents.Count() == 3, "three messages");
        var sessionId = live.Gateway.SessionId;

        await live.StandIn.Faults.DropConnectionAsync();
        for (var i = 1; i <= 3; i++) await live.PostAsync($"during {i}");
        await live.WaitForAsync(() => live.MessageContents.Count() >= 6 && live.StandIn.ResumeCount >= 1, "replayed messages after RESUME");

        Assert.That(live.MessageContents, Is.EqualTo(new[] { "before 1", "before 2", "before 3", "during 1", "during 2", "during 3" }));
        var sequences = live.Received.Where(e => e is not ResumedEvent).Select(e => e.Sequence).ToList();
        Assert.That(sequences, Is.Ordered.Ascending.And.Unique, "no dispatch twice, none out of order");
        Assert.That(live.Gateway.SessionId, Is.EqualTo(sessionId));
        Assert.That(live.StandIn.IdentifyCount, Is.EqualTo(1));
        Assert.That(live.ReceivedOf<ResumedEvent>(), Is.Not.Empty);
    }

    [Test]
    public async Task MissingAcks_AreAZombie_ResumedAtResumeGatewayUrl()
    {
        var live = await StartAsync(heartbeatMs: 200);
        live.StandIn.Faults.StopAcking = true;

        await live.WaitForAsync(() => live.StandIn.ConnectionCount >= 2, "a reconnect after missed ACKs");
        live.StandIn.Faults.StopAcking = false;
        await live.WaitForAsync(() => live.StandIn.ResumeCount >= 1 && live.Gateway.IsConnected, "RESUME");

        // The stand-in flags a RESUME sent anywhere but resume_gateway_url; a 1000/1001 close would have killed the session.
        Assert.That(live.StandIn.IdentifyCount, Is.EqualTo(1));
        Assert.That(live.Log.Lines.Select(l => l.Text), Has.Some.Contains("zombie"));
        await AssertStillFlowingAsync(live, "after zombie");
    }

    [Test]
    public async Task Reconnect_Op7_IsResumed()
    {
        var live = await StartAsync();
        await live.StandIn.Faults.SendReconnectAsync();

        await live.WaitForAsync(() => live.StandIn.ResumeCount == 1 && live.Gateway.IsConnected, "RESUME after op 7");
        Assert.That(live.StandIn.IdentifyCount, Is.EqualTo(1));
        await AssertStillFlowingAsync(live, "after op 7");
    }

    [Test]
    public async Task Reconnect_Op7BeforeHello_IsResumed()
    {
        var live = await StartAsync();
        live.StandIn.Faults.SendReconnectBeforeHello = true;
        await live.StandIn.Faults.DropConnectionAsync();

        await live.WaitForAsync(() => live.StandIn.ConnectionCount >= 3 && live.StandIn.ResumeCount >= 1 && live.Gateway.IsConnected, "RESUME after an early op 7");
        Assert.That(live.StandIn.IdentifyCount, Is.EqualTo(1));
        await AssertStillFlowingAsync(live, "after early op 7");
    }

    [Test]
    public async Task InvalidSession_Resumable_IsResumed()
    {
        var live = await StartAsync();
        await live.StandIn.Faults.SendInvalidSessionAsync(resumable: true);

        await live.WaitForAsync(() => live.StandIn.ResumeCount == 1 && live.Gateway.IsConnected, "RESUME after op 9 true");
        Assert.That(live.StandIn.IdentifyCount, Is.EqualTo(1));
    }

    [Test]
    public async Task InvalidSession_NotResumable_IdentifiesANewSession()
    {
        var live = await StartAsync();
        var oldSession = live.Gateway.SessionId;
        await live.StandIn.Faults.SendInvalidSessionAsync(resumable: false);

        await live.WaitForAsync(() => live.StandIn.IdentifyCount == 2 && live.Gateway.IsConnected && live.Gateway.SessionId != oldSession, "a new session");
        Assert.That(live.StandIn.ResumeCount, Is.Zero);
        await AssertStillFlowingAsync(live, "after op 9 false");
    }

    [Test]
    public async Task HeartbeatRequest_Op1_IsAnsweredAtOnce()
    {
        var live = await StartAsync(heartbeatMs: 20_000, jitter: () => 0.99); // the regular first beat is ~19.8 s away
        Assert.That(live.StandIn.HeartbeatCount, Is.Zero);

        await live.StandIn.Faults.SendHeartbeatRequestAsync();

        await live.WaitForAsync(() => live.StandIn.HeartbeatCount == 1, "an immediate heartbeat", TimeSpan.FromSeconds(3));
        Assert.That(live.StandIn.LastHeartbeatSeq, Is.EqualTo(live.Gateway.LastSequence));
    }

    [TestCase(4000)]
    [TestCase(4001)]
    [TestCase(4002)]
    [TestCase(4005)]
    [TestCase(4006)]
    [TestCase(4008)]
    public async Task ResumableCloseCodes_Resume(int code)
    {
        var live = await StartAsync();
        await live.StandIn.Faults.CloseAsync(code);

        await live.WaitForAsync(() => live.StandIn.ResumeCount == 1 && live.Gateway.IsConnected, $"RESUME after {code}");
        Assert.That(live.StandIn.IdentifyCount, Is.EqualTo(1));
        await AssertStillFlowingAsync(live, $"after {code}");
    }

    [TestCase(4003)]
    [TestCase(4007)]
    [TestCase(4009)]
    public async Task SessionEndingCloseCodes_IdentifyAgain(int code)
    {
        var live = await StartAsync();
        await live.StandIn.Faults.CloseAsync(code);

        await live.WaitForAsync(() => live.StandIn.IdentifyCount == 2 && live.Gateway.IsConnected, $"IDENTIFY after {code}");
        Assert.That(live.StandIn.ResumeCount, Is.Zero);
        await AssertStillFlowingAsync(live, $"after {code}");
    }

    [TestCase(4004)]
    [TestCase(4010)]
    [TestCase(4011)]
    [TestCase(4012)]
    [TestCase(4013)]
    [TestCase(4014)]
    public async Task FatalCloseCodes_StopRunAsync_AfterExactlyOneConnection(int code)
    {
        var live = await StartAsync();
        await live.StandIn.Faults.CloseAsync(code);

        var ex = Assert.ThrowsAsync<GatewayFatalException>(async () => await live.Run.WaitAsync(TimeSpan.FromSeconds(10)));
        Assert.That(ex!.CloseCode, Is.EqualTo(code));
        Assert.That(live.StandIn.ConnectionCount, Is.EqualTo(1), "never loops on a fatal close code");
        Assert.That(live.Log.Lines.Count(l => l.Level == LogLevel.Critical), Is.EqualTo(1), "one clear log line");
    }

    [Test]
    public async Task WrongToken_IsRejectedWith4004_AndNeverRetried()
    {
        _live = await LiveDiscord.StartAsync(connect: false, configure: o =>
        {
            o.Token = "not-the-token";
            o.GatewayCompression = compression;
        });
        _live.Options.GatewayUrl = _live.StandIn.GatewayUrl; // skip /gateway/bot, which would already answer 401
        await _live.ConnectAsync(waitForReady: false);

        var ex = Assert.ThrowsAsync<GatewayFatalException>(async () => await _live.Run.WaitAsync(TimeSpan.FromSeconds(10)));
        Assert.That(ex!.CloseCode, Is.EqualTo(4004));
        Assert.That(_live.StandIn.ConnectionCount, Is.EqualTo(1));
        Assert.That(_live.Log.Lines.Single(l => l.Level == LogLevel.Critical).Text, Does.Contain("Discord__Token"));
        Assert.That(_live.Log.Lines.Select(l => l.Text), Has.None.Contains("not-the-token"), "the token is never logged");
        Assert.That(_live.StandIn.ProtocolViolations, Has.All.Contains("wrong token"), "the only complaint is the token we meant to get wrong");
        await _live.DisposeAsync();
        _live = null;
    }

    [Test]
    public async Task UnapprovedPrivilegedIntent_IsRejectedWith4014_AndNeverRetried()
    {
        _live = await LiveDiscord.StartAsync(connect: false, tweak: o => new CommunityBot.StandIn.StandInOptions
        {
            Token = o.Token, OpenApiSpecPath = o.OpenApiSpecPath, HeartbeatIntervalMs = o.HeartbeatIntervalMs, ApprovedPrivilegedIntents = 0,
        }, configure: o => o.GatewayCompression = compression);
        await _live.ConnectAsync(waitForReady: false);

        var ex = Assert.ThrowsAsync<GatewayFatalException>(async () => await _live.Run.WaitAsync(TimeSpan.FromSeconds(10)));
        Assert.That(ex!.CloseCode, Is.EqualTo(4014));
        Assert.That(_live.StandIn.ConnectionCount, Is.EqualTo(1));
        Assert.That(_live.Log.Lines.Single(l => l.Level == LogLevel.Critical).Text, Does.Contain("Developer Portal"));
    }

    [Test]
    public async Task UnknownDispatch_IsPassedOn_AndTheSessionContinues()
    {
        var live = await StartAsync();
        await live.StandIn.Faults.SendRawDispatchAsync("BRAND_NEW_EVENT", JsonNode.Parse("""{"id":"1","whatever":[1,2,3]}""")!);

        await AssertStillFlowingAsync(live, "after the unknown event");
        var unknown = live.ReceivedOf<UnknownDispatchEvent>().Single(e => e.Name == "BRAND_NEW_EVENT");
        Assert.That(unknown.Data.GetProperty("whatever").GetArrayLength(), Is.EqualTo(3));
        Assert.That(live.StandIn.ConnectionCount, Is.EqualTo(1));
    }

    [Test]
    public async Task Handshake_UsesVersionEncodingRawTokenAndCommunityIntents()
    {
        var live = await StartAsync();

        var identify = live.StandIn.LastIdentify!.Value; // the IDENTIFY payload's d
        Assert.That(identify.GetProperty("token").GetString(), Is.EqualTo(live.Options.Token));
        Assert.That(identify.GetProperty("intents").GetInt32(), Is.EqualTo((int)GatewayIntents.Community));
        Assert.That(live.ReceivedOf<ReadyEvent>().Single().ResumeGatewayUrl, Is.EqualTo(live.StandIn.ResumeGatewayUrl));
        await live.WaitForAsync(() => live.ReceivedOf<GuildCreateEvent>().Any(), "GUILD_CREATE");
        Assert.That(live.ReceivedOf<GuildCreateEvent>().Single().Guild.Id, Is.EqualTo(live.Guild.Id));
        Assert.That(live.Gateway.ApplicationId, Is.EqualTo(live.StandIn.ApplicationId));
        Assert.That(live.StandIn.CompressedConnectionCount, Is.EqualTo(compression == GatewayCompression.ZlibStream ? 1 : 0));
    }
}
