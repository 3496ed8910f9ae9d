using CommunityBot.Storage;
using Dapper;

namespace CommunityBot.Features.Moderation.Queue;

public static class CardStatus
{
    public const string Open = "open";
    /// <summary>A moderator's reaction claimed the card and the action is running.</summary>
    public const string Acting = "acting";
    public const string Resolved = "resolved";
}

public sealed class QueueCard
{
    public long Id { get; set; }
    public ulong GuildId { get; set; }
    public ulong MessageId { get; set; }
    public ulong ChannelId { get; set; }
    public ulong AuthorId { get; set; }
    public string Content { get; set; } = "";
    public ulong CardChannelId { get; set; }
    public ulong? CardMessageId { get; set; }
    public string Status { get; set; } = "";
    public ulong? ActedBy { get; set; }
    public string? Outcome { get; set; }
    public int? CaseNumber { get; set; }
    public long MessageDeleted { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
}

/// <summary>Why a card exists: a rule that matched (key = rule name) or a member's report (key = reporter id).</summary>
public sealed class QueueFlag
{
    public string Source { get; set; } = "";
    public string FlagKey { get; set; } = "";
    public ulong? ReporterId { get; set; }
    public string Detail { get; set; } = "";
}

public static class FlagSources
{
    public const string Rule = "rule";
    public const string Report = "report";
}

/// <summary>
/// Queue cards and their flags. A card is unique per flagged message, so two rules or a rule and a report land on
/// one card; acting on a card is a conditional UPDATE (open → acting), so of two moderators reacting at once
/// exactly one wins, and everything is looked up by the card's message id, so cards survive restarts.
/// </summary>
public sealed class QueueRepository(IDbConnectionFactory db, TimeProvider time)
{
    /// <summary>This process, as the owner of the claims it makes.</summary>
    private static readonly string ProcessOwner = Guid.NewGuid().ToString("N");

    private const string Columns = """
        id AS Id, guild_id AS GuildId, message_id AS MessageId, channel_id AS ChannelId, author_id AS AuthorId, content AS Content,
        card_channel_id AS CardChannelId, card_message_id AS CardMessageId, status AS Status, acted_by AS ActedBy, outcome AS Outcome,
        case_number AS CaseNumber, message_deleted AS MessageDeleted, created_at AS CreatedAt
        """;

    /// <returns>The card for this message, and whether this call created it (and so must post it).</returns>
    public async Task<(QueueCard Card, bool Created)> GetOrCreateAsync(ulong guildId, ulong messageId, ulong channelId, ulong authorId, string content,
        ulong cardChannelId, CancellationToken ct = default)
    {
        await using var connection = await db.OpenAsync(ct);
        var id = await connection.ExecuteScalarAsync<long?>(new CommandDefinition("""
            INSERT INTO mod_queue_cards (guild_id, message_id, channel_id, author_id, content, card_channel_id, status, created_at)
            VALUES (@guildId, @messageId, @channelId, @authorId, @content, @cardChannelId, 'open', @now)
            ON CONFLICT (guild_id, message_id) DO NOTHING
            RETURNING id
            """, new { guildId, messageId, channelId, authorId, content, cardChannelId, now = time.GetUtcNow() }, cancellationToken: ct));
        var card = await connection.QuerySingleAsync<QueueCard>(new CommandDefinition(
            $"SELECT {Columns} FROM mod_queue_cards WHERE guild_id = @guildId AND message_id = @messageId", new { guildId, messageId }, cancellationToken: ct));
        return (card, id is not null);
    }

    /// <returns>False when this flag (same rule, or same reporter) is already on the card.</returns>
    public async Task<bool> AddFlagAsync(long cardId, string source, string key, ulong? reporterId, string detail, CancellationToken ct = default)
    {
        await using var connection = await db.OpenAsync(ct);
        return await connection.ExecuteAsync(new CommandDefinition("""
            INSERT INTO mod_queue_flags (card_id, source, flag_key, reporter_id, detail, created_at)
            VALUES (@cardId, @source, @key, @reporterId, @detail, @now)
            ON CONFLICT (card_id, source, flag_key) DO NOTHING
            """, new { cardId, source, key, reporterId, detail, now = time.GetUtcNow() }, cancellationToken: ct)) > 0;
    }

    public async Task<IReadOnlyList<QueueFlag>> FlagsAsync(long cardId, CancellationToken ct = default)
    {
        await using var connection = await db.OpenAsync(ct);
        return (await connection.QueryAsync<QueueFlag>(new CommandDefinition(
            "SELECT source AS Source, flag_key AS FlagKey, reporter_id AS ReporterId, detail AS Detail FROM mod_queue_flags WHERE card_id = @cardId ORDER BY id",
            new { cardId }, cancellationToken: ct))).ToList();
    }

    public async Task SetCardMessageAsync(long cardId, ulong cardMessageId, CancellationToken ct = default)
    {
        await using var connection = await db.OpenAsync(ct);
        await connection.ExecuteAsync(new CommandDefinition(
            "UPDATE mod_queue_cards SET card_message_id = @cardMessageId WHERE id = @cardId", new { cardId, cardMessageId }, cancellationToken: ct));
    }

