using CommunityBot.Features.Brainstorming;
using System.Data.Common;
using CommunityBot.Storage;
using Dapper;

namespace CommunityBot.Features.Polls;

/// <summary>
/// Poll storage. "One vote per member" lives in the schema (a ballot row keyed on poll and member, picks keyed on
/// ballot and option), so concurrent clicks, double clicks and replayed interactions cannot count twice.
/// </summary>
public sealed class PollRepository(IDbConnectionFactory db)
{
    private const string PollColumns = """
        id, guild_id AS GuildId, channel_id AS ChannelId, message_id AS MessageId, creator_id AS CreatorId, question,
        max_picks AS MaxPicks, anonymous, hide_results AS HideResults, voter_role_id AS VoterRoleId, layout,
        created_at AS CreatedAt, closes_at AS ClosesAt, closed, closed_at AS ClosedAt, closed_by AS ClosedBy, close_announced AS CloseAnnounced
        """;

    /// <summary>Stores a new poll; null when this interaction already created one (a replay).</summary>
    public async Task<long?> CreateAsync(PollDraft draft, ulong guildId, ulong channelId, ulong creatorId, ulong interactionId,
        DateTimeOffset now, CancellationToken ct = default)
    {
        await using var connection = await db.OpenAsync(ct);
        await using var tx = await connection.BeginTransactionAsync(ct);
        var id = await connection.ExecuteScalarAsync<long?>(new CommandDefinition("""
            INSERT INTO polls (guild_id, channel_id, creator_id, create_interaction_id, question, max_picks, anonymous, hide_results,
                               voter_role_id, layout, created_at, closes_at)
            VALUES (@guildId, @channelId, @creatorId, @interactionId, @question, @maxPicks, @anonymous, @hideResults,
                    @voterRoleId, @layout, @now, @closesAt)
            ON CONFLICT (create_interaction_id) DO NOTHING
            RETURNING id
            """, new
        {
            guildId, channelId, creatorId, interactionId, question = draft.Question, maxPicks = draft.MaxPicks,
            anonymous = draft.Anonymous ? 1 : 0, hideResults = draft.HideResults ? 1 : 0, voterRoleId = draft.VoterRoleId,
            layout = draft.Layout.ToString(), now = now.ToUnixTimeMilliseconds(), closesAt = (now + draft.EffectiveDuration).ToUnixTimeMilliseconds(),
        }, tx, cancellationToken: ct));
        if (id is null) return null;
        for (var i = 0; i < draft.Options.Count; i++)
            await connection.ExecuteAsync(new CommandDefinition(
                "INSERT INTO poll_options (poll_id, position, label) VALUES (@id, @position, @label)",
                new { id, position = i + 1, label = draft.Options[i] }, tx, cancellationToken: ct));
        await tx.CommitAsync(ct);
        return id;
    }

    public async Task SetMessageAsync(long pollId, ulong messageId, CancellationToken ct = default)
    {
        await using var connection = await db.OpenAsync(ct);
        await connection.ExecuteAsync(new CommandDefinition("UPDATE polls SET message_id = @messageId WHERE id = @pollId", new { pollId, messageId }, cancellationToken: ct));
    }

    /// <summary>Removes a poll whose message could not be posted, so it never shows up half-made.</summary>
    public async Task DeleteAsync(long pollId, CancellationToken ct = default)
    {
        await using var connection = await db.OpenAsync(ct);
        await connection.ExecuteAsync(new CommandDefinition("DELETE FROM polls WHERE id = @pollId", new { pollId }, cancellationToken: ct));
    }

    public async Task<Poll?> GetAsync(long pollId, CancellationToken ct = default)
    {
        await using var connection = await db.OpenAsync(ct);
        var row = await connection.QuerySingleOrDefaultAsync<PollRow>(new CommandDefinition(
            $"SELECT {PollColumns} FROM polls WHERE id = @pollId", new { pollId }, cancellationToken: ct));
        return row is null ? null : await ToPollAsync(connection, row, ct);
    }

    public async Task<Poll?> FindByMessageAsync(ulong messageId, CancellationToken ct = default)
    {
        await using var connection = await db.OpenAsync(ct);
        var row = await connection.QuerySingleOrDefaultAsync<PollRow>(new CommandDefinition(
            $"SELECT {PollColumns} FROM polls WHERE message_id = @messageId", new { messageId }, cancellationToken: ct));
        return row is null ? null : await ToPollAsync(connection, row, ct);
    }

