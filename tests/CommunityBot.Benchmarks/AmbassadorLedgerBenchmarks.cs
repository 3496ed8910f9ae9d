using BenchmarkDotNet.Attributes;
using CommunityBot.Configuration;
using CommunityBot.Discord.Rest;
using CommunityBot.Features.Ambassadors;
using CommunityBot.Jobs;
using CommunityBot.Storage;
using CommunityBot.Storage.Migrations;
using Microsoft.Extensions.Logging.Abstractions;

namespace CommunityBot.Benchmarks;

/// <summary>
/// Issue 5 targets on SQLite: (1) message awards through the full earning path (rules, duplicate check, entry,
/// cached totals), each durable (synchronous=FULL, group commit) before its task completes: ≥ 20,000 awards/s;
/// (2) the /points read for a member with 10,000 ledger entries: &lt; 5 ms.
/// Run: dotnet run -c Release --project tests/CommunityBot.Benchmarks -- --filter '*AmbassadorLedger*' --job short
/// </summary>
[MemoryDiagnoser]
public class AmbassadorLedgerBenchmarks
{
    public const int AwardsPerInvoke = 20_000;
    private const ulong Guild = 1;
    private const ulong HeavyMember = 424242;
    private string _directory = "";
    private SqliteConnectionFactory _db = null!;
    private LedgerWriter _writer = null!;
    private AmbassadorPoints _points = null!;
    private AmbassadorQueries _queries = null!;
    private long _nextMessageId = 1;

    private sealed class FixedConfig(CommunityConfig current) : ICommunityConfig
    {
        public CommunityConfig Current { get; } = current;
    }

    /// <summary>Unconfigured REST and jobs: no tiers are configured, so the award path never calls them.</summary>
    public class Unused : System.Reflection.DispatchProxy
    {
        protected override object? Invoke(System.Reflection.MethodInfo? targetMethod, object?[]? args) =>
            throw new InvalidOperationException($"{targetMethod?.Name} was not expected in this benchmark");
    }

    // Synchronous wrappers: the in-process toolchain does not await async setup methods.
    [GlobalSetup]
    public void Setup() => SetupAsync().GetAwaiter().GetResult();

    [GlobalCleanup]
    public void Cleanup() => CleanupAsync().GetAwaiter().GetResult();

    private async Task SetupAsync()
    {
        DapperSetup.Configure();
        _directory = Path.Combine(Path.GetTempPath(), "communitybot-bench-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(_directory);
        _db = new SqliteConnectionFactory($"Data Source={Path.Combine(_directory, "bench.db")}");
        await new MigrationRunner(_db, [new MigrationSource("core", typeof(StorageAnchor)),
            new MigrationSource("ambassadors", typeof(AmbassadorsFeature))], NullLogger<MigrationRunner>.Instance).MigrateAsync();

        // Realistic rules with nothing that would refuse the benchmark's distinct messages.
        var settings = new AmbassadorSettings { Messages = new MessagePointRules { CooldownSeconds = 0, MinLength = 5, DailyCap = 0, DuplicateWindowHours = 24 } };
        var guild = new GuildConfig { GuildId = Guild, Sections = new Dictionary<Type, object> { [typeof(AmbassadorSettings)] = settings } };
        var config = new FixedConfig(new CommunityConfig(new Dictionary<ulong, GuildConfig> { [Guild] = guild }, 1));
        _writer = new LedgerWriter(_db, NullLogger<LedgerWriter>.Instance);
        var tiers = new TierService(_writer, config, System.Reflection.DispatchProxy.Create<IDiscordRestClient, Unused>(),
            System.Reflection.DispatchProxy.Create<IJobScheduler, Unused>(), TimeProvider.System, NullLogger<TierService>.Instance);
        _points = new AmbassadorPoints(_writer, config, tiers, new BotAccounts(_db, new Hosting.BotIdentity(), TimeProvider.System), TimeProvider.System,
            NullLogger<AmbassadorPoints>.Instance);
        _queries = new AmbassadorQueries(_db);

        // A member with 10,000 entries (plus 2,000 other members so rank has work to do).
        var seeds = Enumerable.Range(0, 10_000).Select(i => _points.GrantAsync(Guild, HeavyMember, 1 + i % 5, $"contribution {i}", 7, (ulong)(9_000_000 + i)));
        await Task.WhenAll(seeds);
        await Task.WhenAll(Enumerable.Range(0, 2_000).Select(i => _points.GrantAsync(Guild, (ulong)(100_000 + i), 1 + i % 50, "seed", 7, (ulong)(8_000_000 + i))));
    }

    [Benchmark(OperationsPerInvoke = AwardsPerInvoke, Description = "durable message award (per award)")]
    public async Task AwardMessages()
    {
        var tasks = new Task<PointsAward>[AwardsPerInvoke];
        for (var i = 0; i < tasks.Length; i++)
        {
            var id = (ulong)Interlocked.Increment(ref _nextMessageId);
            tasks[i] = _points.AwardMessageAsync(Guild, 1_000 + id % 5_000, 10, id, $"message number {id} with content");
        }
        var results = await Task.WhenAll(tasks);
        if (results.Any(r => !r.Awarded)) throw new InvalidOperationException("every distinct message should earn");
    }

    [Benchmark(Description = "/points read, member with 10,000 entries")]
    public Task<PointsSummary> PointsForHeavyMember() => _queries.SummaryAsync(Guild, HeavyMember, 5);

    private async Task CleanupAsync()
    {
        await _writer.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try { Directory.Delete(_directory, recursive: true); } catch (IOException) { }
    }
}
