using CommunityBot.Discord.Models;
using CommunityBot.Discord.Rest;
using CommunityBot.Interactions;
using Microsoft.Extensions.Logging;

namespace CommunityBot.Features.Ambassadors;

/// <summary>
/// Redeeming a reward end to end: debit (ledger), the staff review card with Approve / Deny, fulfilment
/// (role grant or "mark fulfilled"), refund on denial, and the member's DMs.
/// </summary>
public sealed class RewardService(LedgerWriter writer, TierService tiers, IDiscordRestClient rest, TimeProvider time, ILogger<RewardService> logger)
{
    public const string Feature = "amb";

    public async Task<RedeemResult> RedeemAsync(ulong guildId, ulong memberId, AmbassadorSettings settings, RewardSettings reward, ulong requestId, CancellationToken ct = default)
    {
        var at = time.GetUtcNow();
        var result = await writer.RunAsync(s => Redemptions.RedeemAsync(s, guildId, memberId, reward, requestId, at), ct);
        if (result.Outcome != RedeemOutcome.Redeemed || result.Redemption is not { } redemption) return result;

        if (result.Change is { } change) await tiers.OnChangedAsync(change, ct);
        var channel = settings.ReviewChannelId!.Value;
        try
        {
            var card = await rest.CreateMessageAsync(channel, new CreateMessageRequest
            {
                Embeds = [Card(redemption, reward)],
                Components = [Component.Row(
                    Component.Button(CustomId.Create(Feature, "approve", redemption.Id), "Approve", ButtonStyles.Success),
                    Component.Button(CustomId.Create(Feature, "deny", redemption.Id), "Deny", ButtonStyles.Danger))],
            }, ct: ct);
            await writer.RunAsync(async s => { await Redemptions.RecordCardAsync(s, redemption.Id, channel, card.Id); return true; }, ct);
        }
        catch (DiscordRestException ex)
        {
            // The debit stands and the redemption is pending; staff can still find it in /points history.
            logger.LogError("Could not post the review card of redemption {Id} in {Guild}: {Error}", redemption.Id, guildId, ex.Message);
        }
        return result;
    }

    public async Task<DecisionResult> ApproveAsync(ulong guildId, long redemptionId, ulong moderatorId, AmbassadorSettings settings, CancellationToken ct = default)
    {
        var redemption = await writer.RunAsync(s => Redemptions.GetAsync(s, guildId, redemptionId), ct);
        if (redemption is null) return new DecisionResult(DecisionOutcome.NotFound, null);
        if (redemption.Status != RedemptionStatus.Pending) return new DecisionResult(DecisionOutcome.AlreadyDecided, redemption);
        if (settings.Reward(redemption.RewardId) is null) return await RefundWithdrawnAsync(guildId, redemption, moderatorId, ct);

        // Grant first (idempotent on Discord's side): if it fails, the redemption stays pending and the moderator is told why.
        if (settings.Reward(redemption.RewardId) is { Kind: RewardKind.Role, RoleId: { } role })
            await rest.AddGuildMemberRoleAsync(guildId, redemption.MemberId, role, $"Ambassador reward: {redemption.RewardName}", ct);

        var at = time.GetUtcNow();
        var result = await writer.RunAsync(s => Redemptions.ApproveAsync(s, guildId, redemptionId, moderatorId, at), ct);
        if (result.Outcome == DecisionOutcome.Decided)
        {
            var how = settings.Reward(redemption.RewardId)?.Kind == RewardKind.Role ? "The role is now yours." : "A staff member will be in touch to hand it over.";
            await DirectMessageAsync(redemption.MemberId, $"✅ Your redemption of **{redemption.RewardName}** was approved. {how}", ct);
        }
        return result;
    }

    /// <summary>
    /// The reward was removed from the config while its redemption waited: there is nothing left to grant (not even
    /// a role id), so instead of a "fulfilled" that gave nothing, the debit is reversed like a denial and the member told.
    /// </summary>
    private async Task<DecisionResult> RefundWithdrawnAsync(ulong guildId, Redemption redemption, ulong moderatorId, CancellationToken ct)
    {
        var result = await DenyAsync(guildId, redemption.Id, moderatorId, $"the reward \"{redemption.RewardName}\" is no longer offered", ct,
            $"Your redemption of **{redemption.RewardName}** could not be fulfilled because that reward is no longer offered; its {redemption.Cost} points are back in your balance.");
        return result.Outcome == DecisionOutcome.Decided ? result with { Outcome = DecisionOutcome.RewardWithdrawn } : result;
    }

    public Task<DecisionResult> DenyAsync(ulong guildId, long redemptionId, ulong moderatorId, string reason, CancellationToken ct = default) =>
        DenyAsync(guildId, redemptionId, moderatorId, reason, ct, memberNotice: null);

    private async Task<DecisionResult> DenyAsync(ulong guildId, long redemptionId, ulong moderatorId, string reason, CancellationToken ct, string? memberNotice)
    {
        var at = time.GetUtcNow();
        var result = await writer.RunAsync(s => Redemptions.DenyAsync(s, guildId, redemptionId, moderatorId, reason, at), ct);
        if (result.Outcome != DecisionOutcome.Decided || result.Redemption is not { } redemption) return result;
        if (result.Refund is { } refund) await tiers.OnChangedAsync(refund, ct);
        await DirectMessageAsync(redemption.MemberId,
            memberNotice ?? $"Your redemption of **{redemption.RewardName}** was declined, and its {redemption.Cost} points are back in your balance. Reason: {reason}", ct);
        return result;
    }

    public static Embed Card(Redemption r, RewardSettings? reward, string? outcome = null) => new()
    {
        Title = $"Reward redemption #{r.Id}",
        Description = $"<@{r.MemberId}> redeemed **{r.RewardName}** for {r.Cost} points." +
                      (reward is null ? "\nThis reward is no longer in the config."
                          : reward.Kind == RewardKind.Role && reward.RoleId is { } role ? $"\nApproving grants <@&{role}>." : "\nApproving marks it fulfilled; hand it over yourself.") +
                      (outcome is null ? "" : $"\n\n{outcome}"),
        Color = r.Status switch { RedemptionStatus.Fulfilled => 0x2ECC71, RedemptionStatus.Denied => 0xE74C3C, _ => 0xF1C40F },
        Timestamp = r.CreatedAt,
    };

    private async Task DirectMessageAsync(ulong memberId, string text, CancellationToken ct)
    {
        try
        {
            var dm = await rest.CreateDmAsync(memberId, ct);
            await rest.CreateMessageAsync(dm.Id, new CreateMessageRequest { Content = text }, ct: ct);
        }
        catch (DiscordRestException ex)
        {
            // Closed DMs are common; the decision stands either way.
            logger.LogInformation("Could not DM member {Member} about their redemption: {Error}", memberId, ex.Message);
        }
    }
}
