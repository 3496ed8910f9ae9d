using System.Text;
using CommunityBot.Discord;
using CommunityBot.Discord.Gateway;
using CommunityBot.Discord.Gateway.Compression;
using CommunityBot.Discord.Models;
using CommunityBot.Discord.Rest;
using CommunityBot.Tests.Discord.Fakes;
using Microsoft.Extensions.Logging;
using Moq;

namespace CommunityBot.Tests.Discord;

/// <summary>G § Transport Compression › zlib-stream: the inflate context on its own, then the client over a scripted socket.</summary>
[Category("Protocol")]
public class ZlibStreamInflaterTests
{
    private const string Hello = """{"op":10,"d":{"heartbeat_interval":41250},"s":null,"t":null}""";
    private static readonly byte[] SyncFlush = [0x00, 0x00, 0xFF, 0xFF];

    private static string Inflate(ZlibStreamInflater inflater, byte[] received)
    {
        Assert.That(inflater.TryInflate(received, out var json), Is.True, "a message ending in 00 00 FF FF completes a block");
        return Encoding.UTF8.GetString(json.Span);
    }

    [Test]
    public void OneContextSpansTheConnection_ALaterMessageNeedsTheEarliersDictionary()
    {
        var server = new ZlibStreamCompressor();
        var first = server.Compress(Hello);
        var second = server.Compress(Hello);
        var third = server.Compress("""{"op":11}""");
        Assert.That(second.Length, Is.LessThan(first.Length / 2), "the repeat is sent as a back-reference into the first message");
        Assert.That(second[^4..], Is.EqualTo(SyncFlush));

        using var inflater = new ZlibStreamInflater();
        Assert.That(Inflate(inflater, first), Is.EqualTo(Hello));
        Assert.That(Inflate(inflater, second), Is.EqualTo(Hello));
        Assert.That(Inflate(inflater, third), Is.EqualTo("""{"op":11}"""));

        using var fresh = new ZlibStreamInflater();
        Assert.That(() => fresh.TryInflate(second, out _), Throws.InstanceOf<InvalidDataException>(),
            "without the first message's state the second cannot be decoded: a connection needs one shared context");
    }

    [TestCase(1)]
    [TestCase(2)]
    [TestCase(10)]
    public void ABlockSplitOverSeveralMessages_IsBufferedUntilTheSyncFlushMarker(int bytesInLastPart)
    {
        var server = new ZlibStreamCompressor();
        var block = server.Compress(Hello);
        using var inflater = new ZlibStreamInflater();

        // bytesInLastPart 1 and 2 split the 00 00 FF FF marker itself between the two parts.
        Assert.That(inflater.TryInflate(block.AsSpan(0, block.Length - bytesInLastPart), out _), Is.False, "no marker yet: keep buffering");
        Assert.That(Inflate(inflater, block[^bytesInLastPart..]), Is.EqualTo(Hello));
        Assert.That(Inflate(inflater, server.Compress("""{"op":11}""")), Is.EqualTo("""{"op":11}"""), "the context carries on after a split block");
    }

    [Test]
    public void CorruptBytes_AreReportedAsInvalidData()
    {
        var server = new ZlibStreamCompressor();
        using var inflater = new ZlibStreamInflater();
        Inflate(inflater, server.Compress(Hello));

        byte[] garbage = [0xFF, 0xFE, 0xFD, 0xFC, 0x13, 0x37, 0x00, 0x00, 0xFF, 0xFF];
        Assert.That(() => inflater.TryInflate(garbage, out _), Throws.InstanceOf<InvalidDataException>());
    }

    [Test]
    public void AStreamThatNeverFlushes_IsRefusedBeyondTheCap()
    {
        using var inflater = new ZlibStreamInflater(maxPendingBytes: 1024);
        var noMarker = new byte[600];
        Assert.That(inflater.TryInflate(noMarker, out _), Is.False);
        Assert.That(() => inflater.TryInflate(noMarker, out _), Throws.InstanceOf<InvalidDataException>());
    }
}

/// <summary>The gateway client with zlib-stream against a scripted server that compresses each connection as one stream.</summary>
[Category("Protocol")]
public class GatewayZlibStreamClientTests
{
    private const string Token = "raw.token.value";

    private ManualTimeProvider _clock = null!;
    private FakeGatewaySocketFactory _sockets = null!;
    private DiscordGatewayClient _client = null!;
    private CancellationTokenSource _stop = null!;
    private Task _run = null!;

