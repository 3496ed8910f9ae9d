using System.Data.Common;
using CommunityBot.Storage;
using Dapper;

namespace CommunityBot.Features.Faq;

/// <summary>
/// The FAQ tables. Writes that change what is searchable also refresh the search columns (and on SQLite the
/// FTS5 table) in the same transaction, so search never shows a half-edited entry. Every write is keyed so a
/// replayed event or a double click changes nothing the second time.
/// </summary>
public sealed class FaqRepository(IDbConnectionFactory db)
{
    internal const string Columns = """
        e.id, e.guild_id AS GuildId, e.status, e.question, e.answer, e.tags, e.aliases,
        e.source_channel_id AS SourceChannelId, e.source_message_id AS SourceMessageId, e.answer_author_id AS AnswerAuthorId,
        e.proposer_id AS ProposerId, e.origin, e.review_channel_id AS ReviewChannelId, e.review_message_id AS ReviewMessageId,
        e.reviewer_id AS ReviewerId, e.reviewed_at AS ReviewedAt, e.created_at AS CreatedAt, e.updated_at AS UpdatedAt, e.use_count AS UseCount,
        (SELECT COUNT(*) FROM faq_votes v WHERE v.entry_id = e.id AND v.helpful = 1) AS HelpfulYes,
        (SELECT COUNT(*) FROM faq_votes v WHERE v.entry_id = e.id AND v.helpful = 0) AS HelpfulNo
        """;

    public DatabaseProvider Provider => db.Provider;

    /// <summary>
    /// Stores a capture. If the source message already has a live entry (a replay, a double submit, or someone
    /// else got there first) nothing is written and that entry comes back with <c>Created = false</c>.
    /// </summary>
    public async Task<(FaqEntry Entry, bool Created)> CreateAsync(FaqDraft draft, bool publish, DateTimeOffset now, CancellationToken ct = default)
    {
        await using var c = await db.OpenAsync(ct);
        await using var tx = await c.BeginTransactionAsync(ct);
        var id = await c.ExecuteScalarAsync<long?>(new CommandDefinition("""
            INSERT INTO faq_entries (guild_id, status, question, answer, tags, source_channel_id, source_message_id, answer_author_id,
                                     proposer_id, origin, reviewer_id, reviewed_at, created_at, updated_at, sync_pending)
            VALUES (@GuildId, @status, @Question, @Answer, @Tags, @SourceChannelId, @SourceMessageId, @AnswerAuthorId,
                    @ProposerId, @Origin, @reviewer, @reviewedAt, @now, @now, 1)
            ON CONFLICT DO NOTHING
            RETURNING id
            """, new
        {
            draft.GuildId, status = publish ? FaqStatus.Published : FaqStatus.Proposed, draft.Question, draft.Answer, Tags = FaqText.NormalizeTags(draft.Tags),
            draft.SourceChannelId, draft.SourceMessageId, draft.AnswerAuthorId, draft.ProposerId, draft.Origin,
            reviewer = publish ? draft.ProposerId : (ulong?)null, reviewedAt = publish ? now : (DateTimeOffset?)null, now,
        }, tx, cancellationToken: ct));
        if (id is null)
        {
            await tx.RollbackAsync(ct);
            var existing = await c.QuerySingleAsync<FaqEntry>(new CommandDefinition($"""
                SELECT {Columns} FROM faq_entries e
                WHERE e.guild_id = @GuildId AND e.source_message_id = @SourceMessageId AND e.status IN ('proposed', 'published')
                """, new { draft.GuildId, draft.SourceMessageId }, cancellationToken: ct));
            return (existing, false);
        }
        await ReindexAsync(c, tx, id.Value, ct);
        await tx.CommitAsync(ct);
        return ((await GetAsync(draft.GuildId, id.Value, ct))!, true);
    }

    public async Task<FaqEntry?> GetAsync(ulong guildId, long id, CancellationToken ct = default)
    {
        await using var c = await db.OpenAsync(ct);
        return await c.QuerySingleOrDefaultAsync<FaqEntry>(new CommandDefinition(
            $"SELECT {Columns} FROM faq_entries e WHERE e.id = @id AND e.guild_id = @guildId", new { id, guildId }, cancellationToken: ct));
    }

    /// <summary>For the durable follow-up job, which knows only the id.</summary>
    public async Task<FaqEntry?> GetByIdAsync(long id, CancellationToken ct = default)
    {
        await using var c = await db.OpenAsync(ct);
        return await c.QuerySingleOrDefaultAsync<FaqEntry>(new CommandDefinition(
            $"SELECT {Columns} FROM faq_entries e WHERE e.id = @id", new { id }, cancellationToken: ct));
    }

