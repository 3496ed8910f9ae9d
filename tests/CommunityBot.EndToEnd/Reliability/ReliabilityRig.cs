using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using CommunityBot.Sandbox;
using CommunityBot.StandIn;
using CommunityBot.Storage;
using CommunityBot.TestSupport;

namespace CommunityBot.EndToEnd.Reliability;

/// <summary>
/// A community on the in-process stand-in, which stays up as "Discord" the whole time, and the real bot as a separate
/// process on one database (a SQLite file or a PostgreSQL database) that can be killed, stopped and started again.
/// Every feature the invariants look at is on: onboarding (welcome, DM, newcomer role, a rules nudge due seconds after
/// joining), ambassador points for messages and reactions, button polls and the automod → mod-queue path.
/// </summary>
public sealed class ReliabilityRig : IAsyncDisposable
{
    /// <summary>How long after joining the rules nudge is due: short, so the run can wait for every one of them.</summary>
    public static readonly TimeSpan NudgeAfter = TimeSpan.FromSeconds(6);
    public const string FlaggedWord = "scumbag";
    public const string NudgeText = "Reminder: please accept the rules.";
    public static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);

    private readonly DirectoryInfo _directory;
    private readonly Dictionary<string, string> _environment;
    private BotProcess? _bot;
    private IDbConnectionFactory? _database;
    private readonly List<string> _earlierOutput = [];

    private ReliabilityRig(DiscordStandIn standIn, SeededCommunity community, DatabaseProvider provider, string connectionString, DirectoryInfo directory)
    {
        StandIn = standIn;
        Community = community;
        Provider = provider;
        ConnectionString = connectionString;
        _directory = directory;
        _environment = new Dictionary<string, string>
        {
            ["Discord__Token"] = standIn.Options.Token,
            ["Discord__ApiBaseUrl"] = standIn.ApiBaseUrl,
            ["Database__Provider"] = provider.ToString(),
            ["Database__ConnectionString"] = connectionString,
            ["Community__ConfigPath"] = Path.Combine(directory.FullName, "community.json"),
            ["Health__FilePath"] = Path.Combine(directory.FullName, "healthy"),
            ["Serilog__MinimumLevel__Default"] = "Warning",
            ["Serilog__WriteTo__0__Name"] = "Console",
            // What the catch-up found after each start is part of what a failed run should tell.
            ["Serilog__MinimumLevel__Override__CommunityBot.Hosting.CatchUpRunner"] = "Information",
            ["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1",
        };
    }

    public DiscordStandIn StandIn { get; }
    public SeededCommunity Community { get; }
    public DatabaseProvider Provider { get; }
    public string ConnectionString { get; }
    public ulong GuildId => Community.GuildId;
    public ulong BotUserId => StandIn.BotUser.Id;
    /// <summary>The members the load acts as (seeded people plus extra regulars); joins during the run are not among them.</summary>
    public IReadOnlyList<ulong> Regulars { get; private set; } = [];
    /// <summary>Another bot in the server (bot: true), which posts now and then.</summary>
    public ulong OtherBotId { get; private set; }
    /// <summary>What every bot process of the run printed (bounded per process), oldest first.</summary>
    public string BotOutput => string.Join("\n", _earlierOutput.Append(_bot?.Output ?? ""));
    public int Starts { get; private set; }

    /// <summary>The test's own connections to the bot's database; unpooled, so none is left dead when the server restarts.</summary>
    public IDbConnectionFactory Database() => _database ??= Provider == DatabaseProvider.Postgres
        ? new PostgresConnectionFactory(ConnectionString + ";Pooling=false")
        : new SqliteConnectionFactory(ConnectionString);

    public static async Task<ReliabilityRig> CreateAsync(DatabaseProvider provider, string connectionString, int regulars = 20)
    {
        var standIn = await DiscordStandIn.StartAsync(new StandInOptions
        {
            Token = "reliability-token-" + Guid.NewGuid().ToString("N"),
            HeartbeatIntervalMs = 1000,
            // A restart here takes seconds, a real one longer than Discord's 5 s identify window; the window is tested elsewhere.
            IdentifyWindow = TimeSpan.FromMilliseconds(100),
            OpenApiSpecPath = RepoFiles.OpenApiSpec(),
        });
        var community = SeededCommunity.Create(standIn);
        var rig = new ReliabilityRig(standIn, community, provider, connectionString, Directory.CreateTempSubdirectory("communitybot-reliability-"));
        var guild = standIn.Guild(community.GuildId);
        var extra = Enumerable.Range(1, regulars).Select(i => standIn.CreateUser($"regular-{i:00}").Id).ToList();
        foreach (var id in extra) guild.AddMember(id, community.Role("member"));
        rig.Regulars = SeededCommunity.MemberPersonas.Select(community.Person).Concat(extra).ToList();
        rig.OtherBotId = standIn.CreateUser("helper-bot", isBot: true).Id;
        guild.AddMember(rig.OtherBotId, community.Role("member"));
        await File.WriteAllTextAsync(rig._environment["Community__ConfigPath"], rig.ConfigJson());
        return rig;
    }

    private string ConfigJson()
    {
        var c = Community;
        string Id(ulong id) => id.ToString(CultureInfo.InvariantCulture);
        var guild = c.GuildConfig();
        guild["onboarding"] = new JsonObject
        {
            ["welcome"] = new JsonObject
            {
                ["channelId"] = Id(c.Channel("welcome")), ["message"] = "Welcome {user} to {server}!", ["directMessage"] = "Hi {user.name}, welcome to {server}!",
            },
            ["rules"] = new JsonObject
            {
                ["channelId"] = Id(c.Channel("rules")), ["title"] = "Rules", ["text"] = "Be kind.", ["firstSteps"] = "Welcome aboard!",
                ["memberRoleId"] = Id(c.Role("member")), ["newcomerRoleId"] = Id(c.Role("newcomer")),
            },
            ["nudge"] = new JsonObject { ["afterHours"] = NudgeAfter.TotalHours, ["message"] = NudgeText },
        };
        guild["ambassadors"] = new JsonObject
        {
            ["weights"] = new JsonObject { ["message"] = 1, ["reaction"] = 1 },
            ["messages"] = new JsonObject { ["cooldownSeconds"] = 0, ["minLength"] = 5, ["dailyCap"] = 10000, ["duplicateWindowHours"] = 0 },
            ["reactions"] = new JsonObject { ["dailyCap"] = 10000, ["perMessageCap"] = 100 },
        };
        guild["polls"] = new JsonObject { ["createAccess"] = "moderator" };
        guild["moderation"] = new JsonObject
        {
            ["modQueueChannelId"] = Id(c.Channel("mod-queue")),
            ["modlogChannelId"] = Id(c.Channel("modlog")),
            ["rules"] = new JsonArray(new JsonObject { ["name"] = "rude", ["type"] = "words", ["words"] = new JsonArray(FlaggedWord), ["action"] = "flag" }),
        };
        return c.ConfigFile(guild).ToJsonString(new JsonSerializerOptions { WriteIndented = true });
    }

    /// <summary>Starts the bot process and waits until it is healthy (connected, guilds arrived, heartbeats acknowledged) with its commands registered.</summary>
    public async Task StartBotAsync()
    {
        if (_bot is { HasExited: false }) throw new InvalidOperationException("The bot is already running.");
        if (_bot is not null)
        {
            _earlierOutput.Add(_bot.Output);
            _bot.Dispose();
        }
        await Task.Delay(StandIn.IdentifyWindowRemaining());
        _bot = BotProcess.Start(_directory.FullName, _environment);
        Starts++;
        _earlierOutput.Add($"=== bot process {Starts} (pid {_bot.Pid}) ===");
        await _bot.WaitUntilHealthyAsync(StartTimeout);
        await StandIn.WaitForAsync(() => StandIn.RegisteredCommands(GuildId).Count > 0, StartTimeout, "the bot's commands");
    }

    public Task KillBotAsync() => _bot?.KillAsync() ?? Task.CompletedTask;

    /// <summary>SIGTERM and wait: afterwards nothing of the bot's can still be on its way to the stand-in or the database.</summary>
    public async Task<int> StopBotAsync() => _bot is null ? 0 : await _bot.StopAsync(TimeSpan.FromSeconds(60));

    public async ValueTask DisposeAsync()
    {
        _bot?.Dispose();
        if (_database is PostgresConnectionFactory postgres) await postgres.DisposeAsync();
        await StandIn.DisposeAsync();
        try { _directory.Delete(recursive: true); } catch (IOException) { }
    }
}
