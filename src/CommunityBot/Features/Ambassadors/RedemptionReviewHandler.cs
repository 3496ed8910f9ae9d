using CommunityBot.Discord.Models;
using CommunityBot.Discord.Rest;
using CommunityBot.Interactions;

namespace CommunityBot.Features.Ambassadors;

/// <summary>
/// The review card's buttons (moderators only): Approve fulfils at once (or, for a reward removed from the config
/// meanwhile, refuses and refunds); Deny asks for a reason in a modal, then refunds. The card is updated to show who decided what; a second click is told it was already handled.
/// </summary>
public sealed class RedemptionReviewHandler(RewardService rewards) : IComponentHandler
{
    private const string ReasonField = "reason";

    public string Feature => RewardService.Feature;

    public IReadOnlyList<ComponentAction> Actions { get; } =
        [new("approve", CustomIdArg.Number), new("deny", CustomIdArg.Number), new("denyreason", CustomIdArg.Number)];

    public async Task HandleAsync(InteractionContext ctx, CustomId id)
    {
        ctx.Require(AccessLevel.Moderator);
        var settings = ctx.Section<AmbassadorSettings>("The ambassador program");
        var redemptionId = id.LongArg(0);
        switch (id.Action)
        {
            case "approve":
                await ctx.DeferAsync();
                DecisionResult approved;
                try
                {
                    approved = await rewards.ApproveAsync(ctx.GuildId, redemptionId, ctx.UserId, settings);
                }
                catch (DiscordRestException ex)
                {
                    throw new InteractionRefusedException($"Discord refused to grant the role ({ex.Message}). Check that the bot's role is above the reward role, then approve again.");
                }
                await ShowOutcomeAsync(ctx, approved, settings, r => $"✅ Approved by <@{ctx.UserId}>.");
                break;
            case "deny":
                await ctx.ShowModalAsync(CustomId.Create(Feature, "denyreason", redemptionId), "Deny redemption",
                    Component.LabeledTextInput(ReasonField, "Reason (sent to the member)", TextInputStyles.Paragraph, required: true, minLength: 3, maxLength: Ledger.MaxReasonLength));
                break;
            case "denyreason":
                var reason = ctx.RequiredModalValue(ReasonField, "Reason", Ledger.MaxReasonLength);
                await ctx.DeferAsync();
                var denied = await rewards.DenyAsync(ctx.GuildId, redemptionId, ctx.UserId, reason);
                await ShowOutcomeAsync(ctx, denied, settings, r => $"❌ Denied by <@{ctx.UserId}>: {reason}\nRefunded {r.Cost} points.");
                break;
            default:
                throw new InteractionRefusedException("This control is out of date. Please use the latest message.");
        }
    }

    private static async Task ShowOutcomeAsync(InteractionContext ctx, DecisionResult result, AmbassadorSettings settings, Func<Redemption, string> describe)
    {
        switch (result.Outcome)
        {
            case DecisionOutcome.NotFound:
                throw new InteractionRefusedException("That redemption no longer exists.");
            case DecisionOutcome.AlreadyDecided:
                await ctx.RespondAsync($"Redemption #{result.Redemption!.Id} was already {result.Redemption.Status}.", ephemeral: true);
                break;
            case DecisionOutcome.RewardWithdrawn:
                var w = result.Redemption!;
                await ctx.UpdateMessageAsync(embeds: [RewardService.Card(w, null, $"↩️ Not approved: the reward `{w.RewardId}` is no longer in the config. Refunded {w.Cost} points.")], components: []);
                await ctx.RespondAsync($"Redemption #{w.Id} was not approved: the reward `{w.RewardId}` (**{w.RewardName}**) was removed from the config, so there is nothing to grant. " +
                                       $"<@{w.MemberId}> got their {w.Cost} points back; add the reward again if they should have it.", ephemeral: true);
                break;
            default:
                var r = result.Redemption!;
                await ctx.UpdateMessageAsync(embeds: [RewardService.Card(r, settings.Reward(r.RewardId), describe(r))], components: []);
                break;
        }
    }
}
