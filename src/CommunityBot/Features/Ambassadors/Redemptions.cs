namespace CommunityBot.Features.Ambassadors;

public static class RedemptionStatus
{
    public const string Pending = "pending";
    public const string Fulfilled = "fulfilled";
    public const string Denied = "denied";
}

public sealed class Redemption
{
    public long Id { get; set; }
    public ulong GuildId { get; set; }
    public ulong MemberId { get; set; }
    public string RewardId { get; set; } = "";
    public string RewardName { get; set; } = "";
    public int Cost { get; set; }
    public long DebitEntryId { get; set; }
    public string Status { get; set; } = RedemptionStatus.Pending;
    public DateTimeOffset CreatedAt { get; set; }
    public ulong? DecidedBy { get; set; }
    public string? DecisionReason { get; set; }
    public ulong? ReviewChannelId { get; set; }
    public ulong? ReviewMessageId { get; set; }
}

public enum RedeemOutcome { Redeemed, Replayed, InsufficientBalance, OutOfStock, LimitReached }

public sealed record RedeemResult(RedeemOutcome Outcome, Redemption? Redemption, long Balance, LedgerChange? Change = null);

/// <summary><see cref="RewardWithdrawn"/>: approval was asked for a reward no longer in the config, so it was refunded instead.</summary>
public enum DecisionOutcome { Decided, AlreadyDecided, NotFound, RewardWithdrawn }

public sealed record DecisionResult(DecisionOutcome Outcome, Redemption? Redemption, LedgerChange? Refund = null);

/// <summary>
/// Redemption as ledger operations. The balance check and the debit happen in one transaction with the
/// member's totals row locked (PostgreSQL: SELECT … FOR UPDATE; SQLite: the writer's BEGIN IMMEDIATE holds the
/// database write lock), so two simultaneous redemptions can never overdraw, and stock and per-member limits
/// are checked under the same lock.
/// </summary>
public static class Redemptions
{
    private const string Columns =
        "id AS Id, guild_id AS GuildId, member_id AS MemberId, reward_id AS RewardId, reward_name AS RewardName, cost AS Cost, " +
        "debit_entry_id AS DebitEntryId, status AS Status, created_at AS CreatedAt, decided_by AS DecidedBy, decision_reason AS DecisionReason, " +
        "review_channel_id AS ReviewChannelId, review_message_id AS ReviewMessageId";

    public static Task<Redemption?> GetAsync(LedgerSession s, ulong guildId, long id) =>
        s.SingleOrDefaultAsync<Redemption>($"SELECT {Columns} FROM ambassador_redemptions WHERE guild_id = @guildId AND id = @id", new { guildId, id });

    /// <param name="requestId">The interaction id: a redelivered or retried command finds its first redemption instead of debiting again.</param>
    public static async Task<RedeemResult> RedeemAsync(LedgerSession s, ulong guildId, ulong memberId, RewardSettings reward, ulong requestId, DateTimeOffset at)
    {
        var sourceId = requestId.ToString();
        var replay = await s.SingleOrDefaultAsync<Redemption>($"""
            SELECT {Columns} FROM ambassador_redemptions WHERE debit_entry_id =
                (SELECT id FROM ambassador_entries WHERE guild_id = @guildId AND source_kind = @kind AND source_id = @sourceId AND member_id = @memberId)
            """, new { guildId, kind = PointSources.Redemption, sourceId, memberId });
        if (replay is not null) return new RedeemResult(RedeemOutcome.Replayed, replay, 0);

        var lockClause = s.Provider == Storage.DatabaseProvider.Postgres ? " FOR UPDATE" : "";
        var balance = await s.SingleOrDefaultAsync<long?>(
            "SELECT balance FROM ambassador_members WHERE guild_id = @guildId AND member_id = @memberId" + lockClause, new { guildId, memberId }) ?? 0;
        if (balance < reward.Cost) return new RedeemResult(RedeemOutcome.InsufficientBalance, null, balance);

        if (reward.PerMemberLimit is { } limit)
        {
            var held = await s.ScalarAsync<long>(
                "SELECT COUNT(*) FROM ambassador_redemptions WHERE guild_id = @guildId AND member_id = @memberId AND reward_id = @rewardId AND status <> @denied",
                new { guildId, memberId, rewardId = reward.Id, denied = RedemptionStatus.Denied });
            if (held >= limit) return new RedeemResult(RedeemOutcome.LimitReached, null, balance);
        }

        await s.ExecuteAsync("INSERT INTO ambassador_reward_claims (guild_id, reward_id, claimed) VALUES (@guildId, @rewardId, 0) ON CONFLICT DO NOTHING",
            new { guildId, rewardId = reward.Id });
        var took = await s.ExecuteAsync(
            "UPDATE ambassador_reward_claims SET claimed = claimed + 1 WHERE guild_id = @guildId AND reward_id = @rewardId" +
            (reward.Stock is null ? "" : " AND claimed < @stock"),
            new { guildId, rewardId = reward.Id, stock = reward.Stock ?? 0 });
        if (took == 0) return new RedeemResult(RedeemOutcome.OutOfStock, null, balance);

        var change = await Ledger.AppendAsync(s, new NewEntry(guildId, memberId, -reward.Cost, PointSources.Redemption, sourceId,
            $"redeemed: {reward.Name}", memberId, at))
            ?? throw new InvalidOperationException("redemption debit already exists although no redemption was found");
        // The lock above makes this unreachable; if it ever is, throwing rolls the whole debit back.
        if (change.Balance < 0) throw new InvalidOperationException($"redemption would overdraw member {memberId} in {guildId}");

        var id = await s.ScalarAsync<long>("""
            INSERT INTO ambassador_redemptions (guild_id, member_id, reward_id, reward_name, cost, debit_entry_id, status, created_at)
            VALUES (@guildId, @memberId, @rewardId, @rewardName, @cost, @entryId, @pending, @at) RETURNING id
            """, new { guildId, memberId, rewardId = reward.Id, rewardName = reward.Name.ToString(), cost = reward.Cost, entryId = change.EntryId, pending = RedemptionStatus.Pending, at });
        var redemption = await GetAsync(s, guildId, id);
        return new RedeemResult(RedeemOutcome.Redeemed, redemption, change.Balance, change);
    }

