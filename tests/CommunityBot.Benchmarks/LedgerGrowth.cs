using System.Diagnostics;
using CommunityBot.Configuration;
using CommunityBot.Discord.Rest;
using CommunityBot.Features.Ambassadors;
using CommunityBot.Jobs;
using CommunityBot.Storage;
using CommunityBot.Storage.Migrations;
using Dapper;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace CommunityBot.Benchmarks;

/// <summary>
/// <c>ledger-growth [seconds] [sqlite|postgres]</c>: the durable message award path (rules, duplicate-text
/// upsert and prune, entry, cached totals; each award committed before its task completes) measured on an
/// empty ledger and on one grown to <see cref="SeedEntries"/> entries and <see cref="SeedHashes"/> repeated-text
/// hashes, in alternating rounds so load from other processes hits both alike. A cost that grows with the data
/// shows as a large/empty ratio well below 1; a constant-cost path stays near 1. PostgreSQL needs
/// <c>COMMUNITYBOT_TEST_POSTGRES</c> (an admin connection: the run creates and drops its own databases).
/// </summary>
public static class LedgerGrowth
{
    public const int SeedEntries = 1_000_000;
    public const int SeedHashes = 1_000_000;
    private const ulong Guild = 1;
    private const int Members = 100_000;
    private const int WindowHours = 24;
    private static readonly TimeSpan Round = TimeSpan.FromMilliseconds(250);
    /// <summary>Awards in flight at once: the event pipeline's default <c>MaxConcurrentHandlers</c>, as the real host runs them.</summary>
    private const int Concurrency = 32;

    public static async Task RunAsync(double seconds, string providerName)
    {
        DapperSetup.Configure();
        var provider = providerName.Equals("postgres", StringComparison.OrdinalIgnoreCase) ? DatabaseProvider.Postgres : DatabaseProvider.Sqlite;
        await using var empty = await Target.CreateAsync(provider, "empty");
        await using var grown = await Target.CreateAsync(provider, "grown");
        var seed = Stopwatch.StartNew();
        await grown.SeedAsync();
        Console.WriteLine($"ledger-growth ({provider}): seeded {SeedEntries:N0} entries and {SeedHashes:N0} hashes in {seed.Elapsed.TotalSeconds:F1} s");

        // Warm both (statement preparation, page cache) before measuring.
        await empty.RoundAsync(Round);
        await grown.RoundAsync(Round);

        var emptyRates = new List<double>();
        var grownRates = new List<double>();
        var ratios = new List<double>();
        var until = Stopwatch.StartNew();
        while (until.Elapsed.TotalSeconds < seconds || ratios.Count < 3)
        {
            var e = await empty.RoundAsync(Round);
            var g = await grown.RoundAsync(Round);
            emptyRates.Add(e);
            grownRates.Add(g);
            ratios.Add(g / e);
        }
        Console.WriteLine($"ledger-growth ({provider}): {ratios.Count} alternating rounds of {Round.TotalMilliseconds:F0} ms, {Concurrency} awards in flight");
        Console.WriteLine($"  empty ledger: median {Median(emptyRates):N0} awards/s (min {emptyRates.Min():N0}, max {emptyRates.Max():N0})");
        Console.WriteLine($"  grown ledger: median {Median(grownRates):N0} awards/s (min {grownRates.Min():N0}, max {grownRates.Max():N0})");
        Console.WriteLine($"ledger-growth ({provider}): grown/empty = {Median(ratios):F2} (median per-round ratio)");
        await grown.AuditAsync();
    }

