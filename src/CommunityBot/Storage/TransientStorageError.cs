using Microsoft.Data.Sqlite;
using Npgsql;

namespace CommunityBot.Storage;

/// <summary>
/// Tells a storage failure that goes away by itself or by an operator's hand (the database restarting, a full disk
/// freed, a lock released, a read-only file made writable again) from one that retrying cannot fix (a constraint,
/// an SQL mistake, a corrupt file, a bug). The event pipeline retries a handler only on the first kind; an
/// interaction that meets it is told to try again in a moment.
/// Only errors raised by the database drivers count: a bare <see cref="IOException"/> or timeout elsewhere (a
/// Discord call, the health file) is not a storage outage.
/// </summary>
public static class TransientStorageError
{
    // SQLite primary result codes (https://sqlite.org/rescode.html).
    private const int SqliteBusy = 5, SqliteLocked = 6, SqliteNoMem = 7, SqliteReadOnly = 8, SqliteIoErr = 10,
        SqliteFull = 13, SqliteCantOpen = 14, SqliteProtocol = 15;

    public static bool Is(Exception? exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            switch (e)
            {
                case OperationCanceledException:
                    return false; // our own cancellation (shutdown), whatever the driver wrapped in it
                case SqliteException sqlite:
                    return IsTransientSqlite(sqlite.SqliteErrorCode);
                case PostgresException postgres:
                    return IsTransientSqlState(postgres.SqlState);
                case NpgsqlException npgsql:
                    // Not a server error: the connection could not be opened or broke (refused, reset, timed out,
                    // pool exhausted while the server hangs). Npgsql knows which of its own failures those are.
                    return npgsql.IsTransient;
                case AggregateException { InnerExceptions.Count: > 0 } aggregate:
                    return aggregate.InnerExceptions.All(Is);
            }
        }
        return false;
    }

    private static bool IsTransientSqlite(int code) => (code & 0xFF) is
        SqliteBusy or SqliteLocked or SqliteNoMem or SqliteReadOnly or SqliteIoErr or SqliteFull or SqliteCantOpen or SqliteProtocol;

    /// <summary>PostgreSQL error codes (Appendix A of its manual) that describe the server, not the statement.</summary>
    private static bool IsTransientSqlState(string state) =>
        state.StartsWith("08", StringComparison.Ordinal)          // connection exception
        || state.StartsWith("53", StringComparison.Ordinal)       // insufficient resources: disk full, out of memory, too many connections
        || state is "57P01" or "57P02" or "57P03"                 // admin shutdown, crash shutdown, cannot connect now (starting up)
        || state.StartsWith("58", StringComparison.Ordinal)       // system error: I/O error
        || state is "25006"                                       // read-only transaction (a standby, or default_transaction_read_only)
            or "40001" or "40P01"                                 // serialization failure, deadlock: the server asks for a retry
            or "55P03";                                           // lock not available
}
