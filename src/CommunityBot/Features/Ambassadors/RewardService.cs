using CommunityBot.Discord.Models;
using CommunityBot.Discord.Rest;
using System.Globalization;
using CommunityBot.Interactions;
using CommunityBot.Localisation;
using Microsoft.Extensions.Logging;

namespace CommunityBot.Features.Ambassadors;

/// <summary>
/// Redeeming a reward end to end: debit (ledger), the staff review card with Approve / Deny, fulfilment
/// (role grant or "mark fulfilled"), refund on denial, and the member's DMs.
/// </summary>
/// <remarks>
/// Languages: the review card is read by the staff channel (the server's language); the member's DMs are in the language
/// they last used with the bot. Without <see cref="Audiences"/> (unit tests) both are English.
/// </remarks>
public sealed class RewardService(LedgerWriter writer, TierService tiers, IDiscordRestClient rest, TimeProvider time, ILogger<RewardService> logger,
    Audiences? audiences = null)
{
    private static string T(CultureInfo culture, string key, params ReadOnlySpan<(string, object?)> values) => PointsFormat.Strings.Get(culture, key, values);

    public CultureInfo StaffCulture(ulong guildId) => audiences?.ForGuild(guildId) ?? Languages.Fallback;

    private async Task<CultureInfo> MemberCultureAsync(ulong memberId, ulong guildId, CancellationToken ct) =>
        audiences is null ? Languages.Fallback : await audiences.ForMemberAsync(memberId, guildId, ct);

    /// <summary>A reward's name in <paramref name="culture"/> when it is still configured, else the name kept with the redemption.</summary>
    private static string NameOf(Redemption r, RewardSettings? reward, CultureInfo culture) => reward?.Name.For(culture) ?? r.RewardName;

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
            var staff = StaffCulture(guildId);
            var card = await rest.CreateMessageAsync(channel, new CreateMessageRequest
            {
                Embeds = [Card(redemption, reward, staff)],
                Components = [Component.Row(
                    Component.Button(CustomId.Create(Feature, "approve", redemption.Id), T(staff, "Card.Approve"), ButtonStyles.Success),
                    Component.Button(CustomId.Create(Feature, "deny", redemption.Id), T(staff, "Card.Deny"), ButtonStyles.Danger))],
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
            var culture = await MemberCultureAsync(redemption.MemberId, guildId, ct);
            var reward = settings.Reward(redemption.RewardId);
            var how = T(culture, reward?.Kind == RewardKind.Role ? "Dm.ApprovedRole" : "Dm.ApprovedManual");
            await DirectMessageAsync(redemption.MemberId, T(culture, "Dm.Approved", ("name", NameOf(redemption, reward, culture)), ("how", how)), ct);
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
            culture => T(culture, "Dm.Withdrawn", ("name", redemption.RewardName), ("cost", redemption.Cost)));
        return result.Outcome == DecisionOutcome.Decided ? result with { Outcome = DecisionOutcome.RewardWithdrawn } : result;
    }

    /// <param name="settings">To name the reward in the member's language while it is still configured.</param>
    public Task<DecisionResult> DenyAsync(ulong guildId, long redemptionId, ulong moderatorId, string reason, CancellationToken ct = default,
        AmbassadorSettings? settings = null) =>
        DenyAsync(guildId, redemptionId, moderatorId, reason, ct, memberNotice: null, settings);

    private async Task<DecisionResult> DenyAsync(ulong guildId, long redemptionId, ulong moderatorId, string reason, CancellationToken ct,
        Func<CultureInfo, string>? memberNotice, AmbassadorSettings? settings = null)
    {
        var at = time.GetUtcNow();
        var result = await writer.RunAsync(s => Redemptions.DenyAsync(s, guildId, redemptionId, moderatorId, reason, at), ct);
        if (result.Outcome != DecisionOutcome.Decided || result.Redemption is not { } redemption) return result;
        if (result.Refund is { } refund) await tiers.OnChangedAsync(refund, ct);
        var culture = await MemberCultureAsync(redemption.MemberId, guildId, ct);
        await DirectMessageAsync(redemption.MemberId,
            memberNotice?.Invoke(culture)
            ?? T(culture, "Dm.Denied", ("name", NameOf(redemption, settings?.Reward(redemption.RewardId), culture)), ("cost", redemption.Cost), ("reason", reason)), ct);
        return result;
    }

    /// <summary>The staff's review card for a redemption, in <paramref name="culture"/> (the server's language).</summary>
    public static Embed Card(Redemption r, RewardSettings? reward, CultureInfo culture, string? outcome = null) => new()
    {
        Title = T(culture, "Card.Title", ("id", r.Id)),
        Description = T(culture, "Card.Redeemed", ("member", $"<@{r.MemberId}>"), ("name", NameOf(r, reward, culture)), ("cost", r.Cost)) + "\n" +
                      (reward is null ? T(culture, "Card.Withdrawn")
                          : reward.Kind == RewardKind.Role && reward.RoleId is { } role ? T(culture, "Card.GrantsRole", ("role", $"<@&{role}>")) : T(culture, "Card.Manual")) +
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