    /// <summary>
    /// Replaces a member's picks with <paramref name="positions"/> (empty withdraws the vote) in one transaction.
    /// The poll row is read under a share lock on PostgreSQL (SQLite transactions here are IMMEDIATE, i.e. serial),
    /// so a vote can never land after the close that raced it.
    /// </summary>
    public async Task<VoteOutcome> VoteAsync(long pollId, ulong voterId, IReadOnlyCollection<int> positions, ulong interactionId, DateTimeOffset now, CancellationToken ct = default)
    {
        await using var connection = await db.OpenAsync(ct);
        await using var tx = await connection.BeginTransactionAsync(ct);
        var lockClause = db.Provider == DatabaseProvider.Postgres ? "FOR SHARE" : "";
        var state = (await connection.QueryAsync<(long Closed, long ClosesAt)>(new CommandDefinition(
            $"SELECT closed, closes_at FROM polls WHERE id = @pollId {lockClause}", new { pollId }, tx, cancellationToken: ct))).ToList();
        if (state.Count == 0) return VoteOutcome.NotFound;
        if (state[0].Closed != 0 || now.ToUnixTimeMilliseconds() >= state[0].ClosesAt) return VoteOutcome.Closed;

        var changed = await connection.ExecuteAsync(new CommandDefinition("""
            INSERT INTO poll_ballots (poll_id, voter_id, last_interaction_id, voted_at) VALUES (@pollId, @voterId, @interactionId, @now)
            ON CONFLICT (poll_id, voter_id) DO UPDATE SET last_interaction_id = excluded.last_interaction_id, voted_at = excluded.voted_at
            WHERE poll_ballots.last_interaction_id < excluded.last_interaction_id
            """, new { pollId, voterId, interactionId, now = now.ToUnixTimeMilliseconds() }, tx, cancellationToken: ct));
        if (changed == 0) return VoteOutcome.Stale;

        await connection.ExecuteAsync(new CommandDefinition(
            "DELETE FROM poll_votes WHERE poll_id = @pollId AND voter_id = @voterId", new { pollId, voterId }, tx, cancellationToken: ct));
        foreach (var position in positions.Distinct())
            await connection.ExecuteAsync(new CommandDefinition(
                "INSERT INTO poll_votes (poll_id, voter_id, position) VALUES (@pollId, @voterId, @position)",
                new { pollId, voterId, position }, tx, cancellationToken: ct));
        await tx.CommitAsync(ct);
        return VoteOutcome.Recorded;
    }

    /// <summary>
    /// A native poll vote (MESSAGE_POLL_VOTE_ADD/REMOVE): one event per answer, so picks are added and removed one by one.
    /// Ignored once the poll is closed — checked under the same lock as <see cref="VoteAsync"/> — so an event handled late
    /// cannot undo the ballots rebuilt from Discord when the poll ended.
    /// </summary>
    public async Task RecordNativeVoteAsync(long pollId, ulong voterId, int position, bool added, DateTimeOffset now, CancellationToken ct = default)
    {
        await using var connection = await db.OpenAsync(ct);
        await using var tx = await connection.BeginTransactionAsync(ct);
        var lockClause = db.Provider == DatabaseProvider.Postgres ? "FOR SHARE" : "";
        var closed = await connection.ExecuteScalarAsync<long?>(new CommandDefinition(
            $"SELECT closed FROM polls WHERE id = @pollId {lockClause}", new { pollId }, tx, cancellationToken: ct));
        if (closed is null or not 0) return;
        if (added)
        {
            await connection.ExecuteAsync(new CommandDefinition("""
                INSERT INTO poll_ballots (poll_id, voter_id, last_interaction_id, voted_at) VALUES (@pollId, @voterId, 0, @now)
                ON CONFLICT (poll_id, voter_id) DO UPDATE SET voted_at = excluded.voted_at
                """, new { pollId, voterId, now = now.ToUnixTimeMilliseconds() }, tx, cancellationToken: ct));
            await connection.ExecuteAsync(new CommandDefinition(
                "INSERT INTO poll_votes (poll_id, voter_id, position) VALUES (@pollId, @voterId, @position) ON CONFLICT DO NOTHING",
                new { pollId, voterId, position }, tx, cancellationToken: ct));
        }
        else
        {
            await connection.ExecuteAsync(new CommandDefinition(
                "DELETE FROM poll_votes WHERE poll_id = @pollId AND voter_id = @voterId AND position = @position",
                new { pollId, voterId, position }, tx, cancellationToken: ct));
        }
        await tx.CommitAsync(ct);
    }

