using System.Data.Common;
using System.Threading.Channels;
using CommunityBot.Storage;
using Dapper;
using Microsoft.Extensions.Logging;

namespace CommunityBot.Features.Ambassadors;

/// <summary>One ledger transaction in progress: the connection, its transaction, and the dialect.</summary>
public sealed class LedgerSession(DbConnection connection, DbTransaction transaction, DatabaseProvider provider, SeasonCache seasons, CommandCache? commands = null)
{
    private readonly CommandCache _commands = commands ?? new CommandCache();

    public DbConnection Connection { get; } = connection;
    public DbTransaction Transaction { get; } = transaction;
    public DatabaseProvider Provider { get; } = provider;
    internal SeasonCache Seasons { get; } = seasons;

    public Task<int> ExecuteAsync(string sql, object? args = null) =>
        Connection.ExecuteAsync(new CommandDefinition(sql, args, Transaction));

    public Task<T?> SingleOrDefaultAsync<T>(string sql, object? args = null) =>
        Connection.QuerySingleOrDefaultAsync<T>(new CommandDefinition(sql, args, Transaction));

    public Task<T> ScalarAsync<T>(string sql, object? args = null) =>
        Connection.ExecuteScalarAsync<T>(new CommandDefinition(sql, args, Transaction))!;

    public async Task<IReadOnlyList<T>> QueryAsync<T>(string sql, object? args = null) =>
        (await Connection.QueryAsync<T>(new CommandDefinition(sql, args, Transaction))).AsList();

    /// <summary>The hot path (every award): a command kept per connection, so SQLite prepares its statement once.</summary>
    public Task<int> ExecutePreparedAsync(string sql, params (string Name, object? Value)[] args) =>
        _commands.Bind(Connection, Transaction, sql, args).ExecuteNonQueryAsync();

    /// <summary>Like <see cref="ExecutePreparedAsync"/>, reading the first row (if any) with <paramref name="map"/>.</summary>
    public async Task<T?> QueryPreparedAsync<T>(string sql, Func<DbDataReader, T> map, params (string Name, object? Value)[] args)
    {
        await using var reader = await _commands.Bind(Connection, Transaction, sql, args).ExecuteReaderAsync();
        var result = await reader.ReadAsync() ? map(reader) : default;
        // Drain so a RETURNING statement completes before the next command runs.
        while (await reader.ReadAsync()) { }
        return result;
    }
}

/// <summary>Commands reused across transactions on one connection, with values bound the way the repositories store them.</summary>
public sealed class CommandCache
{
    private readonly Dictionary<string, DbCommand> _commands = new(StringComparer.Ordinal);
    private DbConnection? _connection;

    internal DbCommand Bind(DbConnection connection, DbTransaction transaction, string sql, (string Name, object? Value)[] args)
    {
        if (!ReferenceEquals(connection, _connection))
        {
            foreach (var old in _commands.Values) old.Dispose();
            _commands.Clear();
            _connection = connection;
        }
        if (!_commands.TryGetValue(sql, out var command))
        {
            command = connection.CreateCommand();
            command.CommandText = sql;
            foreach (var (name, _) in args)
            {
                var p = command.CreateParameter();
                p.ParameterName = name;
                command.Parameters.Add(p);
            }
            _commands[sql] = command;
        }
        command.Transaction = transaction;
        for (var i = 0; i < args.Length; i++) command.Parameters[i].Value = Store(args[i].Value);
        return command;
    }

    private static object Store(object? value) => value switch
    {
        null => DBNull.Value,
        ulong id => unchecked((long)id),
        DateTimeOffset at => at.ToUnixTimeMilliseconds(),
        bool b => b ? 1 : 0,
        _ => value,
    };
}

/// <summary>
/// Every write to the ledger goes through this one writer per process, which runs queued operations in
/// batches: one transaction and one durable commit (group commit) for up to <see cref="MaxBatch"/> operations.
/// A caller's task completes only after its operation's commit is on disk, so no one ever sees points that a
/// crash could take back. Serialising writes in-process also means the earning rules (cooldowns, caps) read
/// a member's counters without racing another award; across processes (PostgreSQL) the database's row locks
/// and conditional updates keep balances exact.
/// </summary>
public sealed class LedgerWriter : IAsyncDisposable
{
    public const int MaxBatch = 512;
    private readonly IDbConnectionFactory _db;
    private readonly ILogger<LedgerWriter> _logger;
    private readonly Channel<LedgerOperation> _queue = Channel.CreateBounded<LedgerOperation>(
        new BoundedChannelOptions(50_000) { SingleReader = true, FullMode = BoundedChannelFullMode.Wait });
    private readonly SeasonCache _seasons = new();
    private readonly Task _loop;
    private readonly CommandCache _commands = new();
    private DbConnection? _connection;

    public LedgerWriter(IDbConnectionFactory db, ILogger<LedgerWriter> logger)
    {
        _db = db;
        _logger = logger;
        _loop = Task.Run(RunAsync);
    }

