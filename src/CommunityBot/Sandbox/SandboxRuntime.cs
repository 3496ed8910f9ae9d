using System.Security.Cryptography;
using CommunityBot.Configuration;
using CommunityBot.Discord.Gateway;
using CommunityBot.Hosting;
using CommunityBot.StandIn;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace CommunityBot.Sandbox;

/// <summary>
/// Everything the sandbox runs in one process: the loopback Discord stand-in with a seeded community, the real bot
/// (<see cref="BotHost"/>, exactly what operators run) pointed at it with its own SQLite file and community.json, and
/// the page. Every socket listens on 127.0.0.1 only; every file lives under <see cref="SandboxOptions.DataDirectory"/>.
/// </summary>
public sealed class SandboxRuntime : IAsyncDisposable
{
    private readonly List<string> _extraPersonas = new();
    private IHost? _bot;
    private SandboxPage? _page;

    private SandboxRuntime(SandboxOptions options, DiscordStandIn standIn, SeededCommunity community, string dataDirectory)
    {
        Options = options;
        StandIn = standIn;
        Community = community;
        DataDirectory = dataDirectory;
    }

    public SandboxOptions Options { get; }
    public DiscordStandIn StandIn { get; }
    public SeededCommunity Community { get; }
    public string DataDirectory { get; }
    public string ConfigPath => Path.Combine(DataDirectory, "community.json");
    public string DatabasePath => Path.Combine(DataDirectory, "sandbox.db");
    public ConfigStatus Config { get; } = new();
    public string PageUrl => _page?.Url ?? throw new InvalidOperationException("The page is not running.");
    public IServiceProvider BotServices => _bot?.Services ?? throw new InvalidOperationException("The bot is not running.");

    /// <summary>Raised when something the page shows changed outside the stand-in (config reloads, new personas).</summary>
    public event Action? SandboxChanged;

    /// <summary>Seeded personas then those created from the page, in order.</summary>
    public IReadOnlyList<string> Personas
    {
        get { lock (_extraPersonas) return [.. SeededCommunity.MemberPersonas, SeededCommunity.NewcomerPersona, .. _extraPersonas]; }
    }

    public ulong? PersonaId(string persona)
    {
        lock (_extraPersonas)
            return Community.People.TryGetValue(persona, out var id) || _extraIds.TryGetValue(persona, out id) ? id : null;
    }

    private readonly Dictionary<string, ulong> _extraIds = new();

    public static async Task<SandboxRuntime> StartAsync(SandboxOptions options, TextWriter? console = null, CancellationToken ct = default)
    {
        var dataDirectory = Path.GetFullPath(options.DataDirectory);
        Directory.CreateDirectory(dataDirectory);
        var standIn = await DiscordStandIn.StartAsync(new StandInOptions
        {
            // A fresh random token per run: the stand-in is the only thing that accepts it.
            Token = "sandbox-" + Convert.ToHexString(RandomNumberGenerator.GetBytes(16)),
        }, ct);
        SandboxRuntime? runtime = null;
        try
        {
            var community = SeededCommunity.Create(standIn);
            runtime = new SandboxRuntime(options, standIn, community, dataDirectory);
            SandboxConfig.Write(runtime.ConfigPath, community);
            runtime.ResetDatabase();
            await runtime.StartBotAsync(ct);
            await SandboxWarmUp.RunAsync(runtime, console, ct);
            runtime._page = await SandboxPage.StartAsync(runtime, options.Port, ct);
            return runtime;
        }
        catch
        {
            if (runtime is not null) await runtime.DisposeAsync();
            else await standIn.DisposeAsync();
            throw;
        }
    }

    /// <summary>Creates a person who is not in the server yet (the page's "new person" box).</summary>
    public ulong CreatePersona(string name)
    {
        name = name.Trim();
        if (name.Length is 0 or > 32 || name.Any(c => char.IsWhiteSpace(c) || c is '@' or '#' or ':' or '`'))
            throw new ArgumentException("A name has 1–32 characters, no spaces and none of @ # : `.");
        lock (_extraPersonas)
        {
            if (Community.People.ContainsKey(name) || _extraIds.ContainsKey(name)) throw new ArgumentException($"There is already a persona called '{name}'.");
            var id = StandIn.CreateUser(name).Id;
            _extraIds[name] = id;
            _extraPersonas.Add(name);
        }
        SandboxChanged?.Invoke();
        return _extraIds[name];
    }

