using System.Text.Json;
using CommunityBot.Discord;
using CommunityBot.Discord.Gateway;
using CommunityBot.Discord.Models;
using CommunityBot.Discord.Rest;
using CommunityBot.Tests.Discord.Fakes;
using Microsoft.Extensions.Logging;
using Moq;

namespace CommunityBot.Tests.Discord;

/// <summary>The gateway state machine (checklist §1) against a scripted fake server and a manual clock.</summary>
[Category("Protocol")]
public class GatewaySessionTests
{
    private const string Token = "raw.token.value";
    private const string GatewayUrl = "wss://gateway.example";

    private ManualTimeProvider _clock = null!;
    private FakeGatewaySocketFactory _sockets = null!;
    private Mock<IDiscordRestClient> _rest = null!;
    private Mock<ILogger> _log = null!;
    private DiscordGatewayClient _client = null!;
    private CancellationTokenSource _stop = null!;
    private Task _run = null!;
    private double _jitter;
    private DiscordClientOptions _options = null!;

    [SetUp]
    public void SetUp()
    {
        _clock = new ManualTimeProvider();
        _sockets = new FakeGatewaySocketFactory();
        _rest = new Mock<IDiscordRestClient>();
        _rest.Setup(r => r.GetGatewayBotAsync(It.IsAny<CancellationToken>())).ReturnsAsync(new GatewayBotInfo
        {
            Url = GatewayUrl, Shards = 1,
            SessionStartLimit = new SessionStartLimit { Total = 1000, Remaining = 999, ResetAfter = 14_400_000, MaxConcurrency = 1 },
        });
        _log = new Mock<ILogger>();
        _log.Setup(l => l.IsEnabled(It.IsAny<LogLevel>())).Returns(true);
        _jitter = 0.5;
        _options = new DiscordClientOptions { Token = Token, Intents = GatewayIntents.Guilds | GatewayIntents.GuildMembers, ShardId = 0, ShardCount = 1, EventQueueCapacity = 100 };
        _stop = new CancellationTokenSource();
    }

    [TearDown]
    public async Task TearDown()
    {
        await _stop.CancelAsync();
        if (_run is not null)
        {
            try { await _run.WaitAsync(TimeSpan.FromSeconds(5)); }
            catch (Exception) { /* the test already asserted what it needed */ }
        }
        _stop.Dispose();
    }

    private GatewayTimings _timings = GatewayTimings.Default with { BackoffBase = TimeSpan.FromSeconds(1) };

    private void Start()
    {
        _client = new DiscordGatewayClient(_options, _rest.Object, _log.Object, _sockets, _clock, () => _jitter, _timings);
        _run = Task.Run(() => _client.RunAsync(_stop.Token));
    }

    /// <summary>Connection #n: HELLO, expect IDENTIFY, answer READY.</summary>
    private async Task<FakeGatewaySocket> IdentifiedAsync(int number = 1, int readySeq = 1)
    {
        var socket = await _sockets.WaitForSocketAsync(number, () => _clock.Advance(TimeSpan.FromMilliseconds(250)));
        socket.Hello();
        await socket.WaitForSentAsync(GatewayOpcodes.Identify);
        socket.Ready(seq: readySeq);
        await Wait.UntilAsync(() => _client.IsConnected && _client.SessionId == "session-1", "READY processed");
        return socket;
    }

    private List<string> LoggedText() =>
        _log.Invocations.Where(i => i.Method.Name == nameof(ILogger.Log)).Select(i => i.Arguments[2]?.ToString() ?? "").ToList();

    private async Task<GatewayEvent> NextEventAsync() => await _client.Events.ReadAsync().AsTask().WithTimeout("an event");

    // ---- connect, identify, heartbeat ---------------------------------------------------------

