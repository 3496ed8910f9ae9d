using System.Data.Common;
using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace CommunityBot.Storage;

public sealed class SqliteConnectionFactory : IDbConnectionFactory
{
    private readonly string _connectionString;

    public SqliteConnectionFactory(string connectionString)
    {
        var builder = new SqliteConnectionStringBuilder(connectionString.Contains('=') ? connectionString : $"Data Source={connectionString}")
        {
            ForeignKeys = true,
            DefaultTimeout = 30,
            Pooling = true,
        };
        var directory = Path.GetDirectoryName(Path.GetFullPath(builder.DataSource));
        if (!string.IsNullOrEmpty(directory)) Directory.CreateDirectory(directory);
        _connectionString = builder.ToString();
    }

    public DatabaseProvider Provider => DatabaseProvider.Sqlite;

    public async Task<DbConnection> OpenAsync(CancellationToken ct = default)
    {
        var connection = new SqliteConnection(_connectionString);
        await connection.OpenAsync(ct);
        if (raw.sqlite3_db_readonly(connection.Handle, "main") == 1)
        {
            // SQLite opens a file it may not write read-only, silently, and the pool would keep handing out that connection
            // after an operator has fixed the permissions. Drop the pool and open afresh: writable again if the file is.
            SqliteConnection.ClearPool(connection);
            await connection.DisposeAsync();
            connection = new SqliteConnection(_connectionString);
            await connection.OpenAsync(ct);
        }
        // WAL lets readers run beside the writer; busy_timeout makes concurrent writers wait instead of failing.
        await using var pragma = connection.CreateCommand();
        pragma.CommandText = "PRAGMA journal_mode=WAL; PRAGMA busy_timeout=10000; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;";
        await pragma.ExecuteNonQueryAsync(ct);
        return connection;
    }
}
