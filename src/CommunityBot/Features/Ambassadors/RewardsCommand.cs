using CommunityBot.Discord.Models;
using CommunityBot.Features.Ambassadors.Resources;
using CommunityBot.Interactions;
using CommunityBot.Localisation;

namespace CommunityBot.Features.Ambassadors;

/// <summary>
/// <c>/rewards list</c> shows the catalogue with cost, stock and what the member can afford; <c>/rewards redeem</c>
/// debits at once and sends the request to staff. Refusals (balance, stock, limit) say which.
/// </summary>
public sealed class RewardsCommand(RewardService rewards, AmbassadorQueries queries, Localiser<AmbassadorStrings> strings) : IApplicationCommand
{
    public ApplicationCommand Definition => Command.Slash("rewards", "Ambassador rewards", AccessLevel.Everyone,
        Option.Sub("list", "What you can redeem your points for"),
        Option.Sub("redeem", "Spend points on a reward (staff confirm it)",
            Option.String("reward", "Which reward", required: true, maxLength: 40, autocomplete: true))).Localised(strings);

    public Task ExecuteAsync(InteractionContext ctx)
    {
        var settings = ctx.Section<AmbassadorSettings>("The ambassador program");
        return ctx.Options.Subcommand switch
        {
            "list" => ListAsync(ctx, settings),
            "redeem" => RedeemAsync(ctx, settings),
            _ => throw new InteractionRefusedException(strings.Get(ctx.Culture, "UnknownSubcommand")),
        };
    }

    public Task<IEnumerable<ApplicationCommandOptionChoice>> AutocompleteAsync(InteractionContext ctx, InteractionDataOption focused)
    {
        var typed = focused.Value?.ToString() ?? "";
        var settings = ctx.GuildConfig?.Section<AmbassadorSettings>();
        var choices = (settings?.Rewards ?? [])
            .Where(r => r.Name.All.Any(n => n.Contains(typed, StringComparison.OrdinalIgnoreCase)) || r.Id.Contains(typed, StringComparison.OrdinalIgnoreCase))
            .Select(r => ApplicationCommandOptionChoice.Of(PointsFormat.Clip(strings.Get(ctx.Culture, "Rewards.Choice", ("name", r.Name.For(ctx.Culture)), ("cost", (long)r.Cost)), 100), r.Id));
        return Task.FromResult(choices);
    }

    private async Task ListAsync(InteractionContext ctx, AmbassadorSettings settings)
    {
        if (settings.Rewards.Count == 0)
        {
            await ctx.RespondAsync(strings.Get(ctx.Culture, "Rewards.None"));
            return;
        }
        var balance = (await queries.SummaryAsync(ctx.GuildId, ctx.UserId, 0)).Totals.Balance;
        var (claimed, mine) = await queries.RewardUsageAsync(ctx.GuildId, ctx.UserId);
        var c = ctx.Culture;
        var fields = settings.Rewards.Take(25).Select(r =>
        {
            var stock = r.Stock is { } s ? strings.Get(c, "Rewards.Left", ("count", Math.Max(0, s - claimed.GetValueOrDefault(r.Id)))) : "";
            var limit = r.PerMemberLimit is { } l ? strings.Get(c, "Rewards.Limit", ("count", l)) : "";
            var state = PointsFormat.Available(r, claimed, mine, c)
                ?? (r.Cost <= balance ? strings.Get(c, "Rewards.CanRedeem") : strings.Get(c, "Rewards.MoreNeeded", ("points", r.Cost - balance)));
            var description = r.Description?.For(c) ?? strings.Get(c, r.Kind == RewardKind.Role ? "Rewards.RoleKind" : "Rewards.ManualKind");
            return PointsFormat.Fit(new EmbedField
            {
                Name = PointsFormat.Clip(strings.Get(c, "Rewards.Heading", ("name", r.Name.For(c)), ("cost", (long)r.Cost)), 256),
                Value = strings.Get(c, "Rewards.Entry", ("description", description), ("stock", stock), ("limit", limit), ("state", state), ("id", r.Id)),
            });
        }).ToArray();
        await ctx.RespondAsync(embeds: [new Embed { Title = strings.Get(c, "Rewards.Title"), Description = strings.Get(c, "Rewards.Balance", ("balance", balance)), Fields = fields, Color = 0x9B59B6 }]);
    }

    private async Task RedeemAsync(InteractionContext ctx, AmbassadorSettings settings)
    {
        var id = ctx.Options.RequiredString("reward", 40);
        var c = ctx.Culture;
        var reward = settings.Reward(id) ?? throw new InteractionRefusedException(strings.Get(c, "Rewards.Unknown", ("id", id)));
        var result = await rewards.RedeemAsync(ctx.GuildId, ctx.UserId, settings, reward, ctx.Interaction.Id);
        var name = reward.Name.For(c);
        await ctx.RespondAsync(result.Outcome switch
        {
            RedeemOutcome.Redeemed => strings.Get(c, "Redeem.Done", ("name", name), ("cost", (long)reward.Cost), ("id", result.Redemption!.Id), ("balance", result.Balance)),
            RedeemOutcome.Replayed => strings.Get(c, "Redeem.Replayed", ("id", result.Redemption!.Id)),
            RedeemOutcome.InsufficientBalance => strings.Get(c, "Redeem.Insufficient", ("name", name), ("cost", (long)reward.Cost), ("balance", result.Balance)),
            RedeemOutcome.OutOfStock => strings.Get(c, "Redeem.OutOfStock", ("name", name)),
            _ => strings.Get(c, "Redeem.Limit", ("name", name), ("limit", reward.PerMemberLimit)),
        });
    }
}
