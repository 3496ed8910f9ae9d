using System.Text.Json;
using System.Text.Json.Nodes;
using CommunityBot.Discord.Gateway;
using CommunityBot.Hosting;
using CommunityBot.Sandbox;
using CommunityBot.StandIn;
using CommunityBot.Storage;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Time.Testing;

namespace CommunityBot.TestSupport;

public sealed class BotTestHostOptions
{
    public DatabaseProvider Provider { get; init; } = DatabaseProvider.Sqlite;
    /// <summary>For PostgreSQL: a server of the test's own (e.g. one it stops) instead of COMMUNITYBOT_TEST_POSTGRES.</summary>
    public string? PostgresServer { get; init; }
    /// <summary>Adds feature sections to the seeded guild's config (common keys are already set).</summary>
    public Action<SeededCommunity, JsonObject>? ConfigureGuild { get; init; }
    /// <summary>Extra services for the host (e.g. a test-only command). Runs before the bot's own registrations.</summary>
    public Action<IServiceCollection>? ConfigureServices { get; init; }
    /// <summary>Extra configuration keys (e.g. "Interactions:AutoDeferAfter").</summary>
    public IDictionary<string, string?> Settings { get; init; } = new Dictionary<string, string?>();
    public int HeartbeatIntervalMs { get; init; } = 1000;
    /// <summary>Changes the stand-in's state before the bot first connects (e.g. members' and the server's languages).</summary>
    public Action<DiscordStandIn, SeededCommunity>? ConfigureStandIn { get; init; }
    /// <summary>The stand-in's per-route rate limits (<see cref="StandInOptions.BucketLimits"/>); its defaults when null.</summary>
    public IReadOnlyDictionary<string, (int Limit, TimeSpan Window)>? StandInBucketLimits { get; init; }
    /// <summary>A whole community.json to start with instead of the seeded guild's (e.g. an invalid one).</summary>
    public Func<SeededCommunity, string>? RawConfig { get; init; }
}

/// <summary>
/// The real bot host, built exactly as Program.cs builds it, running in-process against a loopback
/// <see cref="DiscordStandIn"/> with a seeded community, its own database and config file, and a
/// controllable clock. <see cref="RestartAsync"/> stops the host and starts a new one on the same
/// database, config and stand-in — a redeploy.
/// </summary>
public sealed class BotTestHost : IAsyncDisposable
{
    private readonly BotTestHostOptions _options;
    private readonly TestDatabase _database;
    private readonly DirectoryInfo _directory;
    private IHost? _host;

    private BotTestHost(BotTestHostOptions options, DiscordStandIn standIn, SeededCommunity community, TestDatabase database, DirectoryInfo directory)
    {
        _options = options;
        StandIn = standIn;
        Community = community;
        _database = database;
        _directory = directory;
        Clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
    }

    public DiscordStandIn StandIn { get; }
    public SeededCommunity Community { get; }
    public FakeTimeProvider Clock { get; }
    public string ConfigPath => Path.Combine(_directory.FullName, "community.json");
    public IServiceProvider Services => _host?.Services ?? throw new InvalidOperationException("The host is not running.");
    public ulong GuildId => Community.GuildId;
    public DatabaseProvider Provider => _database.Provider;
    public IDbConnectionFactory Database => Services.GetRequiredService<IDbConnectionFactory>();
    /// <summary>The SQLite file (null on PostgreSQL), e.g. to make it unwritable.</summary>
    public string? SqliteFile => Provider == DatabaseProvider.Sqlite
        ? new Microsoft.Data.Sqlite.SqliteConnectionStringBuilder(_database.ConnectionString).DataSource
        : null;

    public T Service<T>() where T : notnull => Services.GetRequiredService<T>();