    [Test]
    public async Task Identify_GoesToTheGatewayBotUrl_WithRawTokenIntentsShardAndProperties()
    {
        Start();
        var socket = await _sockets.WaitForSocketAsync(1);
        socket.Hello();
        var identify = (await socket.WaitForSentAsync(GatewayOpcodes.Identify)).GetProperty("d");

        Assert.That(socket.ConnectedTo!.ToString(), Is.EqualTo("wss://gateway.example/?v=10&encoding=json"));
        Assert.That(identify.GetProperty("token").GetString(), Is.EqualTo(Token), "no Bot prefix on the gateway");
        Assert.That(identify.GetProperty("intents").GetInt32(), Is.EqualTo(3));
        Assert.That(identify.GetProperty("shard").EnumerateArray().Select(e => e.GetInt32()), Is.EqualTo(new[] { 0, 1 }));
        Assert.That(identify.GetProperty("large_threshold").GetInt32(), Is.EqualTo(50));
        var properties = identify.GetProperty("properties");
        Assert.That(new[] { "os", "browser", "device" }.Select(p => properties.GetProperty(p).GetString()), Is.All.Not.Empty);
        Assert.That(LoggedText(), Has.None.Contains(Token));
    }

    [Test]
    public async Task FirstHeartbeat_WaitsIntervalTimesJitter_ThenEveryInterval()
    {
        _jitter = 0.25;
        Start();
        var socket = await _sockets.WaitForSocketAsync(1);
        socket.Hello(intervalMs: 1000);
        await Wait.UntilAsync(() => _clock.DueTimes.Contains(TimeSpan.FromMilliseconds(250)), "first-beat timer of interval * jitter");
        Assert.That(socket.SentWithOp(GatewayOpcodes.Heartbeat), Is.Empty);

        _clock.Advance(TimeSpan.FromMilliseconds(250));
        var first = await socket.WaitForSentAsync(GatewayOpcodes.Heartbeat);
        Assert.That(first.GetProperty("d").ValueKind, Is.EqualTo(JsonValueKind.Null), "no sequence yet");

        socket.Ack();
        socket.Ready(seq: 5);
        await Wait.UntilAsync(() => _client.LastSequence == 5, "sequence tracked");
        await Wait.UntilAsync(() => _clock.DueTimes.Count(d => d == TimeSpan.FromSeconds(1)) >= 1, "interval timer");
        _clock.Advance(TimeSpan.FromSeconds(1));
        var second = await socket.WaitForSentAsync(GatewayOpcodes.Heartbeat, 2);
        Assert.That(second.GetProperty("d").GetInt32(), Is.EqualTo(5), "heartbeats carry the last sequence");
    }

    [Test]
    public async Task JitteredFirstBeat_StaysWithinTheInterval([Values(0.0, 0.5, 0.999)] double jitter)
    {
        _jitter = jitter;
        Start();
        var socket = await _sockets.WaitForSocketAsync(1);
        socket.Hello(intervalMs: 40_000);
        await socket.WaitForSentAsync(GatewayOpcodes.Identify);

        var expected = TimeSpan.FromMilliseconds(40_000 * jitter);
        if (jitter > 0) await Wait.UntilAsync(() => _clock.DueTimes.Contains(expected), $"first beat after {expected}");
        else await socket.WaitForSentAsync(GatewayOpcodes.Heartbeat);
        Assert.That(expected, Is.LessThan(TimeSpan.FromSeconds(40)));
    }

    [Test]
    public async Task ServerHeartbeatRequest_IsAnsweredImmediately()
    {
        Start();
        var socket = await IdentifiedAsync();
        Assert.That(socket.SentWithOp(GatewayOpcodes.Heartbeat), Is.Empty, "the jittered first beat is not due yet");

        socket.Send("""{"op":1,"d":null}""");

        var beat = await socket.WaitForSentAsync(GatewayOpcodes.Heartbeat);
        Assert.That(beat.GetProperty("d").GetInt32(), Is.EqualTo(1));
    }

    [Test]
    public async Task HeartbeatAck_RaisesHeartbeatAcknowledged()
    {
        var acked = new TaskCompletionSource<GatewayHeartbeat>(TaskCreationOptions.RunContinuationsAsynchronously);
        Start();
        _client.HeartbeatAcknowledged += beat => acked.TrySetResult(beat);
        var socket = await IdentifiedAsync();
        socket.Send("""{"op":1,"d":null}""");
        await socket.WaitForSentAsync(GatewayOpcodes.Heartbeat);

        socket.Ack();

        var heartbeat = await acked.Task.WithTimeout("HeartbeatAcknowledged");
        Assert.That(heartbeat.Latency, Is.GreaterThanOrEqualTo(TimeSpan.Zero));
    }

