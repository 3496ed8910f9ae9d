using System.Net.Http.Headers;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json.Nodes;
using CommunityBot.StandIn;

namespace CommunityBot.Tests.StandIn;

/// <summary>Shared helpers for the stand-in's own tests: spec discovery, raw HTTP and raw WebSocket clients.</summary>
internal static class StandInFixture
{
    public const string Token = "test-token";

    /// <summary>DISCORD_OPENAPI_SPEC, else ../shared/discord/spec/openapi.json beside the repository root.</summary>
    public static string? SpecPath()
    {
        var env = Environment.GetEnvironmentVariable("DISCORD_OPENAPI_SPEC");
        if (!string.IsNullOrWhiteSpace(env) && File.Exists(env)) return env;
        for (var dir = new DirectoryInfo(TestContext.CurrentContext.TestDirectory); dir is not null; dir = dir.Parent)
        {
            if (!File.Exists(Path.Combine(dir.FullName, "CommunityBot.sln"))) continue;
            // ../shared beside the repository; a git worktree sits one level deeper, so keep looking upwards.
            for (var up = dir.Parent; up is not null; up = up.Parent)
            {
                var probe = Path.Combine(up.FullName, "shared", "discord", "spec", "openapi.json");
                if (File.Exists(probe)) return probe;
            }
            return null;
        }
        return null;
    }

    public static string RequireSpec()
    {
        var path = SpecPath();
        if (path is null) Assert.Ignore("Discord's openapi.json not found: set DISCORD_OPENAPI_SPEC to check requests against it.");
        return path!;
    }

    public static Task<DiscordStandIn> StartAsync(bool withSpec = false, int heartbeatMs = 45000, Func<StandInOptions, StandInOptions>? tweak = null,
        TimeSpan? identifyWindow = null)
    {
        var options = new StandInOptions
        {
            Token = Token,
            OpenApiSpecPath = withSpec ? RequireSpec() : SpecPath(),
            HeartbeatIntervalMs = heartbeatMs,
            IdentifyWindow = identifyWindow ?? TimeSpan.FromSeconds(5),
        };
        return DiscordStandIn.StartAsync(tweak?.Invoke(options) ?? options);
    }

    public static HttpClient Http(DiscordStandIn standIn, bool auth = true)
    {
        var http = new HttpClient { BaseAddress = new Uri(standIn.ApiBaseUrl + "/") };
        if (auth) http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bot", Token);
        http.DefaultRequestHeaders.UserAgent.ParseAdd("DiscordBot (https://example.org/communitybot, 1.0)");
        return http;
    }

    public static StringContent JsonBody(string json) => new(json, Encoding.UTF8, "application/json");

    public static async Task<JsonNode?> ReadJson(HttpResponseMessage response) =>
        JsonNode.Parse(await response.Content.ReadAsStringAsync() is { Length: > 0 } s ? s : "null");
}

/// <summary>A bare gateway client: just enough to speak the protocol by hand in tests.</summary>
internal sealed class RawGateway : IAsyncDisposable
{
    private readonly ClientWebSocket _socket = new();

    public int LastFrameCount { get; private set; }
    public WebSocketCloseStatus? CloseStatus => _socket.CloseStatus;

    public static async Task<RawGateway> ConnectAsync(string url)
    {
        var gateway = new RawGateway();
        gateway._socket.Options.KeepAliveInterval = TimeSpan.Zero;
        await gateway._socket.ConnectAsync(new Uri(url + "?v=10&encoding=json"), CancellationToken.None);
        return gateway;
    }

    public Task SendAsync(JsonObject payload) =>
        _socket.SendAsync(Encoding.UTF8.GetBytes(payload.ToJsonString()), WebSocketMessageType.Text, true, CancellationToken.None);

    public Task SendRawAsync(string text) =>
        _socket.SendAsync(Encoding.UTF8.GetBytes(text), WebSocketMessageType.Text, true, CancellationToken.None);

    /// <summary>The next payload, reassembled across frames; null when the server closed.</summary>
    public async Task<JsonObject?> ReceiveAsync(TimeSpan? timeout = null)
    {
        using var cts = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(5));
        var buffer = new byte[4096];
        using var ms = new MemoryStream();
        var frames = 0;
        WebSocketReceiveResult result;
        do
        {
            result = await _socket.ReceiveAsync(buffer, cts.Token);
            if (result.MessageType == WebSocketMessageType.Close) return null;
            ms.Write(buffer, 0, result.Count);
            frames++;
        } while (!result.EndOfMessage);
        LastFrameCount = frames;
        return (JsonObject)JsonNode.Parse(ms.ToArray())!;
    }

    /// <summary>Skips payloads until a dispatch named <paramref name="name"/> arrives.</summary>
    public async Task<JsonObject> ReceiveDispatchAsync(string name, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(5));
        while (true)
        {
            var left = deadline - DateTime.UtcNow;
            if (left <= TimeSpan.Zero) throw new TimeoutException($"no {name} dispatch");
            var payload = await ReceiveAsync(left) ?? throw new InvalidOperationException($"closed ({CloseStatus}) while waiting for {name}");
            if ((int?)payload["op"] == 0 && (string?)payload["t"] == name) return payload;
        }
    }

    public const ulong DefaultIntents = Intents.Guilds | Intents.GuildMembers | Intents.GuildMessages
        | Intents.GuildMessageReactions | Intents.MessageContent | Intents.GuildScheduledEvents;

    public Task IdentifyAsync(string token = StandInFixture.Token, ulong intents = DefaultIntents) =>
        SendAsync(new JsonObject
        {
            ["op"] = 2,
            ["d"] = new JsonObject
            {
                ["token"] = token,
                ["intents"] = intents,
                ["properties"] = new JsonObject { ["os"] = "linux", ["browser"] = "tests", ["device"] = "tests" },
            },
        });

    public Task CloseAsync(int code) =>
        _socket.CloseOutputAsync((WebSocketCloseStatus)code, "bye", CancellationToken.None);

    public async ValueTask DisposeAsync()
    {
        _socket.Abort();
        _socket.Dispose();
        await Task.CompletedTask;
    }
}
