using System.Data.Common;
using Dapper;
using Microsoft.Extensions.Logging;

namespace CommunityBot.Storage.Migrations;

/// <summary>A database whose schema is newer than this build: refuse to start rather than corrupt it.</summary>
public sealed class DatabaseNewerThanCodeException(string module, int databaseVersion, int codeVersion)
    : Hosting.StartupRefusedException($"The database has schema version {databaseVersion} of module '{module}', but this build of CommunityBot only knows " +
                $"versions up to {codeVersion}. Run the newer CommunityBot version that wrote it, or restore a backup made by this version.")
{
    public string Module { get; } = module;
}

/// <summary>
/// Applies every module's pending migrations at start-up, each module in one transaction, and records them
/// in <c>schema_migrations</c>. On PostgreSQL an advisory lock keeps two processes from migrating at once.
/// </summary>
public sealed class MigrationRunner(IDbConnectionFactory db, IEnumerable<MigrationSource> sources, ILogger<MigrationRunner> logger)
{
    private const long AdvisoryLockKey = 0x436F6D6D42_6F74; // "CommBot"

    public async Task MigrateAsync(CancellationToken ct = default)
    {
        await using var connection = await db.OpenAsync(ct);
        await connection.ExecuteAsync(new CommandDefinition(
            "CREATE TABLE IF NOT EXISTS schema_migrations (module TEXT NOT NULL, version INTEGER NOT NULL, name TEXT NOT NULL, applied_at BIGINT NOT NULL, PRIMARY KEY (module, version))",
            cancellationToken: ct));

        foreach (var source in sources)
        {
            var migrations = source.For(db.Provider);
            await using var tx = await connection.BeginTransactionAsync(ct);
            if (db.Provider == DatabaseProvider.Postgres)
                await connection.ExecuteAsync(new CommandDefinition("SELECT pg_advisory_xact_lock(@key)", new { key = AdvisoryLockKey }, tx, cancellationToken: ct));

            var current = await CurrentVersionAsync(connection, tx, source.Module, ct);
            var known = migrations.Count;
            if (current > known) throw new DatabaseNewerThanCodeException(source.Module, current, known);

            foreach (var migration in migrations.Where(m => m.Version > current))
            {
                await connection.ExecuteAsync(new CommandDefinition(migration.Sql, transaction: tx, cancellationToken: ct));
                await connection.ExecuteAsync(new CommandDefinition(
                    "INSERT INTO schema_migrations (module, version, name, applied_at) VALUES (@module, @version, @name, @at)",
                    new { module = source.Module, version = migration.Version, name = migration.Name, at = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() },
                    tx, cancellationToken: ct));
                logger.LogInformation("Applied migration {Module} {Version} {Name}", source.Module, migration.Version, migration.Name);
            }
            await tx.CommitAsync(ct);
        }
    }

    public static async Task<int> CurrentVersionAsync(DbConnection connection, DbTransaction? tx, string module, CancellationToken ct) =>
        await connection.ExecuteScalarAsync<int?>(new CommandDefinition(
            "SELECT MAX(version) FROM schema_migrations WHERE module = @module", new { module }, tx, cancellationToken: ct)) ?? 0;
}