    [Test]
    public async Task MissingAck_IsAZombie_ClosedWithNon1000Code_AndResumedAtResumeUrl()
    {
        _jitter = 0;
        Start();
        var first = await IdentifiedAsync();
        first.Hello(intervalMs: 1000); // a second HELLO restarts the loop; jitter 0 → immediate beat
        await first.WaitForSentAsync(GatewayOpcodes.Heartbeat);

        // No ACK: the next beat finds the previous one unanswered.
        await Wait.UntilAsync(() => first.ClosedByClient.IsCompleted, "zombie close", eachRound: () => _clock.Advance(TimeSpan.FromMilliseconds(200)));
        Assert.That(await first.ClosedByClient, Is.Not.EqualTo(1000).And.Not.EqualTo(1001));

        var second = await _sockets.WaitForSocketAsync(2);
        Assert.That(second.ConnectedTo!.ToString(), Is.EqualTo("wss://resume.example/?v=10&encoding=json"));
        second.Hello(intervalMs: 1000);
        var resume = (await second.WaitForSentAsync(GatewayOpcodes.Resume)).GetProperty("d");
        Assert.That(resume.GetProperty("token").GetString(), Is.EqualTo(Token));
        Assert.That(resume.GetProperty("session_id").GetString(), Is.EqualTo("session-1"));
        Assert.That(resume.GetProperty("seq").GetInt32(), Is.EqualTo(1));
        Assert.That(second.SentWithOp(GatewayOpcodes.Identify), Is.Empty);

        // The new connection starts with a clean awaiting-ACK flag: an answered beat is not a zombie.
        await second.WaitForSentAsync(GatewayOpcodes.Heartbeat);
        second.Ack();
        await Wait.UntilAsync(() => second.SentWithOp(GatewayOpcodes.Heartbeat).Count() >= 2, "second beat", eachRound: () => _clock.Advance(TimeSpan.FromMilliseconds(100)));
        Assert.That(second.ClosedByClient.IsCompleted, Is.False);
    }

    // ---- op 7 / op 9 --------------------------------------------------------------------------

    [Test]
    public async Task Reconnect_EvenBeforeHello_ResumesAtResumeUrl()
    {
        Start();
        var first = await IdentifiedAsync();
        first.Send("""{"op":7,"d":null}""");
        Assert.That(await first.ClosedByClient.WithTimeout("close after op 7"), Is.EqualTo(4000));

        var second = await _sockets.WaitForSocketAsync(2);
        second.Send("""{"op":7,"d":null}"""); // before HELLO
        Assert.That(await second.ClosedByClient.WithTimeout("close after early op 7"), Is.EqualTo(4000));

        // That connection never reached a session, so the next attempt backs off first.
        var third = await _sockets.WaitForSocketAsync(3, () => _clock.Advance(TimeSpan.FromMilliseconds(250)));
        Assert.That(third.ConnectedTo!.Host, Is.EqualTo("resume.example"));
        third.Hello();
        await third.WaitForSentAsync(GatewayOpcodes.Resume);
        third.Dispatch("RESUMED", 2, "{}");
        await Wait.UntilAsync(() => _client.IsConnected, "RESUMED");
    }

    [Test]
    public async Task InvalidSessionResumable_Resumes()
    {
        Start();
        var first = await IdentifiedAsync();
        first.Send("""{"op":9,"d":true}""");

        var second = await _sockets.WaitForSocketAsync(2);
        Assert.That(second.ConnectedTo!.Host, Is.EqualTo("resume.example"));
        second.Hello();
        await second.WaitForSentAsync(GatewayOpcodes.Resume);
    }

