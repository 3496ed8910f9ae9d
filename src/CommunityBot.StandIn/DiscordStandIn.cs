using System.Net;
using System.Text.Json;
using CommunityBot.StandIn.Gateway;
using CommunityBot.StandIn.Rest;
using CommunityBot.StandIn.Spec;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace CommunityBot.StandIn;

/// <summary>
/// A loopback stand-in for Discord API v10: gateway (WebSocket, JSON) and REST on 127.0.0.1 with a random port.
/// It keeps guild state, lets tests act as members, injects faults, and checks every REST request against Discord's
/// OpenAPI spec. Start one per test (it is cheap; the spec is compiled once per process).
/// </summary>
public sealed partial class DiscordStandIn : IAsyncDisposable
{
    private readonly StandInCore _core;
    private readonly WebApplication _app;

    private DiscordStandIn(StandInCore core, WebApplication app, SpecCheck specCheck)
    {
        _core = core;
        _app = app;
        SpecCheck = specCheck;
    }

    public static async Task<DiscordStandIn> StartAsync(StandInOptions? options = null, CancellationToken ct = default)
    {
        options ??= new StandInOptions();
        var core = new StandInCore(options);
        var specCheck = SpecCheck.Resolve(options.OpenApiSpecPath);
        var spec = specCheck.Enabled ? OpenApiSpec.LoadAsync(specCheck.SpecPath!) : null;
        var pipeline = new RestPipeline(core, spec);

        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { ApplicationName = typeof(DiscordStandIn).Assembly.GetName().Name });
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k =>
        {
            k.Listen(IPAddress.Loopback, 0);
            k.Limits.MaxRequestBodySize = 26 * 1024 * 1024;
        });
        var app = builder.Build();
        app.UseWebSockets(new WebSocketOptions { KeepAliveInterval = TimeSpan.Zero });
        app.Run(http => http.Request.Path.Value switch
        {
            "/gateway" or "/gateway/" => core.Hub.AcceptAsync(http, resumePath: false),
            "/gateway-resume" or "/gateway-resume/" => core.Hub.AcceptAsync(http, resumePath: true),
            _ => pipeline.HandleAsync(http),
        });
        await app.StartAsync(ct);
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        core.BaseAddress = address.TrimEnd('/');
        if (spec is not null) await spec.WaitAsync(ct); // compile once up front so no request pays for it
        return new DiscordStandIn(core, app, specCheck);
    }

    /// <summary><c>http://127.0.0.1:{port}/api/v10</c></summary>
    public string ApiBaseUrl => _core.BaseAddress + "/api/v10";
    /// <summary><c>ws://127.0.0.1:{port}/gateway</c> (what GET /gateway/bot returns).</summary>
    public string GatewayUrl => Rest.Routes.GatewayRoutes.GatewayUrl(_core);
    /// <summary>READY's <c>resume_gateway_url</c>: a distinct path so tests can prove resumes go there.</summary>
    public string ResumeGatewayUrl => GatewayUrl + "-resume";
    public ulong ApplicationId => _core.ApplicationId;
    public StandInUser BotUser => _core.BotUser;
    public StandInOptions Options => _core.Options;
    public StandInFaults Faults => _core.Faults;
    public SpecCheck SpecCheck { get; }

    /// <summary>Raised after every change (messages, reactions, members, interactions, gateway, requests).</summary>
    public event Action<StateChange>? StateChanged
    {
        add => _core.Changed += value;
        remove => _core.Changed -= value;
    }

    // ---- state setup (no dispatch unless noted) ----

    public StandInUser CreateUser(string username, bool isBot = false) => _core.CreateUser(username, isBot);

    /// <summary>A user by id (e.g. to set the <see cref="StandInUser.Locale"/> their interactions carry).</summary>
    public StandInUser User(ulong userId)
    {
        lock (_core.Gate) return _core.User(userId);
    }

    /// <summary>Creates a guild with @everyone (id = guild id) and the bot as a member holding its managed role.</summary>
    public GuildHandle CreateGuild(string name, ulong ownerId) => new(_core, _core.CreateGuild(name, ownerId).Id);

    public GuildHandle Guild(ulong guildId)
    {
        lock (_core.Gate) _core.Guild(guildId);
        return new GuildHandle(_core, guildId);
    }

    // ---- gateway observation ----

    public IReadOnlyList<GatewaySessionInfo> Sessions =>
        _core.Hub.Sessions.Select(s => new GatewaySessionInfo(s.Id, s.Sequence, s.Connection is not null, s.Intents, s.ShardId, s.ShardCount, s.Identify)).ToList();

    /// <summary>WebSocket connections ever opened.</summary>
    public int ConnectionCount => _core.Hub.ConnectionCount;
    public int LiveConnectionCount => _core.Hub.LiveConnections.Count;
    public int IdentifyCount => _core.Hub.IdentifyCount;
    /// <summary>Time left before the identify window lets the shard IDENTIFY again (Discord answers an early one with op 9).</summary>
    public TimeSpan IdentifyWindowRemaining(int shardId = 0) => _core.Hub.IdentifyWindowRemaining(shardId);
    public int ResumeCount => _core.Hub.ResumeCount;
    public int HeartbeatCount => _core.Hub.HeartbeatCount;
    /// <summary>The <c>d</c> of the last heartbeat received (null for a null <c>d</c>).</summary>
    public int? LastHeartbeatSeq => _core.Hub.LastHeartbeatSeq;
    /// <summary>The last IDENTIFY's <c>d</c> (intents, shard, properties, token).</summary>
    public JsonElement? LastIdentify => _core.Hub.LastIdentify;
    /// <summary>Connections the stand-in dropped because they sent no heartbeat in time (see <see cref="StandInOptions.HeartbeatTimeout"/>).</summary>
    public int HeartbeatTimeoutCount => _core.Hub.HeartbeatTimeoutCount;
    /// <summary>IDENTIFYs refused with op 9 for exceeding <see cref="StandInOptions.MaxConcurrency"/> per window.</summary>
    public int IdentifyRateLimitedCount => _core.Hub.IdentifyRateLimitedCount;
    /// <summary>Connections that asked for <c>compress=zlib-stream</c> (each got its own deflate context).</summary>
    public int CompressedConnectionCount => _core.Hub.CompressedConnectionCount;
    /// <summary>Gateway messages sent as more than one WebSocket frame (see <see cref="StandInOptions.GatewayFrameSize"/>).</summary>
    public int FragmentedMessageCount => _core.Hub.FragmentedMessageCount;

    public async ValueTask DisposeAsync()
    {
        foreach (var c in _core.Hub.LiveConnections) c.Abort();
        using var stopping = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        try
        {
            await _app.StopAsync(stopping.Token);
        }
        catch (OperationCanceledException)
        {
            // Stopping is best effort: lingering sockets were aborted above.
        }
        await _app.DisposeAsync();
    }
}

/// <summary>A gateway session as the stand-in sees it.</summary>
public sealed record GatewaySessionInfo(string SessionId, int Sequence, bool Connected, ulong Intents, int ShardId, int ShardCount, JsonElement Identify);
