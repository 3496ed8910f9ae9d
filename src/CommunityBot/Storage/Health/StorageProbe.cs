using Dapper;

namespace CommunityBot.Storage.Health;

/// <summary>
/// A real write, the smallest there is: rewrites one row. Reads keep working on a read-only file, a full disk or a
/// read-only PostgreSQL, so only a write tells whether the bot can record anything.
/// </summary>
public static class StorageProbe
{
    private static readonly string Writer = $"{Environment.MachineName}:{Environment.ProcessId}";

    public static async Task WriteAsync(IDbConnectionFactory db, DateTimeOffset now, CancellationToken ct = default)
    {
        await using var connection = await db.OpenAsync(ct);
        await connection.ExecuteAsync(new CommandDefinition("""
            INSERT INTO storage_probe (id, written_at, written_by) VALUES (1, @now, @writer)
            ON CONFLICT (id) DO UPDATE SET written_at = excluded.written_at, written_by = excluded.written_by
            """, new { now, writer = Writer }, cancellationToken: ct));
    }
}
