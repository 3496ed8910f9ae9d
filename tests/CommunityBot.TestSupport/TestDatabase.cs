using CommunityBot.Storage;
using CommunityBot.Storage.Migrations;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace CommunityBot.TestSupport;

/// <summary>
/// A fresh, empty database per test on either provider: a temp SQLite file, or a new database on the
/// PostgreSQL server named by <c>COMMUNITYBOT_TEST_POSTGRES</c> (.ci/run starts one; locally run
/// <c>scripts/test-postgres.sh start</c>). Without it, PostgreSQL cases are ignored with that reason.
/// </summary>
public sealed class TestDatabase : IAsyncDisposable
{
    public const string PostgresEnvVar = "COMMUNITYBOT_TEST_POSTGRES";

    /// <summary>Use as <c>[TestCaseSource(typeof(TestDatabase), nameof(Providers))]</c>.</summary>
    public static IEnumerable<DatabaseProvider> Providers => [DatabaseProvider.Sqlite, DatabaseProvider.Postgres];

    private readonly string? _postgresAdmin;
    private readonly string? _sqliteDirectory;

    private TestDatabase(DatabaseProvider provider, string connectionString, string? postgresAdmin, string? sqliteDirectory, string name)
    {
        Provider = provider;
        ConnectionString = connectionString;
        _postgresAdmin = postgresAdmin;
        _sqliteDirectory = sqliteDirectory;
        Name = name;
    }

    public DatabaseProvider Provider { get; }
    public string ConnectionString { get; }
    public string Name { get; }

    public IDbConnectionFactory Factory() => Provider == DatabaseProvider.Postgres
        ? new PostgresConnectionFactory(ConnectionString)
        : new SqliteConnectionFactory(ConnectionString);

    /// <param name="postgresServer">A server of the test's own (e.g. <see cref="StoppablePostgres"/>) instead of <c>COMMUNITYBOT_TEST_POSTGRES</c>.</param>
    public static async Task<TestDatabase> CreateAsync(DatabaseProvider provider, string? postgresServer = null)
    {
        DapperSetup.Configure();
        var name = "cb_" + Guid.NewGuid().ToString("N")[..16];
        if (provider == DatabaseProvider.Sqlite)
        {
            var directory = Path.Combine(Path.GetTempPath(), "communitybot-tests", name);
            Directory.CreateDirectory(directory);
            return new TestDatabase(provider, $"Data Source={Path.Combine(directory, "bot.db")}", null, directory, name);
        }

        var admin = postgresServer ?? Environment.GetEnvironmentVariable(PostgresEnvVar);
        if (string.IsNullOrWhiteSpace(admin))
            Assert.Ignore($"PostgreSQL not available: set {PostgresEnvVar} (scripts/test-postgres.sh start prints one; .ci/run does this).");
        await using (var connection = new NpgsqlConnection(admin))
        {
            await connection.OpenAsync();
            await using var create = new NpgsqlCommand($"CREATE DATABASE {name}", connection);
            await create.ExecuteNonQueryAsync();
        }
        var builder = new NpgsqlConnectionStringBuilder(admin) { Database = name };
        return new TestDatabase(provider, builder.ToString(), admin, null, name);
    }

    /// <summary>Creates the database and applies the given modules' migrations (core is always included).</summary>
    public static async Task<TestDatabase> CreateMigratedAsync(DatabaseProvider provider, params MigrationSource[] modules)
    {
        var database = await CreateAsync(provider);
        var sources = new[] { new MigrationSource("core", typeof(StorageAnchor)) }.Concat(modules);
        await new MigrationRunner(database.Factory(), sources, NullLogger<MigrationRunner>.Instance).MigrateAsync();
        return database;
    }

    public async ValueTask DisposeAsync()
    {
        if (_sqliteDirectory is not null)
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            try { Directory.Delete(_sqliteDirectory, recursive: true); } catch (IOException) { }
        }
        if (_postgresAdmin is not null)
        {
            NpgsqlConnection.ClearAllPools();
            await using var connection = new NpgsqlConnection(_postgresAdmin);
            await connection.OpenAsync();
            await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS {Name} WITH (FORCE)", connection);
            await drop.ExecuteNonQueryAsync();
        }
    }
}
