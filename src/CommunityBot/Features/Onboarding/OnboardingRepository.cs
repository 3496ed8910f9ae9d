using CommunityBot.Storage;
using Dapper;

namespace CommunityBot.Features.Onboarding;

/// <summary>
/// The onboarding tables. Every write is conditional ("… IS NULL", ON CONFLICT DO NOTHING), so a replayed
/// gateway event, a double click or a re-run job finds the step already done and changes nothing; callers
/// learn from the result whether they were first.
/// </summary>
public sealed class OnboardingRepository(IDbConnectionFactory db)
{
    /// <summary>Week 2 is days 7 to 14 after joining.</summary>
    public static readonly TimeSpan Week = TimeSpan.FromDays(7);
    /// <summary>How long a newcomer's messages are remembered to credit a reply in their thread.</summary>
    public static readonly TimeSpan ReplyTrackingWindow = TimeSpan.FromDays(28);

    private const string Columns = """
        guild_id AS GuildId, member_id AS MemberId, joined_at AS JoinedAtMs, is_rejoin AS IsRejoin, accepted_before AS AcceptedBefore,
        invite_code AS InviteCode, welcome_message_id AS WelcomeMessageId, welcome_dm_status AS WelcomeDmStatus,
        accepted_at AS AcceptedAtMs, accepted_via AS AcceptedVia, native_onboarded_at AS NativeOnboardedAtMs,
        first_message_at AS FirstMessageAtMs, first_reply_at AS FirstReplyAtMs, active_week2_at AS ActiveWeek2AtMs,
        left_at AS LeftAtMs, nudged_at AS NudgedAtMs, nudge_status AS NudgeStatus
        """;

    private const string IsLatestJourney =
        "joined_at = (SELECT MAX(j2.joined_at) FROM onboarding_journeys j2 WHERE j2.guild_id = @guildId AND j2.member_id = @memberId)";

    /// <summary>
    /// Records a join instance. Returns the journey and whether this call created it (false: a repeated event).
    /// A still-open earlier journey is closed at the new join time: its GUILD_MEMBER_REMOVE was missed.
    /// With <paramref name="restoreAcceptance"/> a member who accepted the rules on an earlier journey is recorded as
    /// accepted (via "restored") in the same insert, so a repeated join event or the welcome job racing this call can
    /// never see the returning member as a newcomer.
    /// </summary>
    public async Task<(Journey Journey, bool Created)> RecordJoinAsync(ulong guildId, ulong memberId, DateTimeOffset joinedAt, bool restoreAcceptance = false,
        CancellationToken ct = default)
    {
        var joinedAtMs = joinedAt.ToUnixTimeMilliseconds();
        await using var connection = await db.OpenAsync(ct);
        await using var tx = await connection.BeginTransactionAsync(ct);
        var earlier = await connection.QuerySingleAsync<EarlierJourneys>(new CommandDefinition("""
            SELECT COUNT(*) AS Count, COALESCE(MAX(CASE WHEN accepted_at IS NOT NULL THEN 1 ELSE 0 END), 0) AS Accepted
            FROM onboarding_journeys WHERE guild_id = @guildId AND member_id = @memberId AND joined_at < @joinedAtMs
            """, new { guildId, memberId, joinedAtMs }, tx, cancellationToken: ct));
        var restored = restoreAcceptance && earlier.Accepted == 1;
        var created = await connection.ExecuteAsync(new CommandDefinition("""
            INSERT INTO onboarding_journeys (guild_id, member_id, joined_at, is_rejoin, accepted_before, accepted_at, accepted_via)
            VALUES (@guildId, @memberId, @joinedAtMs, @isRejoin, @acceptedBefore, @acceptedAt, @acceptedVia)
            ON CONFLICT (guild_id, member_id, joined_at) DO NOTHING
            """, new
        {
            guildId, memberId, joinedAtMs, isRejoin = earlier.Count > 0 ? 1 : 0, acceptedBefore = earlier.Accepted,
            acceptedAt = restored ? joinedAtMs : (long?)null, acceptedVia = restored ? AcceptedVia.Restored : null,
        }, tx, cancellationToken: ct)) == 1;
        if (created)
            await connection.ExecuteAsync(new CommandDefinition(
                "UPDATE onboarding_journeys SET left_at = @joinedAtMs WHERE guild_id = @guildId AND member_id = @memberId AND joined_at < @joinedAtMs AND left_at IS NULL",
                new { guildId, memberId, joinedAtMs }, tx, cancellationToken: ct));
        var journey = await connection.QuerySingleAsync<Journey>(new CommandDefinition(
            $"SELECT {Columns} FROM onboarding_journeys WHERE guild_id = @guildId AND member_id = @memberId AND joined_at = @joinedAtMs",
            new { guildId, memberId, joinedAtMs }, tx, cancellationToken: ct));
        await tx.CommitAsync(ct);
        return (journey, created);
    }