    /// <summary>The stand-in's ids are new on every run, so yesterday's rows would point at nothing: start clean.</summary>
    private void ResetDatabase()
    {
        foreach (var suffix in new[] { "", "-wal", "-shm", "-journal" })
            File.Delete(DatabasePath + suffix);
    }

    private async Task StartBotAsync(CancellationToken ct)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Discord:Token"] = StandIn.Options.Token,
            ["Discord:ApiBaseUrl"] = StandIn.ApiBaseUrl,
            ["Discord:GatewayUrl"] = null,
            ["Database:Provider"] = "Sqlite",
            ["Database:ConnectionString"] = $"Data Source={DatabasePath}",
            ["Community:ConfigPath"] = ConfigPath,
            ["Community:ReloadDebounce"] = "00:00:00.200",
            ["Interactions:RegisterGlobally"] = "false",
            ["Health:FilePath"] = Path.Combine(DataDirectory, "healthy"),
            ["Discord:RateLimitMemoryPath"] = "", // every sandbox run starts a fresh stand-in: nothing to remember
            ["Serilog:MinimumLevel:Default"] = "Information",
            ["Serilog:MinimumLevel:Override:Microsoft"] = "Warning",
            ["Serilog:MinimumLevel:Override:System.Net.Http.HttpClient"] = "Warning",
            ["Serilog:WriteTo:0:Name"] = "Console",
            ["Serilog:WriteTo:0:Args:restrictedToMinimumLevel"] = Options.Verbose ? "Information" : "Warning",
            ["Serilog:WriteTo:0:Args:outputTemplate"] = "[{Timestamp:HH:mm:ss} {Level:u3}] {SourceContext}: {Message:lj}{NewLine}{Exception}",
            ["Serilog:WriteTo:1:Name"] = "File",
            ["Serilog:WriteTo:1:Args:path"] = Path.Combine(DataDirectory, "logs", "bot-.log"),
            ["Serilog:WriteTo:1:Args:rollingInterval"] = "Day",
            ["Serilog:WriteTo:1:Args:retainedFileCountLimit"] = "3",
        };
        var builder = BotHost.CreateBuilder([], b => b.Configuration.AddInMemoryCollection(settings));
        _bot = builder.Build();

        var store = _bot.Services.GetRequiredService<CommunityConfigStore>();
        store.Reloaded += config => { Config.Accepted(config.Version); SandboxChanged?.Invoke(); };
        store.ReloadRejected += (config, errors) => { Config.Rejected(config.Version, errors); SandboxChanged?.Invoke(); };

        await _bot.StartAsync(ct);
        Config.Accepted(store.Current.Version);
        var gateway = _bot.Services.GetRequiredService<IGatewayClient>();
        var identity = _bot.Services.GetRequiredService<BotIdentity>();
        await StandIn.WaitForAsync(() => gateway.IsConnected && identity.WhenReady.IsCompleted && StandIn.RegisteredCommands(Community.GuildId).Count > 0,
            TimeSpan.FromSeconds(60), "the bot to connect to the stand-in and register its commands");
    }

    public async Task StopAsync()
    {
        if (_page is not null)
        {
            await _page.DisposeAsync();
            _page = null;
        }
        if (_bot is not null)
        {
            await _bot.StopAsync(TimeSpan.FromSeconds(20));
            _bot.Dispose();
            _bot = null;
        }
    }

    public async ValueTask DisposeAsync()
    {
        try { await StopAsync(); }
        finally { await StandIn.DisposeAsync(); }
    }
}

/// <summary>What the page says about community.json: the version running and, after a refused edit, why.</summary>
public sealed class ConfigStatus
{
    private readonly object _gate = new();
    private Snapshot _current = new(0, true, DateTimeOffset.UtcNow, []);

    public sealed record Snapshot(int Version, bool LastEditAccepted, DateTimeOffset At, IReadOnlyList<ConfigError> Errors);

    public Snapshot Current { get { lock (_gate) return _current; } }

    public void Accepted(int version)
    {
        lock (_gate) _current = new Snapshot(version, true, DateTimeOffset.UtcNow, []);
    }

    public void Rejected(int runningVersion, IReadOnlyList<ConfigError> errors)
    {
        lock (_gate) _current = new Snapshot(runningVersion, false, DateTimeOffset.UtcNow, errors);
    }
}
