using System.Globalization;
using System.Text;
using CommunityBot.Discord.Models;
using CommunityBot.Interactions;

namespace CommunityBot.Features.Ambassadors;

/// <summary>
/// <c>/points</c>: <c>me</c> for everyone (ephemeral self-service); <c>grant</c>, <c>revoke</c>, <c>history</c> for
/// moderators; <c>season start</c> and <c>export</c> for admins. Discord does not allow a bare command next to
/// subcommands, so self-service is <c>/points me</c>.
/// </summary>
public sealed class PointsCommand(AmbassadorPoints points, AmbassadorQueries queries, LedgerWriter writer, TimeProvider time) : IApplicationCommand
{
    public const int MaxGrant = 100_000;
    private const int RecentEntries = 5;
    private const int HistoryEntries = 20;
    private const int MaxExportBytes = 8 * 1024 * 1024;

    public ApplicationCommand Definition { get; } = Command.Slash("points", "Ambassador points", AccessLevel.Everyone,
        Option.Sub("me", "Your balance, rank, tier and recent points (only you see this)"),
        Option.Sub("grant", "Give a member points (moderators)",
            Option.User("member", "Who receives the points", required: true),
            Option.Integer("amount", "How many points", required: true, min: 1, max: MaxGrant),
            Option.String("reason", "Why (the member sees this)", required: true, maxLength: Ledger.MaxReasonLength)),
        Option.Sub("revoke", "Reverse one ledger entry (moderators)",
            Option.Integer("entry", "Entry number, from /points history", required: true, min: 1),
            Option.String("reason", "Why (the member sees this)", required: true, maxLength: Ledger.MaxReasonLength)),
        Option.Sub("history", "A member's recent ledger entries (moderators)",
            Option.User("member", "Whose history", required: true)),
        Option.Group("season", "Seasons (admins)",
            Option.Sub("start", "Start a new season: season leaderboards restart, all-time totals stay",
                Option.String("name", "Season name, e.g. Spring 2026", required: true, maxLength: 50))),
        Option.Sub("export", "Download this server's whole ledger as CSV (admins)"));

    public Task ExecuteAsync(InteractionContext ctx)
    {
        var settings = ctx.Section<AmbassadorSettings>("The ambassador program");
        return ctx.Options.Subcommand switch
        {
            "me" => MeAsync(ctx, settings),
            "grant" => GrantAsync(ctx),
            "revoke" => RevokeAsync(ctx),
            "history" => HistoryAsync(ctx),
            "season start" => StartSeasonAsync(ctx),
            "export" => ExportAsync(ctx),
            _ => throw new InteractionRefusedException("Unknown subcommand; pick one from the list."),
        };
    }

    private async Task MeAsync(InteractionContext ctx, AmbassadorSettings settings)
    {
        var summary = await queries.SummaryAsync(ctx.GuildId, ctx.UserId, RecentEntries);
        var usage = await queries.RewardUsageAsync(ctx.GuildId, ctx.UserId);
        var t = summary.Totals;
        var fields = new List<EmbedField>
        {
            new() { Name = "Balance", Value = $"{t.Balance:N0} points", Inline = true },
            new() { Name = "Earned all-time", Value = $"{t.Earned:N0} points", Inline = true },
            new() { Name = "Rank", Value = t.Earned > 0 ? $"#{summary.Rank} of {summary.Ranked}" : "unranked yet", Inline = true },
        };
        if (summary.Season is { } season)
            fields.Add(new() { Name = $"Season: {season.Name}", Value = $"{t.SeasonPoints(season.Id):N0} points", Inline = true });
        if (settings.Tiers.Levels.Count > 0) fields.Add(new() { Name = "Tier", Value = PointsFormat.TierProgress(settings.Tiers, t) });
        fields.Add(new() { Name = "Recent points", Value = summary.Recent.Count == 0 ? "Nothing yet. Join the conversation!" : string.Join("\n", summary.Recent.Select(PointsFormat.EntryLine)) });
        var redeemable = settings.Rewards.Where(r => r.Cost <= t.Balance && PointsFormat.Available(r, usage.Claimed, usage.Mine) is null).ToList();
        if (settings.Rewards.Count > 0)
            fields.Add(new() { Name = "You can redeem", Value = redeemable.Count == 0 ? "Nothing yet; see /rewards list." : string.Join("\n", redeemable.Select(r => $"**{r.Name}** ({r.Cost:N0}) · `/rewards redeem {r.Id}`")) });
        await ctx.RespondAsync(embeds: [new Embed { Title = "Your ambassador points", Fields = [.. fields.Select(PointsFormat.Fit)], Color = 0x5865F2 }]);
    }