    /// <summary>Runs <paramref name="body"/> inside a ledger transaction; returns once it is committed durably.</summary>
    public async Task<T> RunAsync<T>(Func<LedgerSession, Task<T>> body, CancellationToken ct = default)
    {
        var operation = new LedgerOperation<T>(body);
        await _queue.Writer.WriteAsync(operation, ct);
        return await operation.Result.WaitAsync(ct);
    }

    private async Task RunAsync()
    {
        var batch = new List<LedgerOperation>(MaxBatch);
        while (await _queue.Reader.WaitToReadAsync())
        {
            batch.Clear();
            while (batch.Count < MaxBatch && _queue.Reader.TryRead(out var op)) batch.Add(op);
            if (batch.Count == 0) continue;
            try
            {
                await ExecuteAsync(batch);
                foreach (var op in batch) op.Complete();
            }
            catch (Exception batchError) when (TransientStorageError.Is(batchError))
            {
                // The database is down, not one operation bad: each caller's event is retried as a whole (StorageRetry),
                // and the outage is logged once there rather than once per batch here.
                await ResetConnectionAsync();
                foreach (var op in batch) op.Fail(batchError);
            }
            catch (Exception batchError)
            {
                // One bad operation must not fail its neighbours: retry each alone so only the culprit fails.
                _logger.LogWarning(batchError, "A ledger batch of {Count} failed; retrying its operations one by one", batch.Count);
                await ResetConnectionAsync();
                foreach (var op in batch)
                {
                    try
                    {
                        await ExecuteAsync([op]);
                        op.Complete();
                    }
                    catch (Exception ex)
                    {
                        await ResetConnectionAsync();
                        op.Fail(ex);
                    }
                }
            }
        }
        await ResetConnectionAsync();
    }

    private async Task ExecuteAsync(IReadOnlyList<LedgerOperation> batch)
    {
        var connection = _connection ??= await OpenAsync();
        // SQLite: BEGIN IMMEDIATE takes the write lock up front, so reads inside see what we then write.
        await using var tx = await connection.BeginTransactionAsync();
        var session = new LedgerSession(connection, tx, _db.Provider, _seasons, _commands);
        _seasons.BeginBatch();
        try
        {
            foreach (var op in batch) await op.ExecuteAsync(session);
            await tx.CommitAsync();
            _seasons.CommitBatch();
        }
        catch
        {
            _seasons.RollbackBatch();
            throw;
        }
    }

    private async Task<DbConnection> OpenAsync()
    {
        var connection = await _db.OpenAsync();
        if (_db.Provider == DatabaseProvider.Sqlite)
        {
            // The shared factory uses synchronous=NORMAL (fine for caches and jobs); the ledger wants each
            // commit on disk before it is acknowledged. With group commit that costs one fsync per batch.
            await connection.ExecuteAsync("PRAGMA synchronous=FULL");
        }
        return connection;
    }

    private async Task ResetConnectionAsync()
    {
        if (_connection is null) return;
        try { await _connection.DisposeAsync(); }
        catch (Exception ex) { _logger.LogDebug(ex, "Closing the ledger connection failed"); }
        _connection = null;
    }

    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        await _loop;
    }
}

internal abstract class LedgerOperation
{
    public abstract Task ExecuteAsync(LedgerSession session);
    public abstract void Complete();
    public abstract void Fail(Exception error);
}

internal sealed class LedgerOperation<T>(Func<LedgerSession, Task<T>> body) : LedgerOperation
{
    private readonly TaskCompletionSource<T> _result = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private T? _value;

    public Task<T> Result => _result.Task;

    public override async Task ExecuteAsync(LedgerSession session) => _value = await body(session);

    public override void Complete() => _result.TrySetResult(_value!);

    public override void Fail(Exception error) => _result.TrySetException(error);
}

/// <summary>
/// The current season per guild, read once and then kept by the writer (the only place seasons start).
/// Changes made inside a batch become visible to later batches only if that batch commits.
/// </summary>
public sealed class SeasonCache
{
    private readonly Dictionary<ulong, long> _committed = [];
    private readonly Dictionary<ulong, long> _pending = [];

    internal void BeginBatch() => _pending.Clear();
    internal void CommitBatch()
    {
        foreach (var (guild, season) in _pending) _committed[guild] = season;
        _pending.Clear();
    }
    internal void RollbackBatch() => _pending.Clear();

    internal async Task<long> CurrentAsync(LedgerSession s, ulong guildId)
    {
        if (_pending.TryGetValue(guildId, out var pending)) return pending;
        if (_committed.TryGetValue(guildId, out var season)) return season;
        season = await s.ScalarAsync<long?>("SELECT MAX(id) FROM ambassador_seasons WHERE guild_id = @guildId", new { guildId }) ?? 0;
        _pending[guildId] = season;
        return season;
    }

    internal void Started(ulong guildId, long seasonId) => _pending[guildId] = seasonId;
}
