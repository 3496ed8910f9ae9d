using System.Diagnostics;
using System.Text.Json.Nodes;
using CommunityBot.StandIn;
using CommunityBot.Tests.Discord.Fakes;
using CommunityBot.Tests.StandIn;

namespace CommunityBot.Tests.Discord;

/// <summary>
/// Limits the gateway enforces on its side: the heartbeat timeout (G § Heartbeat Interval) and identify concurrency
/// (G § Rate Limiting). First the stand-in on its own with a raw client, then our client living with them.
/// </summary>
[Category("Protocol")]
[NonParallelizable]
public class GatewayServerLimitsTests
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
            _live = null; // NUnit reuses the fixture instance; the raw stand-in tests below start no LiveDiscord
        }
    }

    private static Func<StandInOptions, StandInOptions> With(TimeSpan? heartbeatTimeout = null) => o => new StandInOptions
    {
        Token = o.Token, OpenApiSpecPath = o.OpenApiSpecPath, HeartbeatIntervalMs = o.HeartbeatIntervalMs, IdentifyWindow = o.IdentifyWindow,
        HeartbeatTimeout = heartbeatTimeout,
    };

    // ---- the stand-in on its own ----------------------------------------------------------------

    [Test]
    public async Task StandIn_DropsAConnectionThatNeverHeartbeats_AndTheSessionStaysResumable()
    {
        await using var standIn = await StandInFixture.StartAsync(tweak: With(heartbeatTimeout: TimeSpan.FromMilliseconds(300)));
        await using var silent = await RawGateway.ConnectAsync(standIn.GatewayUrl);
        await silent.ReceiveAsync();
        await silent.IdentifyAsync();
        var ready = await silent.ReceiveDispatchAsync("READY");

        await standIn.WaitForAsync(() => standIn.HeartbeatTimeoutCount == 1 && standIn.LiveConnectionCount == 0, TimeSpan.FromSeconds(5));

        // "forced to Resume": the dropped connection's session accepts a RESUME.
        await using var next = await RawGateway.ConnectAsync(standIn.ResumeGatewayUrl);
        await next.ReceiveAsync();
        await next.SendAsync(new JsonObject
        {
            ["op"] = 6,
            ["d"] = new JsonObject { ["token"] = StandInFixture.Token, ["session_id"] = (string)ready["d"]!["session_id"]!, ["seq"] = (int)ready["s"]! },
        });
        await next.SendAsync(new JsonObject { ["op"] = 1, ["d"] = (int)ready["s"]! });
        var resumed = await next.ReceiveDispatchAsync("RESUMED");
        Assert.That((string?)resumed["t"], Is.EqualTo("RESUMED"));
        Assert.That(standIn.ProtocolViolations, Is.Empty);
    }

    [Test]
    public async Task StandIn_AnswersASecondIdentifyWithinTheWindow_WithInvalidSessionFalse()
    {
        await using var standIn = await StandInFixture.StartAsync(identifyWindow: TimeSpan.FromSeconds(5));
        await using var first = await RawGateway.ConnectAsync(standIn.GatewayUrl);
        await first.ReceiveAsync();
        await first.IdentifyAsync();
        await first.ReceiveDispatchAsync("READY");

        await using var second = await RawGateway.ConnectAsync(standIn.GatewayUrl);
        await second.ReceiveAsync();
        await second.IdentifyAsync();
        var answer = await second.ReceiveAsync();

        Assert.That((int?)answer!["op"], Is.EqualTo(9));
        Assert.That((bool?)answer["d"], Is.False);
        Assert.That(standIn.IdentifyRateLimitedCount, Is.EqualTo(1));
        Assert.That(standIn.Sessions, Has.Count.EqualTo(1), "no session for the refused IDENTIFY");
        Assert.That(standIn.ProtocolViolations, Has.Some.Contains("max_concurrency"));
    }

    // ---- our client ---------------------------------------------------------------------------

    [Test]
    public async Task AConnectionWhoseHeartbeatsAreLost_IsDroppedByTheServer_AndTheClientResumes()
    {
        // Interval 3 s, server timeout 4.5 s: a beat may run 1.5 s late before the server minds, and once beats are
        // lost the server gives up 1.5 s before the client's own zombie check (6 s after the last beat it saw) would;
        // wide margins both ways, so a loaded machine cannot swap which side notices first.
        var live = _live = await LiveDiscord.StartAsync(heartbeatMs: 3000, tweak: With(heartbeatTimeout: TimeSpan.FromMilliseconds(4500)));
        await live.WaitForAsync(() => live.StandIn.HeartbeatCount >= 1, "a first heartbeat");
        var sessionId = live.Gateway.SessionId;

        await live.StandIn.Faults.LoseHeartbeatsAsync();

        await live.WaitForAsync(() => live.StandIn.HeartbeatTimeoutCount == 1 && live.StandIn.ResumeCount == 1 && live.Gateway.IsConnected,
            "the server's drop, then RESUME", TimeSpan.FromSeconds(20));
        Assert.That(live.Gateway.SessionId, Is.EqualTo(sessionId), "G § Heartbeat Interval: forced to resume, not to start over");
        Assert.That(live.StandIn.IdentifyCount, Is.EqualTo(1));

        var beats = live.StandIn.HeartbeatCount;
        await live.WaitForAsync(() => live.StandIn.HeartbeatCount >= beats + 2, "regular heartbeats on the resumed connection", TimeSpan.FromSeconds(20));
        Assert.That(live.StandIn.HeartbeatTimeoutCount, Is.EqualTo(1), "a client that heartbeats on time is never dropped");
        await live.PostAsync("after the timeout");
        await live.WaitForAsync(() => live.MessageContents.Contains("after the timeout"), "MESSAGE_CREATE on the resumed session");
    }

    [Test]
    public async Task RapidSessionEndings_NeverTripTheIdentifyLimit_BecauseTheGateSpacesIdentifies()
    {
        var window = TimeSpan.FromSeconds(1);
        var live = _live = await LiveDiscord.StartAsync(identifyWindow: window);
        Func<Task>[] endings =
        [
            () => live.StandIn.Faults.SendInvalidSessionAsync(resumable: false),
            () => live.StandIn.Faults.CloseAsync(4009, "Session timed out."),
            () => live.StandIn.Faults.SendInvalidSessionAsync(resumable: false),
            () => live.StandIn.Faults.CloseAsync(4007, "Invalid seq."),
        ];

        var elapsed = Stopwatch.StartNew();
        for (var i = 0; i < endings.Length; i++)
        {
            // Each ending comes right after the previous READY: the client would re-identify within ~60 ms if it could.
            var previous = live.Gateway.SessionId;
            await endings[i]();
            var expected = i + 2;
            await live.WaitForAsync(() => live.StandIn.IdentifyCount == expected && live.Gateway.IsConnected && live.Gateway.SessionId != previous,
                $"IDENTIFY #{expected} and its READY");
        }

        Assert.That(live.StandIn.IdentifyRateLimitedCount, Is.Zero, "no IDENTIFY beyond max_concurrency per window");
        Assert.That(elapsed.Elapsed, Is.GreaterThanOrEqualTo(window * (endings.Length - 1)), "the gate, not luck, spaced them");
        Assert.That(live.StandIn.ResumeCount, Is.Zero);
    }
}