    public async Task<QueueCard?> GetAsync(long cardId, CancellationToken ct = default)
    {
        await using var connection = await db.OpenAsync(ct);
        return await connection.QuerySingleOrDefaultAsync<QueueCard>(new CommandDefinition(
            $"SELECT {Columns} FROM mod_queue_cards WHERE id = @cardId", new { cardId }, cancellationToken: ct));
    }

    public async Task<QueueCard?> FindByCardMessageAsync(ulong cardMessageId, CancellationToken ct = default)
    {
        await using var connection = await db.OpenAsync(ct);
        return await connection.QuerySingleOrDefaultAsync<QueueCard>(new CommandDefinition(
            $"SELECT {Columns} FROM mod_queue_cards WHERE card_message_id = @cardMessageId", new { cardMessageId }, cancellationToken: ct));
    }

    /// <summary>The guild's posted cards still waiting for a moderator, oldest first.</summary>
    public async Task<IReadOnlyList<QueueCard>> OpenCardsAsync(ulong guildId, CancellationToken ct = default)
    {
        await using var connection = await db.OpenAsync(ct);
        return (await connection.QueryAsync<QueueCard>(new CommandDefinition(
            $"SELECT {Columns} FROM mod_queue_cards WHERE guild_id = @guildId AND status = 'open' AND card_message_id IS NOT NULL ORDER BY id",
            new { guildId }, cancellationToken: ct))).ToList();
    }

    /// <summary>Open → acting for one moderator. Exactly one concurrent caller gets true.</summary>
    public async Task<bool> ClaimAsync(long cardId, ulong moderatorId, string action, CancellationToken ct = default)
    {
        await using var connection = await db.OpenAsync(ct);
        return await connection.ExecuteAsync(new CommandDefinition(
            "UPDATE mod_queue_cards SET status = 'acting', acted_by = @moderatorId, outcome = @action, acting_owner = @owner WHERE id = @cardId AND status = 'open'",
            new { cardId, moderatorId, action, owner = ProcessOwner }, cancellationToken: ct)) == 1;
    }

    /// <summary>
    /// Cards claimed by a process that is gone (it died between the claim and the outcome): their action was chosen and
    /// must still be finished. A guild's cards are only acted on by the process that receives its events, so a claim by
    /// any other process is one nobody is working on.
    /// </summary>
    public async Task<IReadOnlyList<QueueCard>> AbandonedClaimsAsync(ulong guildId, CancellationToken ct = default)
    {
        await using var connection = await db.OpenAsync(ct);
        return (await connection.QueryAsync<QueueCard>(new CommandDefinition(
            $"SELECT {Columns} FROM mod_queue_cards WHERE guild_id = @guildId AND status = 'acting' AND (acting_owner IS NULL OR acting_owner <> @owner) ORDER BY id",
            new { guildId, owner = ProcessOwner }, cancellationToken: ct))).ToList();
    }

    public async Task ResolveAsync(long cardId, string outcome, int? caseNumber, CancellationToken ct = default)
    {
        await using var connection = await db.OpenAsync(ct);
        await connection.ExecuteAsync(new CommandDefinition(
            "UPDATE mod_queue_cards SET status = 'resolved', outcome = @outcome, case_number = @caseNumber, resolved_at = @now WHERE id = @cardId",
            new { cardId, outcome, caseNumber, now = time.GetUtcNow() }, cancellationToken: ct));
    }

    /// <summary>The action failed (e.g. a hierarchy refusal): the card is open again so another action can be chosen.</summary>
    public async Task ReopenAsync(long cardId, string note, CancellationToken ct = default)
    {
        await using var connection = await db.OpenAsync(ct);
        await connection.ExecuteAsync(new CommandDefinition(
            "UPDATE mod_queue_cards SET status = 'open', acted_by = NULL, outcome = @note WHERE id = @cardId", new { cardId, note }, cancellationToken: ct));
    }

    /// <summary>A note on an open card (what automod did already); a card a moderator is acting on is left alone.</summary>
    public async Task SetNoteAsync(long cardId, string note, CancellationToken ct = default)
    {
        await using var connection = await db.OpenAsync(ct);
        await connection.ExecuteAsync(new CommandDefinition(
            "UPDATE mod_queue_cards SET outcome = @note WHERE id = @cardId AND status = 'open'", new { cardId, note }, cancellationToken: ct));
    }

    public async Task MarkMessageDeletedAsync(long cardId, CancellationToken ct = default)
    {
        await using var connection = await db.OpenAsync(ct);
        await connection.ExecuteAsync(new CommandDefinition(
            "UPDATE mod_queue_cards SET message_deleted = 1 WHERE id = @cardId", new { cardId }, cancellationToken: ct));
    }

    /// <summary>Reporters not yet told the outcome; marks them told, so a replay never DMs twice.</summary>
    public async Task<IReadOnlyList<ulong>> TakeReportersToNotifyAsync(long cardId, CancellationToken ct = default)
    {
        await using var connection = await db.OpenAsync(ct);
        return (await connection.QueryAsync<ulong>(new CommandDefinition(
            "UPDATE mod_queue_flags SET notified = 1 WHERE card_id = @cardId AND source = 'report' AND notified = 0 RETURNING reporter_id",
            new { cardId }, cancellationToken: ct))).ToList();
    }
}
