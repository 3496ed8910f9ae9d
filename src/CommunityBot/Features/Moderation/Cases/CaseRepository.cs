using System.Data.Common;
using CommunityBot.Storage;
using Dapper;

namespace CommunityBot.Features.Moderation.Cases;

/// <summary>
/// The case history. Numbers are allocated per guild by bumping a counter row inside the transaction that
/// inserts the case, so concurrent actions get distinct consecutive numbers on both databases; a case is keyed
/// on what caused it, so a replayed event or a double click returns the existing case instead of a new one.
/// </summary>
public sealed class CaseRepository(IDbConnectionFactory db, TimeProvider time)
{
    private const string Columns = """
        id AS Id, guild_id AS GuildId, case_number AS CaseNumber, kind AS Kind, target_id AS TargetId, moderator_id AS ModeratorId,
        reason AS Reason, duration_seconds AS DurationSeconds, message_id AS MessageId, channel_id AS ChannelId,
        message_snapshot AS MessageSnapshot, source AS Source, linked_cases AS LinkedCases, dm_delivered AS DmDelivered,
        modlog_message_id AS ModlogMessageId, revoked AS Revoked, idempotency_key AS IdempotencyKey, created_at AS CreatedAt
        """;

    /// <returns>The case, and whether this call created it (false: it already existed for that idempotency key).</returns>
    public async Task<(ModCase Case, bool Created)> CreateAsync(NewCase c, CancellationToken ct = default)
    {
        for (var attempt = 1; ; attempt++)
        {
            await using var connection = await db.OpenAsync(ct);
            if (await FindByKeyAsync(connection, null, c.GuildId, c.IdempotencyKey, ct) is { } existing) return (existing, false);
            try
            {
                await using var tx = await connection.BeginTransactionAsync(ct);
                var number = await connection.ExecuteScalarAsync<int>(new CommandDefinition("""
                    INSERT INTO mod_case_counters (guild_id, last_number) VALUES (@GuildId, 1)
                    ON CONFLICT (guild_id) DO UPDATE SET last_number = mod_case_counters.last_number + 1
                    RETURNING last_number
                    """, new { c.GuildId }, tx, cancellationToken: ct));
                var id = await connection.ExecuteScalarAsync<long>(new CommandDefinition("""
                    INSERT INTO mod_cases (guild_id, case_number, kind, target_id, moderator_id, reason, duration_seconds, message_id, channel_id,
                                           message_snapshot, source, linked_cases, idempotency_key, created_at)
                    VALUES (@GuildId, @number, @Kind, @TargetId, @ModeratorId, @Reason, @duration, @MessageId, @ChannelId,
                            @MessageSnapshot, @Source, @linked, @IdempotencyKey, @now)
                    RETURNING id
                    """, new
                {
                    c.GuildId, number, c.Kind, c.TargetId, c.ModeratorId, c.Reason, duration = (long?)c.Duration?.TotalSeconds, c.MessageId, c.ChannelId,
                    c.MessageSnapshot, c.Source, linked = c.LinkedCases.Count == 0 ? null : string.Join(',', c.LinkedCases), c.IdempotencyKey,
                    now = time.GetUtcNow(),
                }, tx, cancellationToken: ct));
                await tx.CommitAsync(ct);
                return ((await GetAsync(id, ct))!, true);
            }
            catch (DbException) when (attempt < 3)
            {
                // Another writer recorded the same key between our check and insert: the loop returns theirs.
            }
        }
    }

    public async Task<ModCase?> FindByKeyAsync(ulong guildId, string key, CancellationToken ct = default)
    {
        await using var connection = await db.OpenAsync(ct);
        return await FindByKeyAsync(connection, null, guildId, key, ct);
    }

    private static Task<ModCase?> FindByKeyAsync(DbConnection connection, DbTransaction? tx, ulong guildId, string key, CancellationToken ct) =>
        connection.QuerySingleOrDefaultAsync<ModCase>(new CommandDefinition(
            $"SELECT {Columns} FROM mod_cases WHERE guild_id = @guildId AND idempotency_key = @key", new { guildId, key }, tx, cancellationToken: ct));

    public async Task<ModCase?> GetAsync(long id, CancellationToken ct = default)
    {
        await using var connection = await db.OpenAsync(ct);
        return await connection.QuerySingleOrDefaultAsync<ModCase>(new CommandDefinition(
            $"SELECT {Columns} FROM mod_cases WHERE id = @id", new { id }, cancellationToken: ct));
    }

    public async Task<ModCase?> GetByNumberAsync(ulong guildId, int number, CancellationToken ct = default)
    {
        await using var connection = await db.OpenAsync(ct);
        return await connection.QuerySingleOrDefaultAsync<ModCase>(new CommandDefinition(
            $"SELECT {Columns} FROM mod_cases WHERE guild_id = @guildId AND case_number = @number", new { guildId, number }, cancellationToken: ct));
    }

    public async Task<IReadOnlyList<ModCase>> ForMemberAsync(ulong guildId, ulong targetId, int limit, CancellationToken ct = default)
    {
        await using var connection = await db.OpenAsync(ct);
        return (await connection.QueryAsync<ModCase>(new CommandDefinition(
            $"SELECT {Columns} FROM mod_cases WHERE guild_id = @guildId AND target_id = @targetId ORDER BY case_number DESC LIMIT @limit",
            new { guildId, targetId, limit }, cancellationToken: ct))).ToList();
    }

    /// <summary>Warnings still standing (not withdrawn) at or after <paramref name="since"/>, oldest first.</summary>
    public async Task<IReadOnlyList<ModCase>> ActiveWarningsSinceAsync(ulong guildId, ulong targetId, DateTimeOffset since, CancellationToken ct = default)
    {
        await using var connection = await db.OpenAsync(ct);
        return (await connection.QueryAsync<ModCase>(new CommandDefinition(
            $"SELECT {Columns} FROM mod_cases WHERE guild_id = @guildId AND target_id = @targetId AND kind = 'warn' AND revoked = 0 AND created_at >= @since ORDER BY case_number",
            new { guildId, targetId, since }, cancellationToken: ct))).ToList();
    }

    public async Task<bool> UpdateReasonAsync(ulong guildId, int number, string reason, CancellationToken ct = default)
    {
        await using var connection = await db.OpenAsync(ct);
        return await connection.ExecuteAsync(new CommandDefinition(
            "UPDATE mod_cases SET reason = @reason WHERE guild_id = @guildId AND case_number = @number", new { guildId, number, reason }, cancellationToken: ct)) > 0;
    }

    public async Task SetDmDeliveredAsync(long id, bool delivered, CancellationToken ct = default)
    {
        await using var connection = await db.OpenAsync(ct);
        await connection.ExecuteAsync(new CommandDefinition(
            "UPDATE mod_cases SET dm_delivered = @value WHERE id = @id", new { id, value = delivered ? 1 : 0 }, cancellationToken: ct));
    }

    public async Task SetModlogMessageAsync(long id, ulong messageId, CancellationToken ct = default)
    {
        await using var connection = await db.OpenAsync(ct);
        await connection.ExecuteAsync(new CommandDefinition(
            "UPDATE mod_cases SET modlog_message_id = @messageId WHERE id = @id", new { id, messageId }, cancellationToken: ct));
    }

    public async Task RevokeAsync(long id, CancellationToken ct = default)
    {
        await using var connection = await db.OpenAsync(ct);
        await connection.ExecuteAsync(new CommandDefinition("UPDATE mod_cases SET revoked = 1 WHERE id = @id", new { id }, cancellationToken: ct));
    }
}
