using Dapper;
using CommunityBot.Storage;

namespace CommunityBot.Jobs;

/// <summary>
/// SQL for the jobs table. A claim is one UPDATE … RETURNING on a single row, so two runners (or two
/// processes sharing PostgreSQL, where SKIP LOCKED keeps them off each other's rows) never get the same job.
/// A claim is a lease: if the process dies mid-job, the job becomes claimable again when the lease ends.
/// </summary>
public sealed class JobStore(IDbConnectionFactory db, TimeProvider time) : IJobScheduler
{
    public const int MaxAttempts = 8;
    public event Action? Scheduled;

    public async Task ScheduleAsync(string kind, string key, DateTimeOffset dueAt, string payload = "{}", ulong? guildId = null, bool replace = false, CancellationToken ct = default)
    {
        var conflict = replace
            ? "DO UPDATE SET due_at = excluded.due_at, payload = excluded.payload, attempts = 0, dead = 0, claimed_by = NULL, claimed_until = NULL, last_error = NULL"
            : "DO NOTHING";
        await using var connection = await db.OpenAsync(ct);
        await connection.ExecuteAsync(new CommandDefinition(
            $"INSERT INTO jobs (kind, job_key, guild_id, payload, due_at) VALUES (@kind, @key, @guildId, @payload, @dueAt) ON CONFLICT (kind, job_key) {conflict}",
            new { kind, key, guildId, payload, dueAt }, cancellationToken: ct));
        Scheduled?.Invoke();
    }

    public async Task<bool> CancelAsync(string kind, string key, CancellationToken ct = default)
    {
        await using var connection = await db.OpenAsync(ct);
        return await connection.ExecuteAsync(new CommandDefinition(
            "DELETE FROM jobs WHERE kind = @kind AND job_key = @key", new { kind, key }, cancellationToken: ct)) > 0;
    }

    public async Task<bool> ExistsAsync(string kind, string key, CancellationToken ct = default)
    {
        await using var connection = await db.OpenAsync(ct);
        return await connection.ExecuteScalarAsync<long>(new CommandDefinition(
            "SELECT COUNT(*) FROM jobs WHERE kind = @kind AND job_key = @key", new { kind, key }, cancellationToken: ct)) > 0;
    }

    public async Task<Job?> ClaimNextAsync(string owner, TimeSpan lease, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        var skipLocked = db.Provider == DatabaseProvider.Postgres ? "FOR UPDATE SKIP LOCKED" : "";
        await using var connection = await db.OpenAsync(ct);
        var row = await connection.QuerySingleOrDefaultAsync<JobRow>(new CommandDefinition($"""
            UPDATE jobs SET claimed_by = @owner, claimed_until = @until, attempts = attempts + 1
            WHERE id = (SELECT id FROM jobs
                        WHERE dead = 0 AND due_at <= @now AND (claimed_until IS NULL OR claimed_until < @now)
                        ORDER BY due_at LIMIT 1 {skipLocked})
            RETURNING id, kind, job_key AS JobKey, guild_id AS GuildId, payload, due_at AS DueAt, attempts
            """, new { owner, until = now + lease, now }, cancellationToken: ct));
        return row is null ? null : new Job(row.Id, row.Kind, row.JobKey, row.GuildId is { } g ? unchecked((ulong)g) : null, row.Payload,
            DateTimeOffset.FromUnixTimeMilliseconds(row.DueAt), row.Attempts);
    }

    public async Task CompleteAsync(Job job, string owner, CancellationToken ct)
    {
        await using var connection = await db.OpenAsync(ct);
        await connection.ExecuteAsync(new CommandDefinition(
            "DELETE FROM jobs WHERE id = @id AND claimed_by = @owner", new { id = job.Id, owner }, cancellationToken: ct));
    }

    /// <summary>Releases a failed job for a later retry with exponential backoff, or parks it as dead after <see cref="MaxAttempts"/>.</summary>
    public async Task FailAsync(Job job, string owner, string error, CancellationToken ct)
    {
        var retryAt = time.GetUtcNow() + TimeSpan.FromSeconds(Math.Min(3600, 5 * Math.Pow(2, job.Attempt - 1)));
        await using var connection = await db.OpenAsync(ct);
        await connection.ExecuteAsync(new CommandDefinition("""
            UPDATE jobs SET claimed_by = NULL, claimed_until = NULL, last_error = @error, due_at = @retryAt,
                            dead = CASE WHEN attempts >= @max THEN 1 ELSE 0 END
            WHERE id = @id AND claimed_by = @owner
            """, new { id = job.Id, owner, error = error.Length > 2000 ? error[..2000] : error, retryAt, max = MaxAttempts }, cancellationToken: ct));
    }

    /// <summary>Extends a running job's lease; false if it is no longer this owner's (the lease ran out and another runner took it).</summary>
    public async Task<bool> RenewAsync(Job job, string owner, TimeSpan lease, CancellationToken ct)
    {
        await using var connection = await db.OpenAsync(ct);
        return await connection.ExecuteAsync(new CommandDefinition(
            "UPDATE jobs SET claimed_until = @until WHERE id = @id AND claimed_by = @owner",
            new { id = job.Id, owner, until = time.GetUtcNow() + lease }, cancellationToken: ct)) == 1;
    }

    public async Task ReleaseAsync(Job job, string owner, CancellationToken ct)
    {
        await using var connection = await db.OpenAsync(ct);
        await connection.ExecuteAsync(new CommandDefinition(
            "UPDATE jobs SET claimed_by = NULL, claimed_until = NULL WHERE id = @id AND claimed_by = @owner", new { id = job.Id, owner }, cancellationToken: ct));
    }

    /// <summary>When the next job becomes due (or a lease ends), so the runner can sleep exactly until then.</summary>
    public async Task<DateTimeOffset?> NextDueAsync(CancellationToken ct)
    {
        await using var connection = await db.OpenAsync(ct);
        var next = await connection.ExecuteScalarAsync<long?>(new CommandDefinition(
            "SELECT MIN(CASE WHEN claimed_until IS NOT NULL AND claimed_until > due_at THEN claimed_until ELSE due_at END) FROM jobs WHERE dead = 0",
            cancellationToken: ct));
        return next is { } ms ? DateTimeOffset.FromUnixTimeMilliseconds(ms) : null;
    }

    private sealed class JobRow
    {
        public long Id { get; init; }
        public string Kind { get; init; } = "";
        public string JobKey { get; init; } = "";
        public long? GuildId { get; init; }
        public string Payload { get; init; } = "";
        public long DueAt { get; init; }
        public int Attempts { get; init; }
    }
}
