using CommunityBot.Storage;
using Dapper;

namespace CommunityBot.Features.Faq;

public sealed class FaqNudge
{
    public long Id { get; set; }
    public ulong GuildId { get; set; }
    public ulong ChannelId { get; set; }
    public ulong QuestionMessageId { get; set; }
    public ulong AskerId { get; set; }
    public long EntryId { get; set; }
    public double Score { get; set; }
    public ulong? ReplyMessageId { get; set; }
    public string? Outcome { get; set; }
}

public static class NudgeOutcome
{
    public const string Helped = "helped";
    public const string Dismissed = "dismissed";
}

/// <summary>The nudge tables: the per-channel cooldown, one suggestion per question message, and what came of it.</summary>
public sealed class FaqNudges(IDbConnectionFactory db)
{
    /// <summary>
    /// Claims the channel's cooldown and records the suggestion in one transaction. Null when the channel was
    /// nudged within <paramref name="cooldown"/> or this message was already handled (a replayed event).
    /// </summary>
    public async Task<long?> TryReserveAsync(ulong guildId, ulong channelId, ulong questionMessageId, ulong askerId, long entryId, double score,
        DateTimeOffset now, TimeSpan cooldown, CancellationToken ct = default)
    {
        await using var c = await db.OpenAsync(ct);
        await using var tx = await c.BeginTransactionAsync(ct);
        var claimed = await c.ExecuteAsync(new CommandDefinition("""
            INSERT INTO faq_nudge_channels (channel_id, last_nudge_at) VALUES (@channelId, @now)
            ON CONFLICT (channel_id) DO UPDATE SET last_nudge_at = excluded.last_nudge_at
            WHERE faq_nudge_channels.last_nudge_at <= @cutoff
            """, new { channelId, now, cutoff = now - cooldown }, tx, cancellationToken: ct)) == 1;
        if (!claimed) return null;
        var id = await c.ExecuteScalarAsync<long?>(new CommandDefinition("""
            INSERT INTO faq_nudges (guild_id, channel_id, question_message_id, asker_id, entry_id, score, created_at)
            VALUES (@guildId, @channelId, @questionMessageId, @askerId, @entryId, @score, @now)
            ON CONFLICT DO NOTHING RETURNING id
            """, new { guildId, channelId, questionMessageId, askerId, entryId, score, now }, tx, cancellationToken: ct));
        if (id is null) return null; // rolled back with the cooldown claim
        await tx.CommitAsync(ct);
        return id;
    }

    public async Task SetReplyAsync(long id, ulong replyMessageId, CancellationToken ct = default)
    {
        await using var c = await db.OpenAsync(ct);
        await c.ExecuteAsync(new CommandDefinition("UPDATE faq_nudges SET reply_message_id = @replyMessageId WHERE id = @id",
            new { id, replyMessageId }, cancellationToken: ct));
    }

    public async Task<FaqNudge?> GetAsync(ulong guildId, long id, CancellationToken ct = default)
    {
        await using var c = await db.OpenAsync(ct);
        return await c.QuerySingleOrDefaultAsync<FaqNudge>(new CommandDefinition("""
            SELECT id, guild_id AS GuildId, channel_id AS ChannelId, question_message_id AS QuestionMessageId, asker_id AS AskerId,
                   entry_id AS EntryId, score, reply_message_id AS ReplyMessageId, outcome
            FROM faq_nudges WHERE id = @id AND guild_id = @guildId
            """, new { id, guildId }, cancellationToken: ct));
    }

    /// <summary>Records whether the suggestion helped; only the first answer counts.</summary>
    public async Task<bool> RecordOutcomeAsync(long id, string outcome, ulong by, DateTimeOffset now, CancellationToken ct = default)
    {
        await using var c = await db.OpenAsync(ct);
        return await c.ExecuteAsync(new CommandDefinition(
            "UPDATE faq_nudges SET outcome = @outcome, outcome_by = @by, outcome_at = @now WHERE id = @id AND outcome IS NULL",
            new { id, outcome, by, now }, cancellationToken: ct)) == 1;
    }
}