    public static async Task<BotTestHost> StartAsync(BotTestHostOptions? options = null)
    {
        options ??= new BotTestHostOptions();
        var database = await TestDatabase.CreateAsync(options.Provider, options.PostgresServer);
        var standIn = await DiscordStandIn.StartAsync(new StandInOptions
        {
            Token = "stand-in-token-" + Guid.NewGuid().ToString("N"),
            HeartbeatIntervalMs = options.HeartbeatIntervalMs,
            // RestartAsync brings a fresh host (a fresh identify gate) up far faster than a real redeploy; Discord's 5 s
            // identify window would answer its IDENTIFY with op 9. The window itself is covered by the protocol tests.
            IdentifyWindow = TimeSpan.FromMilliseconds(100),
            BucketLimits = options.StandInBucketLimits ?? new Dictionary<string, (int, TimeSpan)>(),
            OpenApiSpecPath = RepoFiles.OpenApiSpec(), // every REST call the bot makes is checked against Discord's spec
        });
        var community = SeededCommunity.Create(standIn);
        options.ConfigureStandIn?.Invoke(standIn, community);
        var directory = Directory.CreateTempSubdirectory("communitybot-e2e-");
        var bot = new BotTestHost(options, standIn, community, database, directory);
        try
        {
            if (options.RawConfig is { } raw) await bot.WriteRawConfigAsync(raw(community));
            else await bot.WriteConfigAsync(options.ConfigureGuild);
            await bot.StartHostAsync();
            return bot;
        }
        catch
        {
            await bot.DisposeAsync();
            throw;
        }
    }

    /// <summary>Rewrites community.json (the running host hot-reloads it).</summary>
    public Task WriteConfigAsync(Action<SeededCommunity, JsonObject>? configureGuild)
    {
        var guild = Community.GuildConfig();
        configureGuild?.Invoke(Community, guild);
        return WriteRawConfigAsync(Community.ConfigFile(guild).ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
    }

    public Task WriteRawConfigAsync(string json) => File.WriteAllTextAsync(ConfigPath, json);

    /// <summary>Stops the bot like a redeploy (graceful) and starts a fresh host on the same state.</summary>
    public async Task RestartAsync()
    {
        await StopAsync();
        // A real redeploy takes longer than Discord's identify window; a test host restarts in milliseconds, so wait out
        // what is left of the window, or the new process's IDENTIFY would (rightly) be answered with op 9.
        await Task.Delay(StandIn.IdentifyWindowRemaining());
        await StartHostAsync();
    }

    /// <summary>Starts a fresh host on the same state after <see cref="StopAsync"/>: the end of a downtime.</summary>
    public async Task StartAgainAsync()
    {
        if (_host is not null) throw new InvalidOperationException("The host is still running; stop it first.");
        await Task.Delay(StandIn.IdentifyWindowRemaining());
        await StartHostAsync();
    }

    public async Task StopAsync()
    {
        if (_host is null) return;
        await _host.StopAsync(TimeSpan.FromSeconds(20));
        _host.Dispose();
        _host = null;
    }

    private async Task StartHostAsync()
    {
        var settings = new Dictionary<string, string?>
        {
            ["Discord:Token"] = StandIn.Options.Token,
            ["Discord:ApiBaseUrl"] = StandIn.ApiBaseUrl,
            ["Database:Provider"] = _database.Provider.ToString(),
            ["Database:ConnectionString"] = _database.ConnectionString,
            ["Community:ConfigPath"] = ConfigPath,
            ["Community:ReloadDebounce"] = "00:00:00.100",
            ["Health:FilePath"] = Path.Combine(_directory.FullName, "healthy"),
            ["Discord:RateLimitMemoryPath"] = Path.Combine(_directory.FullName, "rate-limits.json"),
            ["Serilog:MinimumLevel:Default"] = "Warning",
            ["Serilog:WriteTo:0:Name"] = "Console",
        };
        foreach (var (key, value) in _options.Settings) settings[key] = value;

        var builder = BotHost.CreateBuilder([], b =>
        {
            b.Configuration.AddInMemoryCollection(settings);
            b.Services.AddSingleton<TimeProvider>(Clock);
            _options.ConfigureServices?.Invoke(b.Services);
        });
        _host = builder.Build();
        await _host.StartAsync();
        await WaitUntilReadyAsync();
    }

    /// <summary>Connected, identified, and the commands are registered (for the seeded guild, or globally).</summary>
    private async Task WaitUntilReadyAsync()
    {
        var gateway = Service<IGatewayClient>();
        var identity = Service<BotIdentity>();
        await Eventually.TrueAsync(() => gateway.IsConnected && identity.WhenReady.IsCompleted
                && (StandIn.RegisteredCommands(GuildId).Count > 0 || StandIn.RegisteredCommands(null).Count > 0),
            "the bot to connect and register its commands", TimeSpan.FromSeconds(30));
    }

    public async ValueTask DisposeAsync()
    {
        try { await StopAsync(); }
        finally
        {
            await StandIn.DisposeAsync();
            await _database.DisposeAsync();
            try { _directory.Delete(recursive: true); } catch (IOException) { }
        }
    }
}
