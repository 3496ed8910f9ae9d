using System.Collections.Concurrent;
using CommunityBot.Discord;
using CommunityBot.Discord.Gateway;
using CommunityBot.Discord.Gateway.Socket;
using CommunityBot.Discord.Rest;
using CommunityBot.StandIn;
using CommunityBot.Tests.StandIn;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace CommunityBot.Tests.Discord.Fakes;

/// <summary>
/// Our real REST and gateway clients connected over loopback sockets to the Discord stand-in, with a
/// guild, a channel and a member ready, and every received event recorded.
/// </summary>
internal sealed class LiveDiscord : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly ConcurrentQueue<GatewayEvent> _received = new();
    private Task? _consumer;

    public required DiscordStandIn StandIn { get; init; }
    public required DiscordClientOptions Options { get; init; }
    public required DiscordRestClient Rest { get; init; }
    public required DiscordGatewayClient Gateway { get; init; }
    public required ListLogger Log { get; init; }
    public required GuildHandle Guild { get; init; }
    public required ulong ChannelId { get; init; }
    public required ulong MemberId { get; init; }
    public Task Run { get; private set; } = Task.CompletedTask;

    public IReadOnlyList<GatewayEvent> Received => _received.ToArray();
    public IEnumerable<T> ReceivedOf<T>() => _received.OfType<T>();
    public IEnumerable<string> MessageContents => ReceivedOf<MessageCreateEvent>().Select(e => e.Message.Content);

    public static async Task<LiveDiscord> StartAsync(int heartbeatMs = 300, Func<StandInOptions, StandInOptions>? tweak = null,
        Action<DiscordClientOptions>? configure = null, Func<double>? jitter = null, bool connect = true, TimeSpan? identifyWindow = null)
    {
        // The client's identify gate and the stand-in's identify limit use the same (short) window.
        var window = identifyWindow ?? TimeSpan.FromMilliseconds(100);
        var standIn = await StandInFixture.StartAsync(heartbeatMs: heartbeatMs, tweak: tweak, identifyWindow: window);
        var owner = standIn.CreateUser("owner");
        var guild = standIn.CreateGuild("Protocol Guild", owner.Id);
        var channel = guild.AddTextChannel("general");
        var member = standIn.CreateUser("alice");
        guild.AddMember(member.Id);

        var options = new DiscordClientOptions
        {
            Token = standIn.Options.Token,
            ApiBaseUrl = standIn.ApiBaseUrl,
            Intents = GatewayIntents.Community,
            RequestTimeout = TimeSpan.FromSeconds(5),
        };
        configure?.Invoke(options);
        var log = new ListLogger();
        var rest = new DiscordRestClient(Microsoft.Extensions.Options.Options.Create(options), NullLogger<DiscordRestClient>.Instance);
        var gateway = new DiscordGatewayClient(options, rest, log, new ClientWebSocketFactory(options.UserAgent), TimeProvider.System,
            jitter ?? Random.Shared.NextDouble,
            GatewayTimings.Default with
            {
                BackoffBase = TimeSpan.FromMilliseconds(50),
                InvalidSessionMinDelay = TimeSpan.FromMilliseconds(20),
                InvalidSessionMaxDelay = TimeSpan.FromMilliseconds(60),
                IdentifyWindow = window,
                HelloTimeout = TimeSpan.FromSeconds(5),
            });
        var live = new LiveDiscord
        {
            StandIn = standIn, Options = options, Rest = rest, Gateway = gateway, Log = log,
            Guild = guild, ChannelId = channel.Id, MemberId = member.Id,
        };
        if (connect) await live.ConnectAsync();
        return live;
    }

    /// <summary>Starts RunAsync and a consumer that records every event; waits for READY.</summary>
    public async Task ConnectAsync(bool waitForReady = true)
    {
        Run = Task.Run(() => Gateway.RunAsync(_stop.Token));
        _consumer = Task.Run(async () =>
        {
            await foreach (var evt in Gateway.Events.ReadAllAsync()) _received.Enqueue(evt);
        });
        // The session id is set on the receive loop before READY is queued: wait for our consumer to hold READY too,
        // so a test can read Received right away.
        if (waitForReady)
            await WaitForAsync(() => Gateway.IsConnected && Gateway.SessionId is not null
                && _received.Any(e => e is ReadyEvent or UnknownDispatchEvent { Name: GatewayEventNames.Ready }), "READY");
    }

    public Task WaitForAsync(Func<bool> condition, string what, TimeSpan? timeout = null) =>
        Wait.UntilAsync(() => Run.IsFaulted ? throw Run.Exception!.GetBaseException() : condition(), what, timeout);

    public Task PostAsync(string content) => StandIn.PostMessageAsync(Guild.Id, ChannelId, MemberId, content);

    public void AssertClean()
    {
        Assert.That(StandIn.ProtocolViolations, Is.Empty, "protocol violations");
        Assert.That(StandIn.SpecViolations, Is.Empty, "OpenAPI violations");
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        try { await Run.WaitAsync(TimeSpan.FromSeconds(5)); }
        catch (Exception) { /* a fatal close or the cancellation: the test asserted what it needed */ }
        if (_consumer is not null) await _consumer.WaitAsync(TimeSpan.FromSeconds(5)).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        Rest.Dispose();
        await StandIn.DisposeAsync();
        _stop.Dispose();
    }
}

/// <summary>Keeps every log line (level + rendered message) for assertions.</summary>
internal sealed class ListLogger : ILogger
{
    private readonly ConcurrentQueue<(LogLevel Level, string Text)> _lines = new();
    public IReadOnlyList<(LogLevel Level, string Text)> Lines => _lines.ToArray();
    public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;
    public bool IsEnabled(LogLevel logLevel) => true;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
        _lines.Enqueue((logLevel, formatter(state, exception)));
}