    public async Task<Journey?> GetAsync(ulong guildId, ulong memberId, long joinedAtMs, CancellationToken ct = default)
    {
        await using var connection = await db.OpenAsync(ct);
        return await connection.QuerySingleOrDefaultAsync<Journey>(new CommandDefinition(
            $"SELECT {Columns} FROM onboarding_journeys WHERE guild_id = @guildId AND member_id = @memberId AND joined_at = @joinedAtMs",
            new { guildId, memberId, joinedAtMs }, cancellationToken: ct));
    }

    /// <summary>The member's latest journey (open or not), or null if the bot never saw them join.</summary>
    public async Task<Journey?> GetLatestAsync(ulong guildId, ulong memberId, CancellationToken ct = default)
    {
        await using var connection = await db.OpenAsync(ct);
        return await connection.QuerySingleOrDefaultAsync<Journey>(new CommandDefinition(
            $"SELECT {Columns} FROM onboarding_journeys WHERE guild_id = @guildId AND member_id = @memberId ORDER BY joined_at DESC LIMIT 1",
            new { guildId, memberId }, cancellationToken: ct));
    }

    public Task SetInviteCodeAsync(Journey j, string code, CancellationToken ct = default) =>
        ExecuteAsync("UPDATE onboarding_journeys SET invite_code = @code WHERE guild_id = @GuildId AND member_id = @MemberId AND joined_at = @JoinedAtMs AND invite_code IS NULL",
            new { code, j.GuildId, j.MemberId, j.JoinedAtMs }, ct);

    public Task SetWelcomeMessageAsync(Journey j, ulong messageId, CancellationToken ct = default) =>
        ExecuteAsync("UPDATE onboarding_journeys SET welcome_message_id = @messageId WHERE guild_id = @GuildId AND member_id = @MemberId AND joined_at = @JoinedAtMs",
            new { messageId, j.GuildId, j.MemberId, j.JoinedAtMs }, ct);

    public Task SetWelcomeDmStatusAsync(Journey j, string status, CancellationToken ct = default) =>
        ExecuteAsync("UPDATE onboarding_journeys SET welcome_dm_status = @status WHERE guild_id = @GuildId AND member_id = @MemberId AND joined_at = @JoinedAtMs",
            new { status, j.GuildId, j.MemberId, j.JoinedAtMs }, ct);

    /// <summary>Marks the rules accepted; true only the first time (the original time is kept).</summary>
    public async Task<bool> MarkAcceptedAsync(Journey j, DateTimeOffset at, string via, CancellationToken ct = default) =>
        await ExecuteAsync("""
            UPDATE onboarding_journeys SET accepted_at = @at, accepted_via = @via
            WHERE guild_id = @GuildId AND member_id = @MemberId AND joined_at = @JoinedAtMs AND accepted_at IS NULL
            """, new { at = at.ToUnixTimeMilliseconds(), via, j.GuildId, j.MemberId, j.JoinedAtMs }, ct) == 1;

    /// <summary>Discord's own onboarding (COMPLETED_ONBOARDING member flag) seen for the latest journey; true the first time.</summary>
    public async Task<bool> MarkNativeOnboardedAsync(ulong guildId, ulong memberId, DateTimeOffset at, CancellationToken ct = default) =>
        await ExecuteAsync($"""
            UPDATE onboarding_journeys SET native_onboarded_at = @at
            WHERE guild_id = @guildId AND member_id = @memberId AND native_onboarded_at IS NULL AND left_at IS NULL AND {IsLatestJourney}
            """, new { guildId, memberId, at = at.ToUnixTimeMilliseconds() }, ct) == 1;

    /// <summary>Closes the latest journey; true if it was open (a repeated GUILD_MEMBER_REMOVE changes nothing).</summary>
    public async Task<bool> MarkLeftAsync(ulong guildId, ulong memberId, DateTimeOffset at, CancellationToken ct = default) =>
        await ExecuteAsync($"""
            UPDATE onboarding_journeys SET left_at = @at
            WHERE guild_id = @guildId AND member_id = @memberId AND left_at IS NULL AND {IsLatestJourney}
            """, new { guildId, memberId, at = at.ToUnixTimeMilliseconds() }, ct) == 1;

    /// <summary>
    /// Claims the one reminder of a journey that has neither accepted nor left; false if it was already claimed
    /// (by an earlier run of the job, or another process) or is no longer needed.
    /// </summary>
    public async Task<bool> TryClaimNudgeAsync(Journey j, DateTimeOffset at, CancellationToken ct = default) =>
        await ExecuteAsync("""
            UPDATE onboarding_journeys SET nudged_at = @at
            WHERE guild_id = @GuildId AND member_id = @MemberId AND joined_at = @JoinedAtMs
              AND nudged_at IS NULL AND accepted_at IS NULL AND left_at IS NULL
            """, new { at = at.ToUnixTimeMilliseconds(), j.GuildId, j.MemberId, j.JoinedAtMs }, ct) == 1;