    [Test]
    public async Task InvalidSessionNotResumable_WaitsOneToFiveSeconds_ThenIdentifiesAtTheCachedUrl()
    {
        Start();
        var first = await IdentifiedAsync();
        first.Send("""{"op":9,"d":false}""");
        await first.ClosedByClient.WithTimeout("close after op 9");

        var expectedWait = TimeSpan.FromSeconds(1 + 4 * _jitter);
        await Wait.UntilAsync(() => _clock.DueTimes.Contains(expectedWait), "the 1–5 s wait");
        Assert.That(_sockets.Created, Has.Count.EqualTo(1));
        _clock.Advance(expectedWait);

        var second = await _sockets.WaitForSocketAsync(2, () => _clock.Advance(TimeSpan.FromSeconds(1)));
        Assert.That(second.ConnectedTo!.Host, Is.EqualTo("gateway.example"));
        Assert.That(_client.SessionId, Is.Null);
        second.Hello();
        await second.WaitForSentAsync(GatewayOpcodes.Identify, what: "a fresh IDENTIFY (after the 5 s identify window)",
            eachRound: () => _clock.Advance(TimeSpan.FromMilliseconds(500)));
        Assert.That(second.SentWithOp(GatewayOpcodes.Resume), Is.Empty);
        _rest.Verify(r => r.GetGatewayBotAsync(It.IsAny<CancellationToken>()), Times.Once, "the gateway url is cached");
    }

    // ---- close codes (checklist §1.11) ----------------------------------------------------------

    [TestCase(4000)]
    [TestCase(4001)]
    [TestCase(4002)]
    [TestCase(4005)]
    [TestCase(4008)]
    [TestCase(1000)]
    [TestCase(1001)]
    [TestCase(1006)]
    public async Task ResumableCloseCodes_Resume(int code)
    {
        Start();
        var first = await IdentifiedAsync();
        first.Close(code);

        var second = await _sockets.WaitForSocketAsync(2);
        Assert.That(second.ConnectedTo!.Host, Is.EqualTo("resume.example"));
        second.Hello();
        await second.WaitForSentAsync(GatewayOpcodes.Resume);
        Assert.That(second.SentWithOp(GatewayOpcodes.Identify), Is.Empty);
    }

    [TestCase(4003)]
    [TestCase(4007)]
    [TestCase(4009)]
    public async Task SessionEndingCloseCodes_StartANewSession(int code)
    {
        Start();
        var first = await IdentifiedAsync();
        first.Close(code);

        var second = await _sockets.WaitForSocketAsync(2, () => _clock.Advance(TimeSpan.FromSeconds(1)));
        Assert.That(second.ConnectedTo!.Host, Is.EqualTo("gateway.example"));
        second.Hello();
        await second.WaitForSentAsync(GatewayOpcodes.Identify, what: "IDENTIFY after the 5 s identify window",
            eachRound: () => _clock.Advance(TimeSpan.FromMilliseconds(500)));
        Assert.That(second.SentWithOp(GatewayOpcodes.Resume), Is.Empty);
    }

    [TestCase(4004, "Discord__Token")]
    [TestCase(4010, "shard")]
    [TestCase(4011, "Sharding required")]
    [TestCase(4012, "API version")]
    [TestCase(4013, "intents")]
    [TestCase(4014, "Developer Portal")]
    public async Task FatalCloseCodes_StopWithOneClearLine_AfterOneConnection(int code, string hint)
    {
        Start();
        var socket = await _sockets.WaitForSocketAsync(1);
        socket.Hello();
        await socket.WaitForSentAsync(GatewayOpcodes.Identify);
        socket.Close(code, "rejected");

        var ex = Assert.ThrowsAsync<GatewayFatalException>(async () => await _run.WithTimeout("RunAsync to stop"));
        Assert.That(ex!.CloseCode, Is.EqualTo(code));
        Assert.That(_sockets.Created, Has.Count.EqualTo(1), "never loops on a fatal code");
        var critical = _log.Invocations.Where(i => i.Method.Name == nameof(ILogger.Log) && (LogLevel)i.Arguments[0] == LogLevel.Critical).ToList();
        Assert.That(critical, Has.Count.EqualTo(1));
        Assert.That(critical[0].Arguments[2].ToString(), Does.Contain(hint).IgnoreCase);
        Assert.That(_client.Events.Completion.IsCompleted, Is.True);
    }