    public static Task RecordCardAsync(LedgerSession s, long id, ulong channelId, ulong messageId) =>
        s.ExecuteAsync("UPDATE ambassador_redemptions SET review_channel_id = @channelId, review_message_id = @messageId WHERE id = @id",
            new { id, channelId, messageId });

    /// <summary>Marks a pending redemption fulfilled; a second click finds it already decided.</summary>
    public static async Task<DecisionResult> ApproveAsync(LedgerSession s, ulong guildId, long id, ulong moderatorId, DateTimeOffset at)
    {
        var updated = await s.ExecuteAsync("""
            UPDATE ambassador_redemptions SET status = @fulfilled, decided_by = @moderatorId, decided_at = @at
            WHERE guild_id = @guildId AND id = @id AND status = @pending
            """, new { guildId, id, moderatorId, at, fulfilled = RedemptionStatus.Fulfilled, pending = RedemptionStatus.Pending });
        var redemption = await GetAsync(s, guildId, id);
        return new DecisionResult(redemption is null ? DecisionOutcome.NotFound : updated == 1 ? DecisionOutcome.Decided : DecisionOutcome.AlreadyDecided, redemption);
    }

    /// <summary>Denies a pending redemption: refunds with a reversal of its debit and returns its unit of stock.</summary>
    public static async Task<DecisionResult> DenyAsync(LedgerSession s, ulong guildId, long id, ulong moderatorId, string reason, DateTimeOffset at)
    {
        var updated = await s.ExecuteAsync("""
            UPDATE ambassador_redemptions SET status = @denied, decided_by = @moderatorId, decided_at = @at, decision_reason = @reason
            WHERE guild_id = @guildId AND id = @id AND status = @pending
            """, new { guildId, id, moderatorId, at, reason = Ledger.Truncate(reason, Ledger.MaxReasonLength), denied = RedemptionStatus.Denied, pending = RedemptionStatus.Pending });
        var redemption = await GetAsync(s, guildId, id);
        if (redemption is null) return new DecisionResult(DecisionOutcome.NotFound, null);
        if (updated == 0) return new DecisionResult(DecisionOutcome.AlreadyDecided, redemption);

        var debit = await Ledger.EntryAsync(s, guildId, redemption.DebitEntryId) ?? throw new InvalidOperationException($"debit of redemption {id} is missing");
        var refund = await Ledger.ReverseAsync(s, debit, $"refund: {reason}", moderatorId, at);
        await s.ExecuteAsync("UPDATE ambassador_reward_claims SET claimed = claimed - 1 WHERE guild_id = @guildId AND reward_id = @rewardId AND claimed > 0",
            new { guildId, rewardId = redemption.RewardId });
        return new DecisionResult(DecisionOutcome.Decided, redemption, refund);
    }
}
