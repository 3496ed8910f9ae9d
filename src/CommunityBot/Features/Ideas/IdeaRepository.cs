using CommunityBot.Features.Brainstorming;
using System.Data.Common;
using CommunityBot.Storage;
using Dapper;

namespace CommunityBot.Features.Ideas;

/// <summary>The outcome of a status change: the change id, or why it was refused, or null id on a replay.</summary>
public sealed record StatusChangeResult(long? ChangeId, string? Refusal, int Notified)
{
    public static StatusChangeResult Refused(string why) => new(null, why, 0);
}

/// <summary>Idea storage: cards, one changeable vote per member, status history and the notification ledger.</summary>
public sealed class IdeaRepository(IDbConnectionFactory db)
{
    private const string IdeaColumns = """
        id, guild_id AS GuildId, channel_id AS ChannelId, message_id AS MessageId, thread_id AS ThreadId, author_id AS AuthorId, title, description,
        status, status_reason AS StatusReason, duplicate_of AS DuplicateOf, created_at AS CreatedAt, shipped_at AS ShippedAt
        """;

    public async Task<long?> CreateAsync(ulong guildId, ulong channelId, ulong authorId, ulong interactionId, string title, string description, DateTimeOffset now, CancellationToken ct = default)
    {
        await using var connection = await db.OpenAsync(ct);
        return await connection.ExecuteScalarAsync<long?>(new CommandDefinition("""
            INSERT INTO ideas (guild_id, channel_id, author_id, submit_interaction_id, title, description, created_at, status_changed_at)
            VALUES (@guildId, @channelId, @authorId, @interactionId, @title, @description, @now, @now)
            ON CONFLICT (submit_interaction_id) DO NOTHING RETURNING id
            """, new { guildId, channelId, authorId, interactionId, title, description, now = now.ToUnixTimeMilliseconds() }, cancellationToken: ct));
    }

    public async Task SetMessageAsync(long ideaId, ulong messageId, ulong? threadId, CancellationToken ct = default)
    {
        await using var connection = await db.OpenAsync(ct);
        await connection.ExecuteAsync(new CommandDefinition(
            "UPDATE ideas SET message_id = @messageId, thread_id = @threadId WHERE id = @ideaId", new { ideaId, messageId, threadId }, cancellationToken: ct));
    }

    public async Task DeleteAsync(long ideaId, CancellationToken ct = default)
    {
        await using var connection = await db.OpenAsync(ct);
        await connection.ExecuteAsync(new CommandDefinition("DELETE FROM ideas WHERE id = @ideaId", new { ideaId }, cancellationToken: ct));
    }

    public async Task<Idea?> GetAsync(long ideaId, CancellationToken ct = default)
    {
        await using var connection = await db.OpenAsync(ct);
        return await GetAsync(connection, null, ideaId, ct);
    }

    /// <summary>Sets a member's vote (+1 or -1). The idea row is share-locked on PostgreSQL so a vote never slips past a status change.</summary>
    public async Task<VoteOutcome> VoteAsync(long ideaId, ulong voterId, int value, ulong interactionId, DateTimeOffset now, CancellationToken ct = default)
    {
        await using var connection = await db.OpenAsync(ct);
        await using var tx = await connection.BeginTransactionAsync(ct);
        var lockClause = db.Provider == DatabaseProvider.Postgres ? "FOR SHARE" : "";
        var status = await connection.ExecuteScalarAsync<string?>(new CommandDefinition(
            $"SELECT status FROM ideas WHERE id = @ideaId {lockClause}", new { ideaId }, tx, cancellationToken: ct));
        if (status is null) return VoteOutcome.NotFound;
        if (!IdeaStatuses.Parse(status).AcceptsVotes()) return VoteOutcome.Closed;
        var changed = await connection.ExecuteAsync(new CommandDefinition("""
            INSERT INTO idea_votes (idea_id, voter_id, value, last_interaction_id, voted_at) VALUES (@ideaId, @voterId, @value, @interactionId, @now)
            ON CONFLICT (idea_id, voter_id) DO UPDATE SET value = excluded.value, last_interaction_id = excluded.last_interaction_id, voted_at = excluded.voted_at
            WHERE idea_votes.last_interaction_id < excluded.last_interaction_id
            """, new { ideaId, voterId, value, interactionId, now = now.ToUnixTimeMilliseconds() }, tx, cancellationToken: ct));
        await tx.CommitAsync(ct);
        return changed == 0 ? VoteOutcome.Stale : VoteOutcome.Recorded;
    }

    public async Task<IdeaVotes> VotesAsync(long ideaId, CancellationToken ct = default)
    {
        await using var connection = await db.OpenAsync(ct);
        var rows = (await connection.QueryAsync<(long Value, long Count)>(new CommandDefinition(
            "SELECT value, COUNT(*) FROM idea_votes WHERE idea_id = @ideaId GROUP BY value", new { ideaId }, cancellationToken: ct))).ToList();
        return new IdeaVotes((int)rows.Where(r => r.Value > 0).Sum(r => r.Count), (int)rows.Where(r => r.Value < 0).Sum(r => r.Count));
    }