    [Test]
    public async Task DroppedConnectionWithoutCloseFrame_Resumes()
    {
        Start();
        var first = await IdentifiedAsync();
        first.Drop();

        var second = await _sockets.WaitForSocketAsync(2);
        Assert.That(second.ConnectedTo!.Host, Is.EqualTo("resume.example"));
    }

    [Test]
    public async Task FailedResumeConnects_KeepResumingWithBackoff_ForTheRetryWindow_ThenIdentifyAtTheCachedUrl()
    {
        _timings = _timings with { ResumeRetryWindow = TimeSpan.FromSeconds(5) };
        Start();
        var first = await IdentifiedAsync();
        _sockets.Next = () => new FakeGatewaySocket { FailConnectWith = new IOException("refused") };
        var droppedAt = _clock.GetUtcNow();
        first.Drop();

        // Discord keeps the session resumable for a while: failed connects to resume_gateway_url are retried with backoff
        // (0.75 s, 1.5 s, 3 s with this jitter), not given up after the first.
        for (var n = 2; n <= 5; n++)
        {
            var attempt = await _sockets.WaitForSocketAsync(n, () => _clock.Advance(TimeSpan.FromMilliseconds(250)));
            Assert.That(attempt.ConnectedTo!.Host, Is.EqualTo("resume.example"), $"attempt {n}");
        }
        Assert.That(_clock.GetUtcNow() - droppedAt, Is.GreaterThanOrEqualTo(TimeSpan.FromSeconds(5)), "the fifth attempt ends the 5 s window");
        _sockets.Next = null;

        // G § Handling a Disconnect: the window is over, so the session is given up for a fresh one at the cached url.
        var fresh = await _sockets.WaitForSocketAsync(6, () => _clock.Advance(TimeSpan.FromMilliseconds(250)));
        Assert.That(fresh.ConnectedTo!.Host, Is.EqualTo("gateway.example"));
        fresh.Hello();
        await fresh.WaitForSentAsync(GatewayOpcodes.Identify, what: "IDENTIFY after the 5 s identify window",
            eachRound: () => _clock.Advance(TimeSpan.FromMilliseconds(500)));
        Assert.That(fresh.SentWithOp(GatewayOpcodes.Resume), Is.Empty);
        _rest.Verify(r => r.GetGatewayBotAsync(It.IsAny<CancellationToken>()), Times.Once, "the cached url is reused");
    }

    [Test]
    public async Task ARefusedResumeConnect_ThenASuccessfulOne_Resumes()
    {
        Start();
        var first = await IdentifiedAsync();
        _sockets.Next = () => new FakeGatewaySocket { FailConnectWith = new IOException("refused") };
        first.Drop();
        await _sockets.WaitForSocketAsync(2);
        _sockets.Next = null;

        var third = await _sockets.WaitForSocketAsync(3, () => _clock.Advance(TimeSpan.FromMilliseconds(250)));
        Assert.That(third.ConnectedTo!.Host, Is.EqualTo("resume.example"));
        third.Hello();
        var resume = await third.WaitForSentAsync(GatewayOpcodes.Resume);
        Assert.That(resume.GetProperty("d").GetProperty("session_id").GetString(), Is.EqualTo("session-1"));
        Assert.That(third.SentWithOp(GatewayOpcodes.Identify), Is.Empty);
    }

