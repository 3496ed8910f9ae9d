using CommunityBot.Discord.Gateway;
using CommunityBot.Tests.Discord.Fakes;

namespace CommunityBot.Tests.Discord;

/// <summary>zlib-stream end to end: our client and the stand-in over real WebSockets, binary compressed frames.</summary>
[Category("Protocol")]
[NonParallelizable]
public class GatewayCompressionLiveTests
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

    private async Task<LiveDiscord> StartAsync(bool connect = true, Func<CommunityBot.StandIn.StandInOptions, CommunityBot.StandIn.StandInOptions>? tweak = null) =>
        _live = await LiveDiscord.StartAsync(connect: connect, tweak: tweak, configure: o => o.GatewayCompression = GatewayCompression.ZlibStream);

    [Test]
    public async Task Handshake_IsCompressed_AndReadyAndGuildCreateAreDecoded()
    {
        var live = await StartAsync();

        Assert.That(live.StandIn.CompressedConnectionCount, Is.EqualTo(1), "the client connected with compress=zlib-stream");
        Assert.That(live.ReceivedOf<ReadyEvent>().Single().SessionId, Is.EqualTo(live.Gateway.SessionId));
        await live.WaitForAsync(() => live.ReceivedOf<GuildCreateEvent>().Any(), "GUILD_CREATE");
        Assert.That(live.ReceivedOf<GuildCreateEvent>().Single().Guild.Id, Is.EqualTo(live.Guild.Id));
        Assert.That(live.StandIn.LastIdentify!.Value.TryGetProperty("compress", out _), Is.False, "no payload compression on top");
    }

    [Test]
    public async Task Dispatches_AreInflatedInOrder_AndHeartbeatsAreAcknowledged()
    {
        var live = await StartAsync();
        for (var i = 1; i <= 5; i++) await live.PostAsync($"compressed {i}");

        await live.WaitForAsync(() => live.MessageContents.Count() == 5, "five MESSAGE_CREATEs");
        Assert.That(live.MessageContents, Is.EqualTo(Enumerable.Range(1, 5).Select(i => $"compressed {i}")));
        await live.WaitForAsync(() => live.StandIn.HeartbeatCount >= 2, "heartbeats (their ACKs arrive compressed)");
        Assert.That(live.StandIn.ConnectionCount, Is.EqualTo(1), "ACKs were read: no zombie reconnect");
    }

    [Test]
    public async Task ResumeAfterADrop_StartsAFreshContext_AndLosesNothing()
    {
        var live = await StartAsync();
        await live.PostAsync("before");
        await live.WaitForAsync(() => live.MessageContents.Contains("before"), "first message");

        await live.StandIn.Faults.DropConnectionAsync();
        await live.PostAsync("during");
        await live.WaitForAsync(() => live.StandIn.ResumeCount == 1 && live.Gateway.IsConnected && live.MessageContents.Contains("during"),
            "RESUME and the replayed message");
        await live.PostAsync("after");
        await live.WaitForAsync(() => live.MessageContents.Contains("after"), "a message on the resumed connection");

        // The stand-in starts a new deflate stream per connection: reusing the old inflate context would fail on its header.
        Assert.That(live.StandIn.CompressedConnectionCount, Is.EqualTo(2));
        Assert.That(live.MessageContents, Is.EqualTo(new[] { "before", "during", "after" }));
        Assert.That(live.Log.Lines.Select(l => l.Text), Has.None.Contains("corrupt"));
        Assert.That(live.StandIn.IdentifyCount, Is.EqualTo(1));
    }

    [Test]
    public async Task ALargeGuildCreate_ArrivesCompressedOverSeveralFrames()
    {
        var live = await StartAsync(connect: false, tweak: o => new CommunityBot.StandIn.StandInOptions
        {
            Token = o.Token, OpenApiSpecPath = o.OpenApiSpecPath, HeartbeatIntervalMs = o.HeartbeatIntervalMs, IdentifyWindow = o.IdentifyWindow,
            GatewayFrameSize = 512,
        });
        for (var i = 0; i < 300; i++) live.Guild.AddMember(live.StandIn.CreateUser($"member{i}").Id);

        await live.ConnectAsync();

        await live.WaitForAsync(() => live.ReceivedOf<GuildCreateEvent>().Any(), "GUILD_CREATE");
        Assert.That(live.ReceivedOf<GuildCreateEvent>().Single().Members, Has.Length.EqualTo(live.StandIn.Members(live.Guild.Id).Count).And.Length.GreaterThan(300));
        Assert.That(live.StandIn.FragmentedMessageCount, Is.GreaterThan(0), "the compressed GUILD_CREATE spanned several frames");
    }
}
