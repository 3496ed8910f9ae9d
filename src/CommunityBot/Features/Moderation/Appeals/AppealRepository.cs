using CommunityBot.Storage;
using Dapper;

namespace CommunityBot.Features.Moderation.Appeals;

public static class AppealStatus
{
    public const string Open = "open";
    public const string Accepted = "accepted";
    public const string Denied = "denied";
}

public sealed class Appeal
{
    public long Id { get; set; }
    public ulong GuildId { get; set; }
    public long CaseId { get; set; }
    public ulong MemberId { get; set; }
    public string Text { get; set; } = "";
    public string Status { get; set; } = "";
    public ulong? CardChannelId { get; set; }
    public ulong? CardMessageId { get; set; }
    public ulong? ResolvedBy { get; set; }
}

/// <summary>Appeals: one per case (a second submission is refused), resolved by a conditional UPDATE so two moderators cannot both decide.</summary>
public sealed class AppealRepository(IDbConnectionFactory db, TimeProvider time)
{
    private const string Columns = """
        id AS Id, guild_id AS GuildId, case_id AS CaseId, member_id AS MemberId, text AS Text, status AS Status,
        card_channel_id AS CardChannelId, card_message_id AS CardMessageId, resolved_by AS ResolvedBy
        """;

    /// <returns>The new appeal, or null when this case was already appealed.</returns>
    public async Task<Appeal?> CreateAsync(ulong guildId, long caseId, ulong memberId, string text, CancellationToken ct = default)
    {
        await using var connection = await db.OpenAsync(ct);
        var id = await connection.ExecuteScalarAsync<long?>(new CommandDefinition("""
            INSERT INTO mod_appeals (guild_id, case_id, member_id, text, status, created_at) VALUES (@guildId, @caseId, @memberId, @text, 'open', @now)
            ON CONFLICT (case_id) DO NOTHING RETURNING id
            """, new { guildId, caseId, memberId, text, now = time.GetUtcNow() }, cancellationToken: ct));
        return id is { } appealId ? await GetAsync(appealId, ct) : null;
    }

    public async Task<Appeal?> GetAsync(long id, CancellationToken ct = default)
    {
        await using var connection = await db.OpenAsync(ct);
        return await connection.QuerySingleOrDefaultAsync<Appeal>(new CommandDefinition($"SELECT {Columns} FROM mod_appeals WHERE id = @id", new { id }, cancellationToken: ct));
    }

    public async Task<Appeal?> ForCaseAsync(long caseId, CancellationToken ct = default)
    {
        await using var connection = await db.OpenAsync(ct);
        return await connection.QuerySingleOrDefaultAsync<Appeal>(new CommandDefinition($"SELECT {Columns} FROM mod_appeals WHERE case_id = @caseId", new { caseId }, cancellationToken: ct));
    }

    public async Task SetCardAsync(long id, ulong channelId, ulong messageId, CancellationToken ct = default)
    {
        await using var connection = await db.OpenAsync(ct);
        await connection.ExecuteAsync(new CommandDefinition(
            "UPDATE mod_appeals SET card_channel_id = @channelId, card_message_id = @messageId WHERE id = @id", new { id, channelId, messageId }, cancellationToken: ct));
    }

    /// <summary>Open → accepted/denied; false when another moderator decided first.</summary>
    public async Task<bool> DecideAsync(long id, string status, ulong moderatorId, CancellationToken ct = default)
    {
        await using var connection = await db.OpenAsync(ct);
        return await connection.ExecuteAsync(new CommandDefinition(
            "UPDATE mod_appeals SET status = @status, resolved_by = @moderatorId, resolved_at = @now WHERE id = @id AND status = 'open'",
            new { id, status, moderatorId, now = time.GetUtcNow() }, cancellationToken: ct)) == 1;
    }
}