    private static double Median(List<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[sorted.Count / 2 - 1] + sorted[sorted.Count / 2]) / 2;
    }

    private sealed class FixedConfig(CommunityConfig current) : ICommunityConfig
    {
        public CommunityConfig Current { get; } = current;
    }

    /// <summary>One database with the writer and award service over it.</summary>
    private sealed class Target : IAsyncDisposable
    {
        private readonly IDbConnectionFactory _db;
        private readonly Func<Task> _drop;
        private readonly LedgerWriter _writer;
        private readonly AmbassadorPoints _points;
        private long _nextMessageId = 5_000_000_000;

        private Target(IDbConnectionFactory db, Func<Task> drop)
        {
            _db = db;
            _drop = drop;
            // Realistic rules with nothing that refuses the run's distinct messages; the duplicate rule is on.
            var settings = new AmbassadorSettings { Messages = new MessagePointRules { CooldownSeconds = 0, MinLength = 5, DailyCap = 0, DuplicateWindowHours = WindowHours } };
            var guild = new GuildConfig { GuildId = Guild, Sections = new Dictionary<Type, object> { [typeof(AmbassadorSettings)] = settings } };
            var config = new FixedConfig(new CommunityConfig(new Dictionary<ulong, GuildConfig> { [Guild] = guild }, 1));
            _writer = new LedgerWriter(db, NullLogger<LedgerWriter>.Instance);
            var tiers = new TierService(_writer, config, DispatchProxy<IDiscordRestClient>(), DispatchProxy<IJobScheduler>(),
                TimeProvider.System, NullLogger<TierService>.Instance);
            _points = new AmbassadorPoints(_writer, config, tiers, new BotAccounts(db, new Hosting.BotIdentity(), TimeProvider.System), TimeProvider.System,
                NullLogger<AmbassadorPoints>.Instance);
        }

        private static T DispatchProxy<T>() where T : class =>
            System.Reflection.DispatchProxy.Create<T, AmbassadorLedgerBenchmarks.Unused>();

        public static async Task<Target> CreateAsync(DatabaseProvider provider, string label)
        {
            var name = $"cb_bench_{label}_{Guid.NewGuid():N}"[..30];
            IDbConnectionFactory db;
            Func<Task> drop;
            if (provider == DatabaseProvider.Sqlite)
            {
                var directory = Path.Combine(Path.GetTempPath(), name);
                Directory.CreateDirectory(directory);
                db = new SqliteConnectionFactory($"Data Source={Path.Combine(directory, "bench.db")}");
                drop = () =>
                {
                    Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
                    try { Directory.Delete(directory, recursive: true); } catch (IOException) { }
                    return Task.CompletedTask;
                };
            }
            else
            {
                var admin = Environment.GetEnvironmentVariable("COMMUNITYBOT_TEST_POSTGRES")
                    ?? throw new InvalidOperationException("ledger-growth postgres needs COMMUNITYBOT_TEST_POSTGRES (an admin connection string)");
                await using (var c = new NpgsqlConnection(admin))
                {
                    await c.OpenAsync();
                    await c.ExecuteAsync($"CREATE DATABASE {name}");
                }
                var factory = new PostgresConnectionFactory(new NpgsqlConnectionStringBuilder(admin) { Database = name }.ToString());
                db = factory;
                drop = async () =>
                {
                    await factory.DisposeAsync();
                    NpgsqlConnection.ClearAllPools();
                    await using var c = new NpgsqlConnection(admin);
                    await c.OpenAsync();
                    await c.ExecuteAsync($"DROP DATABASE IF EXISTS {name} WITH (FORCE)");
                };
            }
            await new MigrationRunner(db, [new MigrationSource("core", typeof(StorageAnchor)),
                new MigrationSource("ambassadors", typeof(AmbassadorsFeature))], NullLogger<MigrationRunner>.Instance).MigrateAsync();
            return new Target(db, drop);
        }

        /// <summary>
        /// Bulk SQL in one transaction: entries spread over 100,000 members (nine in ten for messages, one in ten
        /// for reactions, keyed like the real ones), their cached totals, and hashes all inside the duplicate
        /// window, which is the prune's worst case: nothing to delete, so a scan finds nothing and never stops early.
        /// </summary>
        public async Task SeedAsync()
        {
            var now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
            var windowMs = (WindowHours - 1) * 3_600_000L;
            var sqlite = _db.Provider == DatabaseProvider.Sqlite;
            var numbers = sqlite
                ? "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < @count) "
                : "WITH n(i) AS (SELECT generate_series(1, @count)) ";
            await using var c = await _db.OpenAsync();
            await using var tx = await c.BeginTransactionAsync();
            // A reaction entry is keyed "message:reactor:emoji" on the message entry just before it.
            await c.ExecuteAsync(numbers + """
                INSERT INTO ambassador_entries (guild_id, member_id, amount, source_kind, source_id, reason, actor_id, created_at, season_id)
                SELECT @guild, 1000 + i % @members, 1,
                       CASE WHEN i % 10 = 0 THEN 'reaction' ELSE 'message' END,
                       CASE WHEN i % 10 = 0 THEN CAST(1000000000000000000 + i - 1 AS TEXT) || ':' || CAST(2000 + i % 997 AS TEXT) || ':👍'
                            ELSE CAST(1000000000000000000 + i AS TEXT) END,
                       CASE WHEN i % 10 = 0 THEN 'reaction received' ELSE 'message' END,
                       NULL, @now - @count + i, 0
                FROM n
                """, new { guild = (long)Guild, members = Members, count = SeedEntries, now }, tx, commandTimeout: 600);
            await c.ExecuteAsync("""
                INSERT INTO ambassador_members (guild_id, member_id, balance, earned, season_id, season_earned)
                SELECT guild_id, member_id, SUM(amount), SUM(amount), 0, SUM(amount) FROM ambassador_entries GROUP BY guild_id, member_id
                """, transaction: tx, commandTimeout: 600);
            await c.ExecuteAsync(numbers + """
                INSERT INTO ambassador_message_hashes (guild_id, member_id, content_hash, seen_at)
                SELECT @guild, 1000 + i % @members, i, @now - i % @windowMs FROM n
                """, new { guild = (long)Guild, members = Members, count = SeedHashes, now, windowMs }, tx, commandTimeout: 600);
            await tx.CommitAsync();
            // As in production: PostgreSQL's autovacuum analyses a table this size on its own; the bot never runs
            // ANALYZE on SQLite, whose planner then chooses from the schema alone.
            if (!sqlite) await c.ExecuteAsync("ANALYZE ambassador_entries; ANALYZE ambassador_members; ANALYZE ambassador_message_hashes", commandTimeout: 600);
        }

        /// <summary>
        /// Awards distinct messages from <see cref="Concurrency"/> callers, each awaiting its award before the next, until
        /// <paramref name="length"/> has passed (an award already started finishes); returns awards per second.
        /// </summary>
        public async Task<double> RoundAsync(TimeSpan length)
        {
            var clock = Stopwatch.StartNew();
            var awarded = 0;
            async Task CallerAsync()
            {
                while (clock.Elapsed < length)
                {
                    var id = (ulong)Interlocked.Increment(ref _nextMessageId);
                    var award = await _points.AwardMessageAsync(Guild, 1_000 + id % Members, 10, id, $"message number {id} with content");
                    if (!award.Awarded) throw new InvalidOperationException("every distinct message should earn: " + award.WhyNot);
                    Interlocked.Increment(ref awarded);
                }
            }
            await Task.WhenAll(Enumerable.Range(0, Concurrency).Select(_ => Task.Run(CallerAsync)));
            return awarded / clock.Elapsed.TotalSeconds;
        }

        /// <summary>Balance == sum of entries still holds after the run (the seed wrote the cached totals itself).</summary>
        public async Task AuditAsync()
        {
            var problems = await LedgerAudit.FindDiscrepanciesAsync(_db);
            Console.WriteLine(problems.Count == 0 ? "  ledger audit: every balance equals the sum of its entries" : $"  ledger audit: {problems.Count} discrepancies!");
        }

        public async ValueTask DisposeAsync()
        {
            await _writer.DisposeAsync();
            await _drop();
        }
    }
}
