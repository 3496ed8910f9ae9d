using CommunityBot.Discord.Models;
using CommunityBot.Interactions;

namespace CommunityBot.Features.Ambassadors;

/// <summary>
/// <c>/rewards list</c> shows the catalogue with cost, stock and what the member can afford; <c>/rewards redeem</c>
/// debits at once and sends the request to staff. Refusals (balance, stock, limit) say which.
/// </summary>
public sealed class RewardsCommand(RewardService rewards, AmbassadorQueries queries) : IApplicationCommand
{
    public ApplicationCommand Definition { get; } = Command.Slash("rewards", "Ambassador rewards", AccessLevel.Everyone,
        Option.Sub("list", "What you can redeem your points for"),
        Option.Sub("redeem", "Spend points on a reward (staff confirm it)",
            Option.String("reward", "Which reward", required: true, maxLength: 40, autocomplete: true)));

    public Task ExecuteAsync(InteractionContext ctx)
    {
        var settings = ctx.Section<AmbassadorSettings>("The ambassador program");
        return ctx.Options.Subcommand switch
        {
            "list" => ListAsync(ctx, settings),
            "redeem" => RedeemAsync(ctx, settings),
            _ => throw new InteractionRefusedException("Unknown subcommand; pick one from the list."),
        };
    }

    public Task<IEnumerable<ApplicationCommandOptionChoice>> AutocompleteAsync(InteractionContext ctx, InteractionDataOption focused)
    {
        var typed = focused.Value?.ToString() ?? "";
        var settings = ctx.GuildConfig?.Section<AmbassadorSettings>();
        var choices = (settings?.Rewards ?? [])
            .Where(r => r.Name.Contains(typed, StringComparison.OrdinalIgnoreCase) || r.Id.Contains(typed, StringComparison.OrdinalIgnoreCase))
            .Select(r => ApplicationCommandOptionChoice.Of(PointsFormat.Clip($"{r.Name} ({r.Cost:N0} points)", 100), r.Id));
        return Task.FromResult(choices);
    }

    private async Task ListAsync(InteractionContext ctx, AmbassadorSettings settings)
    {
        if (settings.Rewards.Count == 0)
        {
            await ctx.RespondAsync("There are no rewards to redeem yet.");
            return;
        }
        var balance = (await queries.SummaryAsync(ctx.GuildId, ctx.UserId, 0)).Totals.Balance;
        var (claimed, mine) = await queries.RewardUsageAsync(ctx.GuildId, ctx.UserId);
        var fields = settings.Rewards.Take(25).Select(r =>
        {
            var stock = r.Stock is { } s ? $" · {Math.Max(0, s - claimed.GetValueOrDefault(r.Id))} left" : "";
            var limit = r.PerMemberLimit is { } l ? $" · max {l} per member" : "";
            var state = PointsFormat.Available(r, claimed, mine) ?? (r.Cost <= balance ? "✅ you can redeem this" : $"{r.Cost - balance:N0} more points needed");
            return PointsFormat.Fit(new EmbedField
            {
                Name = PointsFormat.Clip($"{r.Name} — {r.Cost:N0} points", 256),
                Value = $"{r.Description ?? (r.Kind == RewardKind.Role ? "A role" : "Handed over by staff")}{stock}{limit}\n{state} · `/rewards redeem {r.Id}`",
            });
        }).ToArray();
        await ctx.RespondAsync(embeds: [new Embed { Title = "Ambassador rewards", Description = $"Your balance: **{balance:N0}** points.", Fields = fields, Color = 0x9B59B6 }]);
    }

    private async Task RedeemAsync(InteractionContext ctx, AmbassadorSettings settings)
    {
        var id = ctx.Options.RequiredString("reward", 40);
        var reward = settings.Reward(id) ?? throw CommandOptions.Refuse("reward", $"must be one of the rewards in `/rewards list` (there is no '{id}')");
        var result = await rewards.RedeemAsync(ctx.GuildId, ctx.UserId, settings, reward, ctx.Interaction.Id);
        await ctx.RespondAsync(result.Outcome switch
        {
            RedeemOutcome.Redeemed =>
                $"You redeemed **{reward.Name}** for {reward.Cost:N0} points (request #{result.Redemption!.Id}). Your balance is now {result.Balance:N0}. " +
                "Staff will review it and you will get a DM; if they decline, your points come back.",
            RedeemOutcome.Replayed => $"This request was already recorded as redemption #{result.Redemption!.Id}.",
            RedeemOutcome.InsufficientBalance => $"Not enough points: **{reward.Name}** costs {reward.Cost:N0} and your balance is {result.Balance:N0}.",
            RedeemOutcome.OutOfStock => $"**{reward.Name}** is out of stock.",
            _ => $"You have reached the limit for **{reward.Name}** ({reward.PerMemberLimit} per member).",
        });
    }
}