    private async Task GrantAsync(InteractionContext ctx)
    {
        ctx.Require(AccessLevel.Moderator);
        var member = ctx.Options.RequiredSnowflake("member");
        var amount = (int)ctx.Options.RequiredInteger("amount", 1, MaxGrant);
        var reason = ctx.Options.RequiredString("reason", Ledger.MaxReasonLength);
        // The resolved user's flag covers any bot; the recorded set also covers the bot itself and webhook authors.
        if (ctx.Options.ResolvedUser("member")?.Bot == true || await points.IsBotAsync(member))
            throw new InteractionRefusedException("Bots cannot earn ambassador points.");
        if (member == ctx.UserId) throw new InteractionRefusedException("You cannot grant points to yourself; ask another moderator.");
        var change = await points.GrantAsync(ctx.GuildId, member, amount, reason, ctx.UserId, ctx.Interaction.Id);
        await ctx.RespondAsync(change is null
            ? "This grant was already recorded."
            : $"Granted {amount:N0} points to <@{member}> (entry #{change.EntryId}). Their balance is now {change.Balance:N0}.");
    }

    private async Task RevokeAsync(InteractionContext ctx)
    {
        ctx.Require(AccessLevel.Moderator);
        var entryId = ctx.Options.RequiredInteger("entry", 1);
        var reason = ctx.Options.RequiredString("reason", Ledger.MaxReasonLength);
        var (outcome, entry, change) = await points.RevokeAsync(ctx.GuildId, entryId, reason, ctx.UserId);
        await ctx.RespondAsync(outcome switch
        {
            AmbassadorPoints.RevokeOutcome.Revoked =>
                $"Revoked entry #{entryId} ({PointsFormat.Signed(entry!.Amount)} for <@{entry.MemberId}>). Their balance is now {change!.Balance:N0}.",
            AmbassadorPoints.RevokeOutcome.NotFound => $"There is no entry #{entryId} in this server. Find entry numbers with /points history.",
            AmbassadorPoints.RevokeOutcome.AlreadyReversed => $"Entry #{entryId} was already reversed (by entry #{entry!.ReversedById}).",
            AmbassadorPoints.RevokeOutcome.IsReversal => $"Entry #{entryId} is itself a reversal and cannot be revoked.",
            _ => $"Entry #{entryId} pays for a reward; deny the redemption on its review card to refund it.",
        });
    }

    private async Task HistoryAsync(InteractionContext ctx)
    {
        ctx.Require(AccessLevel.Moderator);
        var member = ctx.Options.RequiredSnowflake("member");
        var summary = await queries.SummaryAsync(ctx.GuildId, member, HistoryEntries);
        var lines = summary.Recent.Count == 0 ? "No entries." : string.Join("\n", summary.Recent.Select(PointsFormat.EntryLine));
        await ctx.RespondAsync(embeds: [new Embed
        {
            Title = "Ambassador points history",
            Description = PointsFormat.Clip($"<@{member}> · balance {summary.Totals.Balance:N0} · earned {summary.Totals.Earned:N0}" +
                                            (summary.Totals.Departed ? " · has left the server" : "") + $"\n\n{lines}", 4000),
            Footer = new EmbedFooter { Text = $"Latest {HistoryEntries} entries. Reverse one with /points revoke." },
        }]);
    }

    private async Task StartSeasonAsync(InteractionContext ctx)
    {
        ctx.Require(AccessLevel.Admin);
        var name = ctx.Options.RequiredString("name", 50);
        var at = time.GetUtcNow();
        var id = await writer.RunAsync(s => Ledger.StartSeasonAsync(s, ctx.GuildId, name, ctx.UserId, at));
        await ctx.RespondAsync($"Season **{name}** (#{id}) has started. Season leaderboards start from zero; all-time totals and the ledger are unchanged.", ephemeral: false);
    }

    private async Task ExportAsync(InteractionContext ctx)
    {
        ctx.Require(AccessLevel.Admin);
        await ctx.DeferAsync();
        var csv = new StringBuilder("entry_id,member_id,amount,source_kind,source_id,reason,actor_id,created_at,season_id,reverses_entry_id\n");
        var count = 0;
        var truncated = false;
        await foreach (var e in queries.ExportAsync(ctx.GuildId))
        {
            if (csv.Length > MaxExportBytes) { truncated = true; break; }
            csv.Append(CultureInfo.InvariantCulture, $"{e.Id},{e.MemberId},{e.Amount},{Csv(e.SourceKind)},{Csv(e.SourceId)},{Csv(e.Reason)},{e.ActorId},{e.CreatedAt.UtcDateTime:yyyy-MM-ddTHH:mm:ssZ},{e.SeasonId},{e.ReversesEntryId}\n");
            count++;
        }
        var file = new FileUpload($"ambassador-ledger-{ctx.GuildId}.csv", Encoding.UTF8.GetBytes(csv.ToString()), "text/csv");
        await ctx.RespondAsync(truncated
            ? $"The ledger is larger than Discord's attachment limit; here are its first {count:N0} entries."
            : $"The ambassador ledger: {count:N0} entries.", files: [file]);
    }

    /// <summary>RFC 4180 quoting, and a leading quote mark on text a spreadsheet would run as a formula.</summary>
    internal static string Csv(string value)
    {
        if (value.Length > 0 && "=+-@".Contains(value[0])) value = "'" + value;
        return value.IndexOfAny([',', '"', '\n', '\r']) >= 0 ? "\"" + value.Replace("\"", "\"\"") + "\"" : value;
    }
}