    public async Task<int?> VoteOfAsync(long ideaId, ulong voterId, CancellationToken ct = default)
    {
        await using var connection = await db.OpenAsync(ct);
        return (int?)await connection.ExecuteScalarAsync<long?>(new CommandDefinition(
            "SELECT value FROM idea_votes WHERE idea_id = @ideaId AND voter_id = @voterId", new { ideaId, voterId }, cancellationToken: ct));
    }

    /// <summary>
    /// Moves an idea to <paramref name="to"/> in one transaction: checks the move, merges votes into the target of a
    /// duplicate (members who voted on both keep their vote on the target, so nobody counts twice), records the
    /// change, and queues a notification for the author and every voter except the moderator acting.
    /// </summary>
    public async Task<StatusChangeResult> ChangeStatusAsync(long ideaId, IdeaStatus to, string? reason, long? duplicateOf, ulong actorId,
        ulong interactionId, DateTimeOffset now, bool notifyVoters = true, CancellationToken ct = default)
    {
        await using var connection = await db.OpenAsync(ct);
        await using var tx = await connection.BeginTransactionAsync(ct);
        var idea = await GetAsync(connection, tx, ideaId, ct, forUpdate: true);
        if (idea is null) return StatusChangeResult.Refused($"There is no idea #{ideaId}.");
        if (idea.Status == IdeaStatus.Duplicate)
            return StatusChangeResult.Refused($"Idea #{ideaId} was merged into #{idea.DuplicateOf}; change that idea instead.");
        if (idea.Status == to) return StatusChangeResult.Refused($"Idea #{ideaId} is already {to.Label()}.");

        if (to == IdeaStatus.Duplicate)
        {
            if (duplicateOf is not { } targetId) return StatusChangeResult.Refused("Option `duplicate_of` is required to mark an idea as a duplicate.");
            if (targetId == ideaId) return StatusChangeResult.Refused("An idea cannot be a duplicate of itself.");
            var target = await GetAsync(connection, tx, targetId, ct);
            if (target is null || target.GuildId != idea.GuildId) return StatusChangeResult.Refused($"There is no idea #{targetId} on this server.");
            if (target.Status == IdeaStatus.Duplicate)
                return StatusChangeResult.Refused($"Idea #{targetId} is itself a duplicate of #{target.DuplicateOf}; use #{target.DuplicateOf}.");
            await connection.ExecuteAsync(new CommandDefinition("""
                INSERT INTO idea_votes (idea_id, voter_id, value, last_interaction_id, voted_at)
                SELECT @targetId, voter_id, value, last_interaction_id, voted_at FROM idea_votes WHERE idea_id = @ideaId
                ON CONFLICT (idea_id, voter_id) DO NOTHING
                """, new { targetId, ideaId }, tx, cancellationToken: ct));
        }

        var changeId = await connection.ExecuteScalarAsync<long?>(new CommandDefinition("""
            INSERT INTO idea_status_changes (idea_id, from_status, to_status, reason, actor_id, changed_at, interaction_id)
            VALUES (@ideaId, @from, @to, @reason, @actorId, @now, @interactionId)
            ON CONFLICT (interaction_id) DO NOTHING RETURNING id
            """, new { ideaId, from = idea.Status.Key(), to = to.Key(), reason, actorId, now = now.ToUnixTimeMilliseconds(), interactionId }, tx, cancellationToken: ct));
        if (changeId is null) return new StatusChangeResult(null, null, 0); // replayed interaction: already applied

        await connection.ExecuteAsync(new CommandDefinition("""
            UPDATE ideas SET status = @to, status_reason = @reason, duplicate_of = @duplicateOf, status_changed_at = @now,
                             shipped_at = CASE WHEN @to = 'shipped' THEN @now ELSE shipped_at END
            WHERE id = @ideaId
            """, new { ideaId, to = to.Key(), reason, duplicateOf = to == IdeaStatus.Duplicate ? duplicateOf : null, now = now.ToUnixTimeMilliseconds() }, tx, cancellationToken: ct));

        var notified = await connection.ExecuteAsync(new CommandDefinition("""
            INSERT INTO idea_notifications (change_id, member_id, role)
            SELECT @changeId, member_id, MIN(role) FROM (
                SELECT author_id AS member_id, 'author' AS role FROM ideas WHERE id = @ideaId
                UNION ALL
                SELECT voter_id, 'voter' FROM idea_votes WHERE idea_id = @ideaId AND @notifyVoters = 1
            ) people
            WHERE member_id <> @actorId
            GROUP BY member_id
            """, new { changeId, ideaId, actorId, notifyVoters = notifyVoters ? 1 : 0 }, tx, cancellationToken: ct));
        await tx.CommitAsync(ct);
        return new StatusChangeResult(changeId, null, notified);
    }