    [Test]
    public async Task AnOp9BeforeReady_IsNotAFailedConnection_NoBackoffOnTopOfItsWait()
    {
        Start();
        var first = await IdentifiedAsync();
        first.Send("""{"op":9,"d":false}""");
        var wait = TimeSpan.FromSeconds(1 + 4 * _jitter);
        await Wait.UntilAsync(() => _clock.DueTimes.Contains(wait), "the 1–5 s wait");
        _clock.Advance(wait);
        var second = await _sockets.WaitForSocketAsync(2, () => _clock.Advance(TimeSpan.FromSeconds(1)));
        second.Hello();
        await second.WaitForSentAsync(GatewayOpcodes.Identify, eachRound: () => _clock.Advance(TimeSpan.FromMilliseconds(500)));

        // Refused again before READY (an identify Discord would not take yet): op 9's own wait, and nothing more.
        second.Send("""{"op":9,"d":false}""");
        await second.ClosedByClient.WithTimeout("close after op 9");
        await Wait.UntilAsync(() => _clock.DueTimes.Contains(wait), "the 1–5 s wait again");
        _clock.Advance(wait);
        await _sockets.WaitForSocketAsync(3);
        Assert.That(_clock.DueTimes.Where(d => d == TimeSpan.FromSeconds(0.75)), Is.Empty, "no reconnect backoff was scheduled");
    }

    [Test]
    public async Task FailedConnects_BackOffExponentially_AndResetAfterSuccess()
    {
        _sockets.Next = () => new FakeGatewaySocket { FailConnectWith = new IOException("refused") };
        _jitter = 1.0 - 1e-9; // backoff factor ≈ 1
        Start();
        await _sockets.WaitForSocketAsync(1);
        await Wait.UntilAsync(() => _clock.DueTimes.Any(d => Math.Abs(d.TotalSeconds - 1) < 0.01), "1 s backoff");
        _clock.Advance(TimeSpan.FromSeconds(1));
        await _sockets.WaitForSocketAsync(2);
        await Wait.UntilAsync(() => _clock.DueTimes.Any(d => Math.Abs(d.TotalSeconds - 2) < 0.01), "2 s backoff");
        _clock.Advance(TimeSpan.FromSeconds(2));
        await _sockets.WaitForSocketAsync(3);
        await Wait.UntilAsync(() => _clock.DueTimes.Any(d => Math.Abs(d.TotalSeconds - 4) < 0.01), "4 s backoff");
        _rest.Verify(r => r.GetGatewayBotAsync(It.IsAny<CancellationToken>()), Times.AtLeast(2), "a failing cached url is asked for again");
    }

    // ---- receive loop ---------------------------------------------------------------------------

    [Test]
    public async Task FragmentedMessages_AreReassembledBeforeDecoding()
    {
        Start();
        var socket = await _sockets.WaitForSocketAsync(1);
        socket.SendFragments("""{"op":10,"d":{"heartbeat_interval":45000},"s":null,"t":null}""", parts: 7);
        await socket.WaitForSentAsync(GatewayOpcodes.Identify);
        var big = new string('x', 20_000);
        socket.SendFragments("""{"op":0,"s":1,"t":"READY","d":{"v":10,"user":{"id":"1","username":"BIG"},"guilds":[],"session_id":"session-1","resume_gateway_url":"wss://resume.example"}}""".Replace("BIG", big), parts: 9);

        var ready = (ReadyEvent)await NextEventAsync();
        Assert.That(ready.User.Username, Has.Length.EqualTo(20_000));
        Assert.That(_client.SessionId, Is.EqualTo("session-1"));
    }

    [Test]
    public async Task Dispatches_AreQueuedInOrder_WithSequence_AndUndecodableOnesPassRaw()
    {
        Start();
        var socket = await IdentifiedAsync();
        socket.Dispatch("MESSAGE_CREATE", 2, """{"id":"10","channel_id":"20","content":"one","timestamp":"2026-01-01T00:00:00+00:00","type":0,"brand_new_field":{"x":1}}""");
        socket.Dispatch("BRAND_NEW_EVENT", 3, """{"a":1}""");
        socket.Dispatch("MESSAGE_CREATE", 4, """{"id":{"not":"a snowflake"},"channel_id":"20"}""");
        socket.Dispatch("MESSAGE_DELETE", 5, """{"id":"10","channel_id":"20"}""");

        Assert.That(await NextEventAsync(), Is.TypeOf<ReadyEvent>());
        var created = (MessageCreateEvent)await NextEventAsync();
        var unknown = (UnknownDispatchEvent)await NextEventAsync();
        var broken = (UnknownDispatchEvent)await NextEventAsync();
        var deleted = (MessageDeleteEvent)await NextEventAsync();

        Assert.That(created.Message.Content, Is.EqualTo("one"));
        Assert.That(unknown.Name, Is.EqualTo("BRAND_NEW_EVENT"));
        Assert.That(broken.Name, Is.EqualTo("MESSAGE_CREATE"));
        Assert.That(broken.Sequence, Is.EqualTo(4));
        Assert.That(deleted.Sequence, Is.EqualTo(5));
        Assert.That(_client.LastSequence, Is.EqualTo(5));
        Assert.That(socket.ClosedByClient.IsCompleted, Is.False, "a bad payload does not end the session");
    }