    public async Task<FaqEntry?> GetByReviewCardAsync(ulong reviewMessageId, CancellationToken ct = default)
    {
        await using var c = await db.OpenAsync(ct);
        return await c.QuerySingleOrDefaultAsync<FaqEntry>(new CommandDefinition(
            $"SELECT {Columns} FROM faq_entries e WHERE e.review_message_id = @reviewMessageId", new { reviewMessageId }, cancellationToken: ct));
    }

    /// <summary>Proposals whose review card is posted and still waiting for a decision, oldest first.</summary>
    public async Task<IReadOnlyList<FaqEntry>> AwaitingReviewAsync(ulong guildId, CancellationToken ct = default)
    {
        await using var c = await db.OpenAsync(ct);
        return (await c.QueryAsync<FaqEntry>(new CommandDefinition($"""
            SELECT {Columns} FROM faq_entries e
            WHERE e.guild_id = @guildId AND e.status = 'proposed' AND e.review_message_id IS NOT NULL ORDER BY e.id
            """, new { guildId }, cancellationToken: ct))).ToList();
    }

    /// <summary>Approves or rejects a proposal. Only the first decision counts: later ones (a second moderator, a replay) return false.</summary>
    public async Task<bool> DecideAsync(ulong guildId, long id, bool approve, ulong reviewerId, DateTimeOffset now, CancellationToken ct = default)
    {
        await using var c = await db.OpenAsync(ct);
        await using var tx = await c.BeginTransactionAsync(ct);
        var changed = await c.ExecuteAsync(new CommandDefinition("""
            UPDATE faq_entries SET status = @status, reviewer_id = @reviewerId, reviewed_at = @now, updated_at = @now, sync_pending = 1
            WHERE id = @id AND guild_id = @guildId AND status = 'proposed'
            """, new { id, guildId, status = approve ? FaqStatus.Published : FaqStatus.Rejected, reviewerId, now }, tx, cancellationToken: ct)) == 1;
        if (changed) await ReindexAsync(c, tx, id, ct);
        await tx.CommitAsync(ct);
        return changed;
    }

    public async Task<bool> UpdateContentAsync(ulong guildId, long id, string question, string answer, string tags, ulong editorId, DateTimeOffset now, CancellationToken ct = default)
    {
        await using var c = await db.OpenAsync(ct);
        await using var tx = await c.BeginTransactionAsync(ct);
        var changed = await c.ExecuteAsync(new CommandDefinition("""
            UPDATE faq_entries SET question = @question, answer = @answer, tags = @tags, reviewer_id = @editorId, reviewed_at = @now, updated_at = @now
            WHERE id = @id AND guild_id = @guildId AND status IN ('proposed', 'published')
            """, new { id, guildId, question, answer, tags = FaqText.NormalizeTags(tags), editorId, now }, tx, cancellationToken: ct)) == 1;
        if (changed) await ReindexAsync(c, tx, id, ct);
        await tx.CommitAsync(ct);
        return changed;
    }

    /// <summary>"Still correct": restarts the stale clock without changing the text.</summary>
    public async Task<bool> ConfirmAsync(ulong guildId, long id, ulong reviewerId, DateTimeOffset now, CancellationToken ct = default)
    {
        await using var c = await db.OpenAsync(ct);
        return await c.ExecuteAsync(new CommandDefinition("""
            UPDATE faq_entries SET reviewer_id = @reviewerId, reviewed_at = @now, updated_at = @now
            WHERE id = @id AND guild_id = @guildId AND status = 'published'
            """, new { id, guildId, reviewerId, now }, cancellationToken: ct)) == 1;
    }

    /// <summary>Soft delete: the row stays for history (and its source message may be captured again), search forgets it.</summary>
    public async Task<bool> DeleteAsync(ulong guildId, long id, DateTimeOffset now, CancellationToken ct = default)
    {
        await using var c = await db.OpenAsync(ct);
        await using var tx = await c.BeginTransactionAsync(ct);
        var changed = await c.ExecuteAsync(new CommandDefinition(
            "UPDATE faq_entries SET status = 'deleted', updated_at = @now WHERE id = @id AND guild_id = @guildId AND status <> 'deleted'",
            new { id, guildId, now }, tx, cancellationToken: ct)) == 1;
        if (changed) await ReindexAsync(c, tx, id, ct);
        await tx.CommitAsync(ct);
        return changed;
    }

