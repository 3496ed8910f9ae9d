using System.Globalization;
using System.Text;
using CommunityBot.Discord.Models;
using CommunityBot.Features.Ambassadors.Resources;
using CommunityBot.Interactions;
using CommunityBot.Localisation;

namespace CommunityBot.Features.Ambassadors;

/// <summary>
/// <c>/points</c>: <c>me</c> for everyone (ephemeral self-service); <c>grant</c>, <c>revoke</c>, <c>history</c> for
/// moderators; <c>season start</c> and <c>export</c> for admins. Discord does not allow a bare command next to
/// subcommands, so self-service is <c>/points me</c>.
/// </summary>
public sealed class PointsCommand(AmbassadorPoints points, AmbassadorQueries queries, LedgerWriter writer, TimeProvider time,
    Localiser<AmbassadorStrings> strings) : IApplicationCommand
{
    public const int MaxGrant = 100_000;
    private const int RecentEntries = 5;
    private const int HistoryEntries = 20;
    private const int MaxExportBytes = 8 * 1024 * 1024;

    public ApplicationCommand Definition => Command.Slash("points", "Ambassador points", AccessLevel.Everyone,
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
        Option.Sub("export", "Download this server's whole ledger as CSV (admins)")).Localised(strings);

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
            _ => throw new InteractionRefusedException(strings.Get(ctx.Culture, "UnknownSubcommand")),
        };
    }

    private async Task MeAsync(InteractionContext ctx, AmbassadorSettings settings)
    {
        var summary = await queries.SummaryAsync(ctx.GuildId, ctx.UserId, RecentEntries);
        var usage = await queries.RewardUsageAsync(ctx.GuildId, ctx.UserId);
        var t = summary.Totals;
        var c = ctx.Culture;
        string Points(long n) => strings.Get(c, "Points", ("points", n));
        var fields = new List<EmbedField>
        {
            new() { Name = strings.Get(c, "Me.Balance"), Value = Points(t.Balance), Inline = true },
            new() { Name = strings.Get(c, "Me.Earned"), Value = Points(t.Earned), Inline = true },
            new() { Name = strings.Get(c, "Me.Rank"), Value = t.Earned > 0 ? strings.Get(c, "Me.RankValue", ("rank", summary.Rank), ("ranked", summary.Ranked)) : strings.Get(c, "Me.Unranked"), Inline = true },
        };
        if (summary.Season is { } season)
            fields.Add(new() { Name = strings.Get(c, "Me.Season", ("season", season.Name)), Value = Points(t.SeasonPoints(season.Id)), Inline = true });
        if (settings.Tiers.Levels.Count > 0) fields.Add(new() { Name = strings.Get(c, "Me.Tier"), Value = PointsFormat.TierProgress(settings.Tiers, t, c) });
        fields.Add(new() { Name = strings.Get(c, "Me.Recent"), Value = summary.Recent.Count == 0 ? strings.Get(c, "Me.NothingYet") : string.Join("\n", summary.Recent.Select(e => PointsFormat.EntryLine(e, c))) });
        var redeemable = settings.Rewards.Where(r => r.Cost <= t.Balance && PointsFormat.Available(r, usage.Claimed, usage.Mine, c) is null).ToList();
        if (settings.Rewards.Count > 0)
            fields.Add(new() { Name = strings.Get(c, "Me.Redeemable"), Value = redeemable.Count == 0 ? strings.Get(c, "Me.NothingToRedeem")
                : string.Join("\n", redeemable.Select(r => strings.Get(c, "Me.RedeemLine", ("name", r.Name.For(c)), ("cost", (long)r.Cost), ("id", r.Id)))) });
        await ctx.RespondAsync(embeds: [new Embed { Title = strings.Get(c, "Me.Title"), Fields = [.. fields.Select(PointsFormat.Fit)], Color = 0x5865F2 }]);
    }

    private async Task GrantAsync(InteractionContext ctx)
    {
        ctx.Require(AccessLevel.Moderator);
        var member = ctx.Options.RequiredSnowflake("member");
        var amount = (int)ctx.Options.RequiredInteger("amount", 1, MaxGrant);
        var reason = ctx.Options.RequiredString("reason", Ledger.MaxReasonLength);
        // The resolved user's flag covers any bot; the recorded set also covers the bot itself and webhook authors.
        if (ctx.Options.ResolvedUser("member")?.Bot == true || await points.IsBotAsync(member))
            throw new InteractionRefusedException(strings.Get(ctx.Culture, "Grant.Bot"));
        if (member == ctx.UserId) throw new InteractionRefusedException(strings.Get(ctx.Culture, "Grant.Self"));
        var change = await points.GrantAsync(ctx.GuildId, member, amount, reason, ctx.UserId, ctx.Interaction.Id);
        await ctx.RespondAsync(change is null
            ? strings.Get(ctx.Culture, "Grant.Replayed")
            : strings.Get(ctx.Culture, "Grant.Done", ("amount", amount), ("member", $"<@{member}>"), ("entry", change.EntryId), ("balance", change.Balance)));
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
                strings.Get(ctx.Culture, "Revoke.Done", ("entry", entryId), ("amount", PointsFormat.Signed(entry!.Amount)), ("member", $"<@{entry.MemberId}>"), ("balance", change!.Balance)),
            AmbassadorPoints.RevokeOutcome.NotFound => strings.Get(ctx.Culture, "Revoke.NotFound", ("entry", entryId)),
            AmbassadorPoints.RevokeOutcome.AlreadyReversed => strings.Get(ctx.Culture, "Revoke.AlreadyReversed", ("entry", entryId), ("by", entry!.ReversedById)),
            AmbassadorPoints.RevokeOutcome.IsReversal => strings.Get(ctx.Culture, "Revoke.IsReversal", ("entry", entryId)),
            _ => strings.Get(ctx.Culture, "Revoke.IsRedemption", ("entry", entryId)),
        });
    }

    private async Task HistoryAsync(InteractionContext ctx)
    {
        ctx.Require(AccessLevel.Moderator);
        var member = ctx.Options.RequiredSnowflake("member");
        var summary = await queries.SummaryAsync(ctx.GuildId, member, HistoryEntries);
        var c = ctx.Culture;
        var lines = summary.Recent.Count == 0 ? strings.Get(c, "History.None") : string.Join("\n", summary.Recent.Select(e => PointsFormat.EntryLine(e, c)));
        await ctx.RespondAsync(embeds: [new Embed
        {
            Title = strings.Get(c, "History.Title"),
            Description = PointsFormat.Clip(strings.Get(c, "History.Summary", ("member", $"<@{member}>"), ("balance", summary.Totals.Balance), ("earned", summary.Totals.Earned)) +
                                            (summary.Totals.Departed ? strings.Get(c, "History.Departed") : "") + $"\n\n{lines}", 4000),
            Footer = new EmbedFooter { Text = strings.Get(c, "History.Footer", ("count", HistoryEntries)) },
        }]);
    }

    private async Task StartSeasonAsync(InteractionContext ctx)
    {
        ctx.Require(AccessLevel.Admin);
        var name = ctx.Options.RequiredString("name", 50);
        var at = time.GetUtcNow();
        var id = await writer.RunAsync(s => Ledger.StartSeasonAsync(s, ctx.GuildId, name, ctx.UserId, at));
        await ctx.RespondAsync(strings.Get(ctx.Culture, "Season.Started", ("name", name), ("id", id)), ephemeral: false);
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
            ? strings.Get(ctx.Culture, "Export.Truncated", ("count", count))
            : strings.Get(ctx.Culture, "Export.Done", ("count", count)), files: [file]);
    }

    /// <summary>RFC 4180 quoting, and a leading quote mark on text a spreadsheet would run as a formula.</summary>
    internal static string Csv(string value)
    {
        if (value.Length > 0 && "=+-@".Contains(value[0])) value = "'" + value;
        return value.IndexOfAny([',', '"', '\n', '\r']) >= 0 ? "\"" + value.Replace("\"", "\"\"") + "\"" : value;
    }
}
