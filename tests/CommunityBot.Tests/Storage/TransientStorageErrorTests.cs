using System.Net.Sockets;
using CommunityBot.Storage;
using CommunityBot.TestSupport;
using Dapper;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace CommunityBot.Tests.Storage;

/// <summary>
/// The classifier decides whether an event is kept for a retry or given up, and whether a member is told "try again
/// in a moment": a database that is down, full, locked or read-only is worth waiting for; a broken statement is not.
/// Real driver errors where the machine can produce them, constructed ones for server states a test cannot cause.
/// </summary>
[Category("Storage"), Category("Reliability")]
public class TransientStorageErrorTests
{
    [Test]
    public async Task A_write_to_a_read_only_sqlite_database_is_transient_but_a_constraint_or_a_bad_statement_is_not()
    {
        await using var db = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        await using (var setup = new SqliteConnection(db.ConnectionString))
        {
            await setup.OpenAsync();
            await setup.ExecuteAsync("CREATE TABLE t (id INTEGER PRIMARY KEY)");
            await setup.ExecuteAsync("INSERT INTO t (id) VALUES (1)");
        }
        await using var readOnly = new SqliteConnection(db.ConnectionString + ";Mode=ReadOnly");
        await readOnly.OpenAsync();
        var refused = Assert.ThrowsAsync<SqliteException>(() => readOnly.ExecuteAsync("INSERT INTO t (id) VALUES (2)"));
        Assert.That(TransientStorageError.Is(refused), Is.True, refused!.Message);

        await using var writable = new SqliteConnection(db.ConnectionString);
        await writable.OpenAsync();
        var duplicate = Assert.ThrowsAsync<SqliteException>(() => writable.ExecuteAsync("INSERT INTO t (id) VALUES (1)"));
        Assert.That(TransientStorageError.Is(duplicate), Is.False, duplicate!.Message);
        var typo = Assert.ThrowsAsync<SqliteException>(() => writable.ExecuteAsync("INSERT INTO nowhere (id) VALUES (1)"));
        Assert.That(TransientStorageError.Is(typo), Is.False, typo!.Message);
    }

    [TestCase(5, "database is locked (busy)")]
    [TestCase(6, "database table is locked")]
    [TestCase(10, "disk I/O error")]
    [TestCase(13, "database or disk is full")]
    [TestCase(14, "unable to open database file")]
    [TestCase(266, "disk I/O error (extended SQLITE_IOERR_READ)")]
    public void Sqlite_outage_codes_are_transient(int code, string what) =>
        Assert.That(TransientStorageError.Is(new SqliteException(what, code)), Is.True);

    [TestCase(1, "SQL logic error")]
    [TestCase(11, "database disk image is malformed")]
    [TestCase(19, "constraint failed")]
    [TestCase(20, "datatype mismatch")]
    public void Sqlite_errors_a_retry_cannot_fix_are_not(int code, string what) =>
        Assert.That(TransientStorageError.Is(new SqliteException(what, code)), Is.False);

    [Test]
    public async Task A_postgres_server_that_refuses_connections_is_transient()
    {
        // Port 1 on loopback: nothing listens, the connection is refused at once (what a stopped PostgreSQL looks like).
        await using var connection = new NpgsqlConnection("Host=127.0.0.1;Port=1;Username=postgres;Timeout=5");
        var refused = Assert.ThrowsAsync<NpgsqlException>(() => connection.OpenAsync());
        Assert.That(refused!.InnerException, Is.InstanceOf<SocketException>());
        Assert.That(TransientStorageError.Is(refused), Is.True);
    }

    [Test]
    public async Task On_postgres_a_read_only_transaction_is_transient_and_a_unique_violation_is_not()
    {
        await using var db = await TestDatabase.CreateAsync(DatabaseProvider.Postgres);
        await using var connection = new NpgsqlConnection(db.ConnectionString);
        await connection.OpenAsync();
        await connection.ExecuteAsync("CREATE TABLE t (id INTEGER PRIMARY KEY); INSERT INTO t VALUES (1)");
        var duplicate = Assert.ThrowsAsync<PostgresException>(() => connection.ExecuteAsync("INSERT INTO t VALUES (1)"));
        Assert.That(TransientStorageError.Is(duplicate), Is.False, duplicate!.SqlState);

        await using var tx = await connection.BeginTransactionAsync();
        await connection.ExecuteAsync("SET TRANSACTION READ ONLY", transaction: tx);
        var readOnly = Assert.ThrowsAsync<PostgresException>(() => connection.ExecuteAsync("INSERT INTO t VALUES (2)", transaction: tx));
        Assert.That(readOnly!.SqlState, Is.EqualTo("25006"));
        Assert.That(TransientStorageError.Is(readOnly), Is.True);
    }

    [TestCase("57P01", true, TestName = "admin shutdown (PostgreSQL stopping)")]
    [TestCase("57P03", true, TestName = "cannot connect now (PostgreSQL starting)")]
    [TestCase("08006", true, TestName = "connection failure")]
    [TestCase("53100", true, TestName = "disk full")]
    [TestCase("58030", true, TestName = "I/O error")]
    [TestCase("40001", true, TestName = "serialization failure")]
    [TestCase("23505", false, TestName = "unique violation")]
    [TestCase("42P01", false, TestName = "undefined table")]
    [TestCase("57P04", false, TestName = "database dropped")]
    public void Postgres_server_states(string sqlState, bool transient) =>
        Assert.That(TransientStorageError.Is(new PostgresException("test", "FATAL", "FATAL", sqlState)), Is.EqualTo(transient));

    [Test]
    public void A_storage_error_wrapped_by_a_caller_is_still_recognised_but_network_errors_elsewhere_are_not()
    {
        Assert.That(TransientStorageError.Is(new InvalidOperationException("award failed", new SqliteException("database is locked", 5))), Is.True);
        Assert.That(TransientStorageError.Is(new HttpRequestException("Discord unreachable", new IOException("connection reset"))), Is.False,
            "a Discord call failing is not a storage outage");
        Assert.That(TransientStorageError.Is(new TimeoutException()), Is.False);
        Assert.That(TransientStorageError.Is(new OperationCanceledException("stopping", new SqliteException("database is locked", 5))), Is.False,
            "shutting down is not an outage");
        Assert.That(TransientStorageError.Is(null), Is.False);
    }
}