    /// <summary>
    /// Replaces a native poll's ballots with Discord's own list of who picked what, in one transaction, so the stored
    /// votes equal Discord's whatever happened to the vote events. Idempotent: the same list leaves the same rows.
    /// A ballot that was already known keeps its time; one Discord knows and we never heard of gets <paramref name="now"/>.
    /// </summary>
    public async Task ReplaceNativeBallotsAsync(long pollId, IReadOnlyDictionary<ulong, IReadOnlyList<int>> picks, DateTimeOffset now, CancellationToken ct = default)
    {
        await using var connection = await db.OpenAsync(ct);
        await using var tx = await connection.BeginTransactionAsync(ct);
        // Two settles can race (our End Poll and the MESSAGE_UPDATE it causes): the poll row lock makes the second wait
        // and then see the first one's rows (SQLite's IMMEDIATE transactions are serial already).
        if (db.Provider == DatabaseProvider.Postgres)
            await connection.ExecuteAsync(new CommandDefinition("SELECT id FROM polls WHERE id = @pollId FOR UPDATE", new { pollId }, tx, cancellationToken: ct));
        await connection.ExecuteAsync(new CommandDefinition(
            "DELETE FROM poll_votes WHERE poll_id = @pollId", new { pollId }, tx, cancellationToken: ct));
        foreach (var (voterId, positions) in picks)
        {
            await connection.ExecuteAsync(new CommandDefinition("""
                INSERT INTO poll_ballots (poll_id, voter_id, last_interaction_id, voted_at) VALUES (@pollId, @voterId, 0, @now)
                ON CONFLICT (poll_id, voter_id) DO NOTHING
                """, new { pollId, voterId, now = now.ToUnixTimeMilliseconds() }, tx, cancellationToken: ct));
            foreach (var position in positions.Distinct())
                await connection.ExecuteAsync(new CommandDefinition(
                    "INSERT INTO poll_votes (poll_id, voter_id, position) VALUES (@pollId, @voterId, @position)",
                    new { pollId, voterId, position }, tx, cancellationToken: ct));
        }
        // Ballots of members who (as Discord tells it) voted for nothing, e.g. a vote we saw added but not taken back.
        await connection.ExecuteAsync(new CommandDefinition("""
            DELETE FROM poll_ballots WHERE poll_id = @pollId
              AND NOT EXISTS (SELECT 1 FROM poll_votes v WHERE v.poll_id = poll_ballots.poll_id AND v.voter_id = poll_ballots.voter_id)
            """, new { pollId }, tx, cancellationToken: ct));
        await tx.CommitAsync(ct);
    }

    private const long VotersRow = 0;

    public async Task<PollTally> TallyAsync(long pollId, CancellationToken ct = default)
    {
        await using var connection = await db.OpenAsync(ct);
        var finals = (await connection.QueryAsync<(long Position, long? Final)>(new CommandDefinition(
            "SELECT position, final_count FROM poll_options WHERE poll_id = @pollId", new { pollId }, cancellationToken: ct))).ToList();
        // Per-option counts and the voter count in ONE statement, so both come from the same snapshot: read apart, a
        // vote landing in between showed a card whose "N members voted" disagreed with its bars. Row 0 holds the voters
        // (option positions start at 1).
        var rows = (await connection.QueryAsync<(long Position, long Count)>(new CommandDefinition("""
            SELECT position, COUNT(*) FROM poll_votes WHERE poll_id = @pollId GROUP BY position
            UNION ALL
            SELECT 0, COUNT(DISTINCT voter_id) FROM poll_votes WHERE poll_id = @pollId
            """, new { pollId }, cancellationToken: ct))).ToList();
        var voters = (int)rows.Single(r => r.Position == VotersRow).Count;
        var counts = rows.Where(r => r.Position != VotersRow).ToDictionary(r => (int)r.Position, r => (int)r.Count);
        if (finals.Count > 0 && finals.All(f => f.Final is not null))
        {
            // Discord's finalized native counts are authoritative (vote events may have been missed while offline).
            var final = finals.ToDictionary(f => (int)f.Position, f => (int)f.Final!.Value);
            return new PollTally(Math.Max(voters, final.Values.DefaultIfEmpty(0).Max()), final);
        }
        return new PollTally(voters, counts);
    }

    public async Task<IReadOnlyList<int>> PicksOfAsync(long pollId, ulong voterId, CancellationToken ct = default)
    {
        await using var connection = await db.OpenAsync(ct);
        return (await connection.QueryAsync<long>(new CommandDefinition(
            "SELECT position FROM poll_votes WHERE poll_id = @pollId AND voter_id = @voterId ORDER BY position", new { pollId, voterId }, cancellationToken: ct)))
            .Select(p => (int)p).ToList();
    }