    [Test]
    public async Task DataBeforeEventName_IsStillDecoded()
    {
        Start();
        var socket = await IdentifiedAsync();
        socket.Send("""{"d":{"id":"10","channel_id":"20","guild_id":"30"},"s":2,"op":0,"t":"MESSAGE_DELETE"}""");

        Assert.That(await NextEventAsync(), Is.TypeOf<ReadyEvent>());
        var deleted = (MessageDeleteEvent)await NextEventAsync();
        Assert.That(deleted.GuildId, Is.EqualTo(30UL));
        Assert.That(deleted.Sequence, Is.EqualTo(2));
    }

    [Test]
    public async Task FullEventQueue_DoesNotStopHeartbeats()
    {
        _options.EventQueueCapacity = 1;
        _jitter = 0;
        Start();
        var socket = await IdentifiedAsync(); // READY fills the queue
        socket.Dispatch("MESSAGE_DELETE", 2, """{"id":"10","channel_id":"20"}"""); // blocks the receive loop
        socket.Hello(intervalMs: 1000);
        await Wait.UntilAsync(() => socket.SentWithOp(GatewayOpcodes.Heartbeat).Count() >= 3, "heartbeats while the queue is full",
            eachRound: () => _clock.Advance(TimeSpan.FromMilliseconds(500)));
        Assert.That(socket.ClosedByClient.IsCompleted, Is.False, "not mistaken for a zombie while we are not reading");
    }

    // ---- sending --------------------------------------------------------------------------------

    [Test]
    public async Task OversizedPayload_IsRefusedBeforeSending()
    {
        Start();
        var socket = await IdentifiedAsync();
        var sentBefore = socket.Sent.Count;

        var huge = new RequestGuildMembersPayload { GuildId = 1, UserIds = Enumerable.Range(1, 400).Select(i => (ulong)i * 1_000_000_000_000).ToArray() };
        Assert.ThrowsAsync<ArgumentException>(() => _client.RequestGuildMembersAsync(huge));
        var longNonce = new RequestGuildMembersPayload { GuildId = 1, Query = "", Limit = 0, Nonce = new string('n', 31) + "é" }; // 33 bytes
        Assert.That(Assert.ThrowsAsync<ArgumentException>(() => _client.RequestGuildMembersAsync(longNonce))!.Message, Does.Contain("33 bytes"));

        await _client.RequestGuildMembersAsync(new RequestGuildMembersPayload { GuildId = 1, Query = "", Limit = 0, Nonce = new string('n', 32) });
        var sent = await socket.WaitForSentAsync(GatewayOpcodes.RequestGuildMembers);
        Assert.That(sent.GetProperty("d").GetProperty("guild_id").GetString(), Is.EqualTo("1"));
        Assert.That(socket.Sent.Count, Is.EqualTo(sentBefore + 1));
    }

    [Test]
    public async Task PresenceUpdate_IsSentAsOp3()
    {
        Start();
        var socket = await IdentifiedAsync();

        await _client.UpdatePresenceAsync(new PresenceUpdatePayload { Status = "online", Activities = [new PresenceActivity { Name = "Custom", Type = 4, State = "Helping" }] });

        var sent = (await socket.WaitForSentAsync(GatewayOpcodes.PresenceUpdate)).GetProperty("d");
        Assert.That(sent.GetProperty("activities")[0].GetProperty("state").GetString(), Is.EqualTo("Helping"));
    }
}