    [SetUp]
    public void SetUp()
    {
        _clock = new ManualTimeProvider();
        // Every scripted connection compresses with its own, new context, like Discord.
        _sockets = new FakeGatewaySocketFactory { Next = () => new FakeGatewaySocket { Encode = new ZlibStreamCompressor().Compress } };
        var rest = new Mock<IDiscordRestClient>();
        rest.Setup(r => r.GetGatewayBotAsync(It.IsAny<CancellationToken>())).ReturnsAsync(new GatewayBotInfo
        {
            Url = "wss://gateway.example", Shards = 1,
            SessionStartLimit = new SessionStartLimit { Total = 1000, Remaining = 999, ResetAfter = 14_400_000, MaxConcurrency = 1 },
        });
        var log = new Mock<ILogger>();
        log.Setup(l => l.IsEnabled(It.IsAny<LogLevel>())).Returns(true);
        var options = new DiscordClientOptions { Token = Token, Intents = GatewayIntents.Guilds, GatewayCompression = GatewayCompression.ZlibStream };
        _client = new DiscordGatewayClient(options, rest.Object, log.Object, _sockets, _clock, () => 0.5, GatewayTimings.Default);
        _stop = new CancellationTokenSource();
        _run = Task.Run(() => _client.RunAsync(_stop.Token));
    }

    [TearDown]
    public async Task TearDown()
    {
        await _stop.CancelAsync();
        try { await _run.WaitAsync(TimeSpan.FromSeconds(5)); }
        catch (Exception) { /* the test already asserted what it needed */ }
        _stop.Dispose();
    }

    [Test]
    public async Task AsksForZlibStream_InflatesMessagesSplitOverFrames_AndKeepsPayloadCompressionOff()
    {
        var socket = await _sockets.WaitForSocketAsync(1);
        Assert.That(socket.ConnectedTo!.ToString(), Is.EqualTo("wss://gateway.example/?v=10&encoding=json&compress=zlib-stream"));

        socket.SendFragments("""{"op":10,"d":{"heartbeat_interval":45000},"s":null,"t":null}""", parts: 3);
        var identify = (await socket.WaitForSentAsync(GatewayOpcodes.Identify)).GetProperty("d");
        Assert.That(identify.TryGetProperty("compress", out var compress) && compress.ValueKind == System.Text.Json.JsonValueKind.True, Is.False,
            "payload compression and transport compression are mutually exclusive");

        socket.Ready();
        await Wait.UntilAsync(() => _client.IsConnected, "READY inflated");
        socket.SendFragments("""{"op":0,"s":2,"t":"GUILD_DELETE","d":{"id":"41771983423143937","unavailable":true}}""", parts: 4);

        var ready = await _client.Events.ReadAsync().AsTask().WithTimeout("READY");
        var delete = await _client.Events.ReadAsync().AsTask().WithTimeout("GUILD_DELETE");
        Assert.That(ready, Is.TypeOf<ReadyEvent>());
        Assert.That(((GuildDeleteEvent)delete).Id, Is.EqualTo(41771983423143937UL));
        Assert.That(_client.LastSequence, Is.EqualTo(2));
    }

    [Test]
    public async Task ACorruptStream_DropsTheConnection_AndResumesWithAFreshContext()
    {
        var first = await _sockets.WaitForSocketAsync(1, () => _clock.Advance(TimeSpan.FromMilliseconds(250)));
        first.Hello();
        await first.WaitForSentAsync(GatewayOpcodes.Identify);
        first.Ready(resumeUrl: "wss://resume.example", seq: 1);
        await Wait.UntilAsync(() => _client.IsConnected, "READY");

        first.SendBytes([0xFF, 0xFE, 0xFD, 0xFC, 0x13, 0x37, 0x00, 0x00, 0xFF, 0xFF]);

        Assert.That(await first.ClosedByClient.WithTimeout("close after a corrupt block"), Is.EqualTo(4000), "never 1000/1001: we mean to resume");
        var second = await _sockets.WaitForSocketAsync(2);
        Assert.That(second.ConnectedTo!.ToString(), Is.EqualTo("wss://resume.example/?v=10&encoding=json&compress=zlib-stream"));
        second.Hello(); // the new connection's stream starts with a new zlib header: only a fresh context reads it
        var resume = (await second.WaitForSentAsync(GatewayOpcodes.Resume)).GetProperty("d");
        Assert.That(resume.GetProperty("seq").GetInt32(), Is.EqualTo(1));
        second.Dispatch("RESUMED", 2, "{}");
        await Wait.UntilAsync(() => _client.IsConnected && _client.LastSequence == 2, "RESUMED inflated on the new connection");
        Assert.That(_run.IsCompleted, Is.False, "a corrupt stream is a reconnect, not a crash");
    }
}
