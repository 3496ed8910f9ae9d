using CommunityBot.Hosting;
using CommunityBot.Storage;
using CommunityBot.Storage.Migrations;
using CommunityBot.TestSupport;
using Dapper;
using Microsoft.Extensions.Logging.Abstractions;

namespace CommunityBot.Tests.Storage;

[Category("Storage")]
public sealed class MigrationTests
{
    /// <summary>Every module that ships migrations, as the host registers them.</summary>
    private static IReadOnlyList<MigrationSource> AllSources()
    {
        var services = new Microsoft.Extensions.DependencyInjection.ServiceCollection();
        services.AddCommunityBot(new Microsoft.Extensions.Configuration.ConfigurationBuilder().Build());
        return services.Where(d => d.ServiceType == typeof(MigrationSource)).Select(d => (MigrationSource)d.ImplementationInstance!).ToList();
    }

    [TestCaseSource(typeof(TestDatabase), nameof(TestDatabase.Providers))]
    public async Task Migrates_an_empty_database_to_the_latest_version_of_every_module(DatabaseProvider provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        var sources = AllSources();
        await new MigrationRunner(database.Factory(), sources, NullLogger<MigrationRunner>.Instance).MigrateAsync();

        await using var connection = await database.Factory().OpenAsync();
        foreach (var source in sources)
            Assert.That(await MigrationRunner.CurrentVersionAsync(connection, null, source.Module, default), Is.EqualTo(source.For(provider).Count), source.Module);
        Assert.That(await connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM jobs"), Is.Zero);
    }

    [TestCaseSource(typeof(TestDatabase), nameof(TestDatabase.Providers))]
    public async Task Migrates_from_each_earlier_version_and_a_second_run_changes_nothing(DatabaseProvider provider)
    {
        var sources = AllSources();
        foreach (var source in sources)
        {
            var migrations = source.For(provider);
            for (var earlier = 0; earlier < migrations.Count; earlier++)
            {
                await using var database = await TestDatabase.CreateAsync(provider);
                await using (var connection = await database.Factory().OpenAsync())
                {
                    // Recreate the state an older build left behind: only the first `earlier` migrations applied.
                    var older = MigrationSource.Fixed(source.Module, migrations.Take(earlier).ToList());
                    await new MigrationRunner(database.Factory(), [older], NullLogger<MigrationRunner>.Instance).MigrateAsync();
                }
                var runner = new MigrationRunner(database.Factory(), [source], NullLogger<MigrationRunner>.Instance);
                await runner.MigrateAsync();
                await runner.MigrateAsync();
                await using var check = await database.Factory().OpenAsync();
                Assert.That(await check.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM schema_migrations WHERE module = @m", new { m = source.Module }),
                    Is.EqualTo(migrations.Count), $"{source.Module} from version {earlier}");
            }
        }
    }

    [TestCaseSource(typeof(TestDatabase), nameof(TestDatabase.Providers))]
    public async Task Refuses_a_database_newer_than_the_code(DatabaseProvider provider)
    {
        await using var database = await TestDatabase.CreateMigratedAsync(provider);
        await using (var connection = await database.Factory().OpenAsync())
            await connection.ExecuteAsync("INSERT INTO schema_migrations (module, version, name, applied_at) VALUES ('core', 99, 'from_the_future', 0)");

        var runner = new MigrationRunner(database.Factory(), [new MigrationSource("core", typeof(StorageAnchor))], NullLogger<MigrationRunner>.Instance);
        var ex = Assert.ThrowsAsync<DatabaseNewerThanCodeException>(() => runner.MigrateAsync());
        Assert.That(ex!.Message, Does.Contain("schema version 99 of module 'core'").And.Contain("only knows versions up to"));
    }

    [Test]
    public async Task Sqlite_connections_use_wal_and_foreign_keys()
    {
        await using var database = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        await using var connection = await database.Factory().OpenAsync();
        Assert.That(await connection.ExecuteScalarAsync<string>("PRAGMA journal_mode"), Is.EqualTo("wal"));
        Assert.That(await connection.ExecuteScalarAsync<long>("PRAGMA foreign_keys"), Is.EqualTo(1));
        Assert.That(await connection.ExecuteScalarAsync<long>("PRAGMA busy_timeout"), Is.GreaterThan(0));
    }

    [TestCaseSource(typeof(TestDatabase), nameof(TestDatabase.Providers))]
    public async Task Snowflakes_round_trip_as_64_bit_integers(DatabaseProvider provider)
    {
        await using var database = await TestDatabase.CreateMigratedAsync(provider);
        await using var connection = await database.Factory().OpenAsync();
        const ulong id = 1_234_567_890_123_456_789UL;
        await connection.ExecuteAsync("INSERT INTO jobs (kind, job_key, guild_id, payload, due_at) VALUES ('t', 'k', @id, '{}', 0)", new { id });
        Assert.That(await connection.ExecuteScalarAsync<ulong>("SELECT guild_id FROM jobs"), Is.EqualTo(id));
    }
}