    public Task SetNudgeStatusAsync(Journey j, string status, CancellationToken ct = default) =>
        ExecuteAsync("UPDATE onboarding_journeys SET nudge_status = @status WHERE guild_id = @GuildId AND member_id = @MemberId AND joined_at = @JoinedAtMs",
            new { status, j.GuildId, j.MemberId, j.JoinedAtMs }, ct);

    /// <summary>
    /// Credits a message by the member to their open journey: the first message, and activity in week 2.
    /// Returns the journey's join time if the member is still waiting for a first reply (so the message is worth
    /// remembering), else null.
    /// </summary>
    public async Task<MessageCredit?> RecordMessageAsync(ulong guildId, ulong memberId, DateTimeOffset at, CancellationToken ct = default)
    {
        var now = at.ToUnixTimeMilliseconds();
        var week = (long)Week.TotalMilliseconds;
        var track = (long)ReplyTrackingWindow.TotalMilliseconds;
        await using var connection = await db.OpenAsync(ct);
        // One statement, and no write at all for members whose funnel has nothing left to learn from a message.
        return await connection.QuerySingleOrDefaultAsync<MessageCredit>(new CommandDefinition($"""
            UPDATE onboarding_journeys SET
                first_message_at = COALESCE(first_message_at, @now),
                active_week2_at = CASE WHEN active_week2_at IS NULL AND @now >= joined_at + @week AND @now < joined_at + 2 * @week
                                       THEN @now ELSE active_week2_at END
            WHERE guild_id = @guildId AND member_id = @memberId AND left_at IS NULL AND {IsLatestJourney}
              AND (first_message_at IS NULL
                   OR (active_week2_at IS NULL AND @now >= joined_at + @week AND @now < joined_at + 2 * @week)
                   OR (first_reply_at IS NULL AND @now < joined_at + @track))
            RETURNING joined_at AS JoinedAtMs, first_reply_at AS FirstReplyAtMs
            """, new { guildId, memberId, now, week, track }, cancellationToken: ct));
    }

    /// <summary>Remembers a newcomer's message (or thread) so a reply to it can be credited; prunes what is too old to matter.</summary>
    public async Task TrackMessageAsync(ulong guildId, ulong messageId, ulong memberId, long joinedAtMs, DateTimeOffset now, CancellationToken ct = default)
    {
        await using var connection = await db.OpenAsync(ct);
        await connection.ExecuteAsync(new CommandDefinition("""
            INSERT INTO onboarding_tracked_messages (guild_id, message_id, member_id, joined_at) VALUES (@guildId, @messageId, @memberId, @joinedAtMs)
            ON CONFLICT (guild_id, message_id) DO NOTHING
            """, new { guildId, messageId, memberId, joinedAtMs }, cancellationToken: ct));
        await connection.ExecuteAsync(new CommandDefinition(
            "DELETE FROM onboarding_tracked_messages WHERE guild_id = @guildId AND joined_at < @cutoff",
            new { guildId, cutoff = (now - ReplyTrackingWindow).ToUnixTimeMilliseconds() }, cancellationToken: ct));
    }

    /// <summary>Whose remembered message (or thread) is one of these ids, if any.</summary>
    public async Task<ulong?> FindTrackedAuthorAsync(ulong guildId, ulong? messageId, ulong channelId, CancellationToken ct = default)
    {
        await using var connection = await db.OpenAsync(ct);
        return await connection.QueryFirstOrDefaultAsync<ulong?>(new CommandDefinition(
            "SELECT member_id FROM onboarding_tracked_messages WHERE guild_id = @guildId AND (message_id = @messageId OR message_id = @channelId)",
            new { guildId, messageId = messageId ?? 0UL, channelId }, cancellationToken: ct));
    }

    /// <summary>Records the first reply another member gave this member; true the first time.</summary>
    public async Task<bool> RecordReplyReceivedAsync(ulong guildId, ulong memberId, DateTimeOffset at, CancellationToken ct = default)
    {
        var now = at.ToUnixTimeMilliseconds();
        await using var connection = await db.OpenAsync(ct);
        var updated = await connection.ExecuteAsync(new CommandDefinition($"""
            UPDATE onboarding_journeys SET first_reply_at = @now
            WHERE guild_id = @guildId AND member_id = @memberId AND left_at IS NULL AND first_reply_at IS NULL
              AND first_message_at IS NOT NULL AND first_message_at <= @now AND {IsLatestJourney}
            """, new { guildId, memberId, now }, cancellationToken: ct)) == 1;
        if (updated)
            await connection.ExecuteAsync(new CommandDefinition(
                "DELETE FROM onboarding_tracked_messages WHERE guild_id = @guildId AND member_id = @memberId", new { guildId, memberId }, cancellationToken: ct));
        return updated;
    }