    public async Task<IReadOnlyList<PollVote>> VotesAsync(long pollId, CancellationToken ct = default)
    {
        await using var connection = await db.OpenAsync(ct);
        var rows = await connection.QueryAsync<(long VoterId, long Position, long VotedAt)>(new CommandDefinition("""
            SELECT v.voter_id, v.position, b.voted_at FROM poll_votes v
            JOIN poll_ballots b ON b.poll_id = v.poll_id AND b.voter_id = v.voter_id
            WHERE v.poll_id = @pollId ORDER BY b.voted_at, v.voter_id, v.position
            """, new { pollId }, cancellationToken: ct));
        return rows.Select(r => new PollVote(unchecked((ulong)r.VoterId), (int)r.Position, DateTimeOffset.FromUnixTimeMilliseconds(r.VotedAt))).ToList();
    }

    /// <summary>Closes the poll if it is open. True only for the call that closed it, however many race.</summary>
    public async Task<bool> CloseAsync(long pollId, ulong? closedBy, DateTimeOffset now, CancellationToken ct = default)
    {
        await using var connection = await db.OpenAsync(ct);
        return await connection.ExecuteAsync(new CommandDefinition(
            "UPDATE polls SET closed = 1, closed_at = @now, closed_by = @closedBy WHERE id = @pollId AND closed = 0",
            new { pollId, closedBy, now = now.ToUnixTimeMilliseconds() }, cancellationToken: ct)) == 1;
    }

    public async Task MarkAnnouncedAsync(long pollId, CancellationToken ct = default)
    {
        await using var connection = await db.OpenAsync(ct);
        await connection.ExecuteAsync(new CommandDefinition("UPDATE polls SET close_announced = 1 WHERE id = @pollId", new { pollId }, cancellationToken: ct));
    }

    /// <summary>Stores Discord's finalized counts for a native poll (idempotent: the same results overwrite themselves).</summary>
    public async Task RecordFinalCountsAsync(long pollId, IReadOnlyDictionary<int, int> counts, CancellationToken ct = default)
    {
        await using var connection = await db.OpenAsync(ct);
        await using var tx = await connection.BeginTransactionAsync(ct);
        await connection.ExecuteAsync(new CommandDefinition(
            "UPDATE poll_options SET final_count = 0 WHERE poll_id = @pollId", new { pollId }, tx, cancellationToken: ct));
        foreach (var (position, count) in counts)
            await connection.ExecuteAsync(new CommandDefinition(
                "UPDATE poll_options SET final_count = @count WHERE poll_id = @pollId AND position = @position",
                new { pollId, position, count }, tx, cancellationToken: ct));
        await tx.CommitAsync(ct);
    }

    private static async Task<Poll> ToPollAsync(DbConnection connection, PollRow row, CancellationToken ct)
    {
        var options = (await connection.QueryAsync<string>(new CommandDefinition(
            "SELECT label FROM poll_options WHERE poll_id = @id ORDER BY position", new { id = row.Id }, cancellationToken: ct))).ToList();
        return new Poll(row.Id, Id(row.GuildId), Id(row.ChannelId), row.MessageId is { } m ? Id(m) : null, Id(row.CreatorId), row.Question, options,
            (int)row.MaxPicks, row.Anonymous != 0, row.HideResults != 0, row.VoterRoleId is { } r ? Id(r) : null, Enum.Parse<PollLayout>(row.Layout),
            Time(row.CreatedAt), Time(row.ClosesAt), row.Closed != 0, row.ClosedAt is { } c ? Time(c) : null,
            row.ClosedBy is { } b ? Id(b) : null, row.CloseAnnounced != 0);
    }

    private static ulong Id(long value) => unchecked((ulong)value);
    private static DateTimeOffset Time(long ms) => DateTimeOffset.FromUnixTimeMilliseconds(ms);

    private sealed class PollRow
    {
        public long Id { get; init; }
        public long GuildId { get; init; }
        public long ChannelId { get; init; }
        public long? MessageId { get; init; }
        public long CreatorId { get; init; }
        public string Question { get; init; } = "";
        public long MaxPicks { get; init; }
        public long Anonymous { get; init; }
        public long HideResults { get; init; }
        public long? VoterRoleId { get; init; }
        public string Layout { get; init; } = "";
        public long CreatedAt { get; init; }
        public long ClosesAt { get; init; }
        public long Closed { get; init; }
        public long? ClosedAt { get; init; }
        public long? ClosedBy { get; init; }
        public long CloseAnnounced { get; init; }
    }
}
