using CommunityBot.Discord.Models;
using CommunityBot.Discord.Rest;
using CommunityBot.Interactions;
using static CommunityBot.Features.Ambassadors.PointsFormat;

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
                    throw new InteractionRefusedException(Strings.Get(ctx.Culture, "Review.RoleRefused", ("error", ex.Message)));
                }
                await ShowOutcomeAsync(ctx, approved, settings, r => Strings.Get(Staff(ctx), "Card.Approved", ("moderator", $"<@{ctx.UserId}>")));
                break;
            case "deny":
                await ctx.ShowModalAsync(CustomId.Create(Feature, "denyreason", redemptionId), Strings.Get(ctx.Culture, "Review.DenyTitle"),
                    Component.LabeledTextInput(ReasonField, Strings.Get(ctx.Culture, "Review.ReasonLabel"), TextInputStyles.Paragraph, required: true, minLength: 3, maxLength: Ledger.MaxReasonLength));
                break;
            case "denyreason":
                var reason = ctx.RequiredModalValue(ReasonField, Strings.Get(ctx.Culture, "Review.ReasonField"), Ledger.MaxReasonLength);
                await ctx.DeferAsync();
                var denied = await rewards.DenyAsync(ctx.GuildId, redemptionId, ctx.UserId, reason, settings: settings);
                await ShowOutcomeAsync(ctx, denied, settings, r => Strings.Get(Staff(ctx), "Card.Denied", ("moderator", $"<@{ctx.UserId}>"), ("reason", reason), ("cost", r.Cost)));
                break;
            default:
                throw CustomId.Invalid();
        }
    }

    /// <summary>The card stays in the staff channel for everyone there: it keeps the server's language.</summary>
    private static System.Globalization.CultureInfo Staff(InteractionContext ctx) => ctx.GuildCulture;

    private static async Task ShowOutcomeAsync(InteractionContext ctx, DecisionResult result, AmbassadorSettings settings, Func<Redemption, string> describe)
    {
        switch (result.Outcome)
        {
            case DecisionOutcome.NotFound:
                throw new InteractionRefusedException(Strings.Get(ctx.Culture, "Review.Gone"));
            case DecisionOutcome.AlreadyDecided:
                await ctx.RespondAsync(Strings.Get(ctx.Culture, "Review.AlreadyDecided", ("id", result.Redemption!.Id),
                    ("status", Strings.Get(ctx.Culture, "Status." + result.Redemption.Status))), ephemeral: true);
                break;
            case DecisionOutcome.RewardWithdrawn:
                var w = result.Redemption!;
                var note = Strings.Get(Staff(ctx), "Card.NotApproved", ("reward", w.RewardId), ("cost", w.Cost));
                await ctx.UpdateMessageAsync(embeds: [RewardService.Card(w, null, Staff(ctx), note)], components: []);
                await ctx.RespondAsync(Strings.Get(ctx.Culture, "Review.WithdrawnReply", ("id", w.Id), ("reward", w.RewardId), ("name", w.RewardName),
                    ("member", $"<@{w.MemberId}>"), ("cost", w.Cost)), ephemeral: true);
                break;
            default:
                var r = result.Redemption!;
                await ctx.UpdateMessageAsync(embeds: [RewardService.Card(r, settings.Reward(r.RewardId), Staff(ctx), describe(r))], components: []);
                break;
        }
    }
}