    /// <summary>Adds an alias (another way people ask the question). False if the entry already has it.</summary>
    public Task<bool> AddAliasAsync(ulong guildId, long id, string alias, CancellationToken ct = default) =>
        ChangeAliasAsync(guildId, id, alias, add: true, ct);

    public Task<bool> RemoveAliasAsync(ulong guildId, long id, string alias, CancellationToken ct = default) =>
        ChangeAliasAsync(guildId, id, alias, add: false, ct);

    private async Task<bool> ChangeAliasAsync(ulong guildId, long id, string alias, bool add, CancellationToken ct)
    {
        await using var c = await db.OpenAsync(ct);
        await using var tx = await c.BeginTransactionAsync(ct);
        var live = await c.ExecuteScalarAsync<long>(new CommandDefinition(
            "SELECT COUNT(*) FROM faq_entries WHERE id = @id AND guild_id = @guildId AND status IN ('proposed', 'published')", new { id, guildId }, tx, cancellationToken: ct));
        if (live == 0) return false;
        var key = FaqText.Normalize(alias);
        var changed = await c.ExecuteAsync(new CommandDefinition(add
            ? "INSERT INTO faq_aliases (entry_id, alias_key, alias) VALUES (@id, @key, @alias) ON CONFLICT DO NOTHING"
            : "DELETE FROM faq_aliases WHERE entry_id = @id AND alias_key = @key", new { id, key, alias }, tx, cancellationToken: ct)) == 1;
        if (changed)
        {
            var aliases = await c.QueryAsync<string>(new CommandDefinition(
                "SELECT alias FROM faq_aliases WHERE entry_id = @id ORDER BY alias_key", new { id }, tx, cancellationToken: ct));
            await c.ExecuteAsync(new CommandDefinition("UPDATE faq_entries SET aliases = @aliases WHERE id = @id",
                new { id, aliases = string.Join('\n', aliases) }, tx, cancellationToken: ct));
            await ReindexAsync(c, tx, id, ct);
        }
        await tx.CommitAsync(ct);
        return changed;
    }

    public async Task SetReviewCardAsync(long id, ulong channelId, ulong messageId, CancellationToken ct = default)
    {
        await using var c = await db.OpenAsync(ct);
        await c.ExecuteAsync(new CommandDefinition(
            "UPDATE faq_entries SET review_channel_id = @channelId, review_message_id = @messageId WHERE id = @id",
            new { id, channelId, messageId }, cancellationToken: ct));
    }

    /// <summary>Marks the follow-ups done, unless the entry moved on (was decided) while they ran: then the next phase still owes some.</summary>
    public async Task ClearSyncPendingAsync(long id, string statusSeen, CancellationToken ct = default)
    {
        await using var c = await db.OpenAsync(ct);
        await c.ExecuteAsync(new CommandDefinition("UPDATE faq_entries SET sync_pending = 0 WHERE id = @id AND status = @statusSeen",
            new { id, statusSeen }, cancellationToken: ct));
    }

    /// <summary>Entries whose follow-ups are outstanding (id, guild and status are filled).</summary>
    public async Task<IReadOnlyList<FaqEntry>> PendingSyncAsync(CancellationToken ct = default)
    {
        await using var c = await db.OpenAsync(ct);
        return (await c.QueryAsync<FaqEntry>(new CommandDefinition(
            "SELECT id, guild_id AS GuildId, status FROM faq_entries WHERE sync_pending = 1 ORDER BY id", cancellationToken: ct))).ToList();
    }

    /// <summary>Records one vote per member (a later vote replaces the earlier one).</summary>
    public async Task VoteAsync(long id, ulong userId, bool helpful, DateTimeOffset now, CancellationToken ct = default)
    {
        await using var c = await db.OpenAsync(ct);
        await c.ExecuteAsync(new CommandDefinition("""
            INSERT INTO faq_votes (entry_id, user_id, helpful, voted_at) VALUES (@id, @userId, @helpful, @now)
            ON CONFLICT (entry_id, user_id) DO UPDATE SET helpful = excluded.helpful, voted_at = excluded.voted_at
            """, new { id, userId, helpful = helpful ? 1 : 0, now }, cancellationToken: ct));
    }