    /// <summary>
    /// Journeys that started at or after <paramref name="since"/>, for the funnel report. No upper bound: joined_at
    /// is Discord's clock, which may run a little ahead of ours.
    /// </summary>
    public async Task<IReadOnlyList<Journey>> ListCohortAsync(ulong guildId, DateTimeOffset since, CancellationToken ct = default)
    {
        await using var connection = await db.OpenAsync(ct);
        var rows = await connection.QueryAsync<Journey>(new CommandDefinition(
            $"SELECT {Columns} FROM onboarding_journeys WHERE guild_id = @guildId AND joined_at >= @since ORDER BY joined_at, member_id",
            new { guildId, since = since.ToUnixTimeMilliseconds() }, cancellationToken: ct));
        return rows.AsList();
    }

    /// <summary>
    /// Replaces the member's remembered interest choice with <paramref name="roleIds"/> (the whole menu answer, so an
    /// interest they dropped is forgotten too). Kept after they leave: it is what a restored rejoin gives back.
    /// </summary>
    public async Task SaveInterestChoiceAsync(ulong guildId, ulong memberId, IReadOnlyCollection<ulong> roleIds, DateTimeOffset at, CancellationToken ct = default)
    {
        await using var connection = await db.OpenAsync(ct);
        await using var tx = await connection.BeginTransactionAsync(ct);
        await connection.ExecuteAsync(new CommandDefinition(
            "DELETE FROM onboarding_interest_choices WHERE guild_id = @guildId AND member_id = @memberId", new { guildId, memberId }, tx, cancellationToken: ct));
        foreach (var roleId in roleIds.Distinct())
            await connection.ExecuteAsync(new CommandDefinition(
                "INSERT INTO onboarding_interest_choices (guild_id, member_id, role_id, chosen_at) VALUES (@guildId, @memberId, @roleId, @at)",
                new { guildId, memberId, roleId, at = at.ToUnixTimeMilliseconds() }, tx, cancellationToken: ct));
        await tx.CommitAsync(ct);
    }

    /// <summary>The interest roles the member last chose in the onboarding menu (empty if never).</summary>
    public async Task<IReadOnlyList<ulong>> GetInterestChoiceAsync(ulong guildId, ulong memberId, CancellationToken ct = default)
    {
        await using var connection = await db.OpenAsync(ct);
        var rows = await connection.QueryAsync<ulong>(new CommandDefinition(
            "SELECT role_id FROM onboarding_interest_choices WHERE guild_id = @guildId AND member_id = @memberId ORDER BY role_id",
            new { guildId, memberId }, cancellationToken: ct));
        return rows.AsList();
    }

    public async Task<RulesMessageRef?> GetRulesMessageAsync(ulong guildId, CancellationToken ct = default)
    {
        await using var connection = await db.OpenAsync(ct);
        var row = await connection.QuerySingleOrDefaultAsync<RulesRow>(new CommandDefinition(
            "SELECT channel_id AS ChannelId, message_id AS MessageId FROM onboarding_rules_messages WHERE guild_id = @guildId",
            new { guildId }, cancellationToken: ct));
        return row is null ? null : new RulesMessageRef(row.ChannelId, row.MessageId);
    }

    public Task SaveRulesMessageAsync(ulong guildId, RulesMessageRef message, DateTimeOffset at, CancellationToken ct = default) =>
        ExecuteAsync("""
            INSERT INTO onboarding_rules_messages (guild_id, channel_id, message_id, published_at) VALUES (@guildId, @ChannelId, @MessageId, @at)
            ON CONFLICT (guild_id) DO UPDATE SET channel_id = excluded.channel_id, message_id = excluded.message_id, published_at = excluded.published_at
            """, new { guildId, message.ChannelId, message.MessageId, at = at.ToUnixTimeMilliseconds() }, ct);

    private async Task<int> ExecuteAsync(string sql, object args, CancellationToken ct)
    {
        await using var connection = await db.OpenAsync(ct);
        return await connection.ExecuteAsync(new CommandDefinition(sql, args, cancellationToken: ct));
    }

    private sealed class EarlierJourneys
    {
        public long Count { get; set; }
        public long Accepted { get; set; }
    }

    private sealed class RulesRow
    {
        public ulong ChannelId { get; set; }
        public ulong MessageId { get; set; }
    }
}

public sealed class MessageCredit
{
    public long JoinedAtMs { get; set; }
    public long? FirstReplyAtMs { get; set; }
}