    public async Task<IdeaStatusChange?> GetChangeAsync(long changeId, CancellationToken ct = default)
    {
        await using var connection = await db.OpenAsync(ct);
        var row = (await connection.QueryAsync<(long Id, long IdeaId, string From, string To, string? Reason, long ActorId, long ChangedAt)>(new CommandDefinition(
            "SELECT id, idea_id, from_status, to_status, reason, actor_id, changed_at FROM idea_status_changes WHERE id = @changeId",
            new { changeId }, cancellationToken: ct))).ToList();
        return row.Count == 0 ? null : new IdeaStatusChange(row[0].Id, row[0].IdeaId, IdeaStatuses.Parse(row[0].From), IdeaStatuses.Parse(row[0].To),
            row[0].Reason, unchecked((ulong)row[0].ActorId), DateTimeOffset.FromUnixTimeMilliseconds(row[0].ChangedAt));
    }

    public async Task<IReadOnlyList<PendingNotification>> PendingNotificationsAsync(long changeId, CancellationToken ct = default)
    {
        await using var connection = await db.OpenAsync(ct);
        return (await connection.QueryAsync<(long MemberId, string Role, long Attempts)>(new CommandDefinition(
            "SELECT member_id, role, attempts FROM idea_notifications WHERE change_id = @changeId AND state = 'pending' ORDER BY member_id",
            new { changeId }, cancellationToken: ct))).Select(r => new PendingNotification(unchecked((ulong)r.MemberId), r.Role, (int)r.Attempts)).ToList();
    }

    /// <summary>Records one delivery attempt: <paramref name="state"/> is sent, failed (final) or pending (retry later).</summary>
    public async Task RecordNotificationAsync(long changeId, ulong memberId, string state, string? error, CancellationToken ct = default)
    {
        await using var connection = await db.OpenAsync(ct);
        await connection.ExecuteAsync(new CommandDefinition(
            "UPDATE idea_notifications SET state = @state, error = @error, attempts = attempts + 1 WHERE change_id = @changeId AND member_id = @memberId",
            new { changeId, memberId, state, error }, cancellationToken: ct));
    }

    public async Task<IReadOnlyDictionary<string, int>> NotificationStatesAsync(long changeId, CancellationToken ct = default)
    {
        await using var connection = await db.OpenAsync(ct);
        return (await connection.QueryAsync<(string State, long Count)>(new CommandDefinition(
            "SELECT state, COUNT(*) FROM idea_notifications WHERE change_id = @changeId GROUP BY state", new { changeId }, cancellationToken: ct)))
            .ToDictionary(r => r.State, r => (int)r.Count);
    }

    public async Task<IReadOnlyList<ShippedIdea>> ShippedAsync(ulong guildId, int limit, CancellationToken ct = default)
    {
        await using var connection = await db.OpenAsync(ct);
        return (await connection.QueryAsync<(long Id, string Title, long ShippedAt, long Up)>(new CommandDefinition("""
            SELECT i.id, i.title, i.shipped_at, (SELECT COUNT(*) FROM idea_votes v WHERE v.idea_id = i.id AND v.value > 0)
            FROM ideas i WHERE i.guild_id = @guildId AND i.status = 'shipped'
            ORDER BY i.shipped_at DESC, i.id DESC LIMIT @limit
            """, new { guildId, limit }, cancellationToken: ct)))
            .Select(r => new ShippedIdea(r.Id, r.Title, DateTimeOffset.FromUnixTimeMilliseconds(r.ShippedAt), (int)r.Up)).ToList();
    }

    private async Task<Idea?> GetAsync(DbConnection connection, DbTransaction? tx, long ideaId, CancellationToken ct, bool forUpdate = false)
    {
        var lockClause = forUpdate && db.Provider == DatabaseProvider.Postgres ? "FOR UPDATE" : "";
        var row = await connection.QuerySingleOrDefaultAsync<IdeaRow>(new CommandDefinition(
            $"SELECT {IdeaColumns} FROM ideas WHERE id = @ideaId {lockClause}", new { ideaId }, tx, cancellationToken: ct));
        return row is null ? null : new Idea(row.Id, Id(row.GuildId), Id(row.ChannelId), row.MessageId is { } m ? Id(m) : null, row.ThreadId is { } t ? Id(t) : null,
            Id(row.AuthorId), row.Title, row.Description, IdeaStatuses.Parse(row.Status), row.StatusReason, row.DuplicateOf,
            DateTimeOffset.FromUnixTimeMilliseconds(row.CreatedAt), row.ShippedAt is { } s ? DateTimeOffset.FromUnixTimeMilliseconds(s) : null);
    }

    private static ulong Id(long value) => unchecked((ulong)value);

    private sealed class IdeaRow
    {
        public long Id { get; init; }
        public long GuildId { get; init; }
        public long ChannelId { get; init; }
        public long? MessageId { get; init; }
        public long? ThreadId { get; init; }
        public long AuthorId { get; init; }
        public string Title { get; init; } = "";
        public string Description { get; init; } = "";
        public string Status { get; init; } = "";
        public string? StatusReason { get; init; }
        public long? DuplicateOf { get; init; }
        public long CreatedAt { get; init; }
        public long? ShippedAt { get; init; }
    }
}