    /// <summary>Counts one use of an entry per showing event (interaction or message id); a replay counts nothing.</summary>
    public async Task<bool> RecordUsageAsync(long id, ulong eventId, string kind, DateTimeOffset now, CancellationToken ct = default)
    {
        await using var c = await db.OpenAsync(ct);
        await using var tx = await c.BeginTransactionAsync(ct);
        var inserted = await c.ExecuteAsync(new CommandDefinition(
            "INSERT INTO faq_usage (entry_id, event_id, kind, at) VALUES (@id, @eventId, @kind, @now) ON CONFLICT DO NOTHING",
            new { id, eventId, kind, now }, tx, cancellationToken: ct)) == 1;
        if (inserted)
            await c.ExecuteAsync(new CommandDefinition("UPDATE faq_entries SET use_count = use_count + 1 WHERE id = @id", new { id }, tx, cancellationToken: ct));
        await tx.CommitAsync(ct);
        return inserted;
    }

    /// <summary>Published entries not reviewed since <paramref name="cutoff"/>, longest-unreviewed first.</summary>
    public async Task<IReadOnlyList<FaqEntry>> StaleAsync(ulong guildId, DateTimeOffset cutoff, int limit, CancellationToken ct = default)
    {
        await using var c = await db.OpenAsync(ct);
        return (await c.QueryAsync<FaqEntry>(new CommandDefinition($"""
            SELECT {Columns} FROM faq_entries e
            WHERE e.guild_id = @guildId AND e.status = 'published' AND COALESCE(e.reviewed_at, e.created_at) < @cutoff
            ORDER BY COALESCE(e.reviewed_at, e.created_at), e.id LIMIT @limit
            """, new { guildId, cutoff, limit }, cancellationToken: ct))).ToList();
    }

    /// <summary>Every published entry of a guild, by id (export).</summary>
    public async Task<IReadOnlyList<FaqEntry>> PublishedAsync(ulong guildId, CancellationToken ct = default)
    {
        await using var c = await db.OpenAsync(ct);
        return (await c.QueryAsync<FaqEntry>(new CommandDefinition(
            $"SELECT {Columns} FROM faq_entries e WHERE e.guild_id = @guildId AND e.status = 'published' ORDER BY e.id",
            new { guildId }, cancellationToken: ct))).ToList();
    }

    /// <summary>What the nudge matcher indexes: id, question and aliases of each published entry.</summary>
    public async Task<IReadOnlyList<(long Id, string Question, string Aliases)>> PublishedTitlesAsync(ulong guildId, CancellationToken ct = default)
    {
        await using var c = await db.OpenAsync(ct);
        return (await c.QueryAsync<(long, string, string)>(new CommandDefinition(
            "SELECT id, question, aliases FROM faq_entries WHERE guild_id = @guildId AND status = 'published' ORDER BY id",
            new { guildId }, cancellationToken: ct))).ToList();
    }

    /// <summary>Refreshes the normalised search columns and, on SQLite, the FTS row (present only while published).</summary>
    private async Task ReindexAsync(DbConnection c, DbTransaction tx, long id, CancellationToken ct)
    {
        var row = await c.QuerySingleAsync<(long GuildId, string Status, string Question, string Answer, string Tags, string Aliases)>(new CommandDefinition(
            "SELECT guild_id, status, question, answer, tags, aliases FROM faq_entries WHERE id = @id", new { id }, tx, cancellationToken: ct));
        var question = FaqText.Normalize(row.Question);
        var aliases = FaqText.Normalize(row.Aliases.Replace('\n', ' '));
        var tags = row.Tags.Replace(',', ' ');
        var answer = FaqText.Normalize(row.Answer);
        await c.ExecuteAsync(new CommandDefinition(
            "UPDATE faq_entries SET title_text = @title, search_text = @search WHERE id = @id",
            new { id, title = $"{question} {aliases}".Trim(), search = $"{question} {aliases} {tags} {answer}" }, tx, cancellationToken: ct));
        if (db.Provider != DatabaseProvider.Sqlite) return;
        await c.ExecuteAsync(new CommandDefinition("DELETE FROM faq_search WHERE rowid = @id; DELETE FROM faq_search_titles WHERE rowid = @id",
            new { id }, tx, cancellationToken: ct));
        if (row.Status == FaqStatus.Published)
            await c.ExecuteAsync(new CommandDefinition("""
                INSERT INTO faq_search (rowid, guild_id, question, aliases, tags, answer) VALUES (@id, @guildId, @question, @aliases, @tags, @answer);
                INSERT INTO faq_search_titles (rowid, title, tags, pairs) VALUES (@id, @title, @tags, @pairs);
                """, new { id, guildId = row.GuildId, question, aliases, tags, answer, title = $"{question} {aliases}".Trim(), pairs = FaqText.Pairs($"{question} {aliases} {tags}") },
                tx, cancellationToken: ct));
    }
}
