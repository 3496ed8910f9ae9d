using CommunityBot.Configuration;
using Microsoft.Extensions.Logging;

namespace CommunityBot.Features.Ambassadors;

/// <summary>
/// The ambassador program's write side: awards (from other features, chat activity and moderators), reversals
/// and revocations. Everything goes through the <see cref="LedgerWriter"/>; after a committed change the
/// member's tier is brought up to date. Every award path refuses bot accounts first (<see cref="BotAccounts"/>):
/// whatever the source (a reaction on the bot's own card, a FAQ answer a bot posted, a grant), bots never earn.
/// </summary>
public sealed class AmbassadorPoints(
    LedgerWriter writer, ICommunityConfig config, TierService tiers, BotAccounts bots, TimeProvider time, ILogger<AmbassadorPoints> logger)
    : IAmbassadorPoints
{
    private static readonly PointsAward Off = EarningRules.No("the ambassador program is not enabled in this server");
    private static readonly PointsAward Bot = EarningRules.No("bots earn no points");

    public async Task<PointsAward> AwardAsync(ulong guildId, ulong memberId, string sourceKind, string sourceId, string reason, ulong? actorId = null, CancellationToken ct = default)
    {
        if (Settings(guildId) is not { } settings) return Off;
        if (await bots.IsBotAsync(memberId, ct)) return Bot;
        ArgumentException.ThrowIfNullOrWhiteSpace(sourceId);
        if (sourceId.Length > Ledger.MaxSourceIdLength) throw new ArgumentException($"source id is longer than {Ledger.MaxSourceIdLength} characters", nameof(sourceId));
        var weight = settings.WeightOf(sourceKind);
        if (weight <= 0) return EarningRules.No($"'{sourceKind}' earns no points in this server");

        var at = time.GetUtcNow();
        var change = await writer.RunAsync(s => Ledger.AppendAsync(s, new NewEntry(guildId, memberId, weight, sourceKind, sourceId, reason, actorId, at)), ct);
        if (change is null) return EarningRules.No("already awarded");
        await tiers.OnChangedAsync(change, ct);
        return new PointsAward(true, weight, change.EntryId);
    }

    public async Task<int> ReverseSourceAsync(ulong guildId, string sourceKind, string sourceId, string reason, ulong? actorId = null, CancellationToken ct = default)
    {
        var at = time.GetUtcNow();
        var changes = await writer.RunAsync(async s =>
        {
            var entries = (await Ledger.UnreversedBySourceAsync(s, guildId, sourceKind, sourceId)).ToList();
            // A removed message also loses what its reactions earned.
            if (sourceKind == PointSources.Message) entries.AddRange(await Ledger.UnreversedReactionsOnAsync(s, guildId, sourceId));
            var done = new List<LedgerChange>();
            foreach (var entry in entries)
                if (await Ledger.ReverseAsync(s, entry, reason, actorId, at) is { } change) done.Add(change);
            return done;
        }, ct);
        foreach (var change in changes) await tiers.OnChangedAsync(change, ct);
        if (changes.Count > 0)
            logger.LogInformation("Reversed {Count} entries ({Points} points) earned by {Kind} {Source} in guild {Guild}", changes.Count, -changes.Sum(c => c.Amount), sourceKind, sourceId, guildId);
        return -changes.Sum(c => c.Amount);
    }

    /// <summary>A message's points, under the guild's message rules.</summary>
    public async Task<PointsAward> AwardMessageAsync(ulong guildId, ulong authorId, ulong channelId, ulong messageId, string content, CancellationToken ct = default)
    {
        if (Settings(guildId) is not { } settings) return Off;
        if (await bots.IsBotAsync(authorId, ct)) return Bot;
        var weight = settings.Weights.Message;
        if (weight <= 0) return EarningRules.No("messages earn no points in this server");
        if (EarningRules.PrecheckMessage(settings.Messages, channelId, content) is { } why) return EarningRules.No(why);
        var at = time.GetUtcNow();
        var (award, change) = await writer.RunAsync(s => EarningRules.AwardMessageAsync(s, settings.Messages, weight, guildId, authorId, messageId, content, at), ct);
        if (change is not null) await tiers.OnChangedAsync(change, ct);
        return award;
    }

    /// <summary>Points for a reaction another member put on <paramref name="authorId"/>'s message.</summary>
    public async Task<PointsAward> AwardReactionAsync(ulong guildId, ulong authorId, ulong messageId, ulong reactorId, string emoji, CancellationToken ct = default)
    {
        if (Settings(guildId) is not { } settings) return Off;
        if (authorId == reactorId) return EarningRules.No("reactions to your own messages earn nothing");
        if (await bots.IsBotAsync(authorId, ct)) return Bot;
        var weight = settings.Weights.Reaction;
        if (weight <= 0) return EarningRules.No("reactions earn no points in this server");
        var at = time.GetUtcNow();
        var (award, change) = await writer.RunAsync(s => EarningRules.AwardReactionAsync(s, settings.Reactions, weight, guildId, authorId, messageId, reactorId, emoji, at), ct);
        if (change is not null) await tiers.OnChangedAsync(change, ct);
        return award;
    }

    /// <summary>A moderator's manual grant, keyed on the interaction so a redelivered command grants once. The command refuses bots first.</summary>
    public async Task<LedgerChange?> GrantAsync(ulong guildId, ulong memberId, int amount, string reason, ulong actorId, ulong interactionId, CancellationToken ct = default)
    {
        if (await bots.IsBotAsync(memberId, ct)) return null;
        var at = time.GetUtcNow();
        var change = await writer.RunAsync(s => Ledger.AppendAsync(s,
            new NewEntry(guildId, memberId, amount, PointSources.Manual, interactionId.ToString(), reason, actorId, at)), ct);
        if (change is not null) await tiers.OnChangedAsync(change, ct);
        return change;
    }

    /// <summary>Whether an account is a bot (the bot itself, or one recorded from the events): bots never earn.</summary>
    public ValueTask<bool> IsBotAsync(ulong userId, CancellationToken ct = default) => bots.IsBotAsync(userId, ct);

    /// <summary>
    /// Takes back, by reversal entries, every credit a bot account got in any guild before it was known to be one
    /// (the entries stay, each with its reversal, so the history shows what happened). Idempotent: an entry is
    /// reversed at most once. Tier roles follow the lowered totals.
    /// </summary>
    public async Task<int> ReverseBotPointsAsync(ulong botUserId, CancellationToken ct = default)
    {
        var at = time.GetUtcNow();
        var changes = await writer.RunAsync(async s =>
        {
            var done = new List<LedgerChange>();
            foreach (var entry in await Ledger.UnreversedCreditsOfAsync(s, botUserId))
                if (await Ledger.ReverseAsync(s, entry, "bots earn no points", null, at) is { } change) done.Add(change);
            return done;
        }, ct);
        // The last change per guild carries the final totals; one tier check each is enough.
        foreach (var last in changes.GroupBy(c => c.GuildId).Select(g => g.Last())) await tiers.OnChangedAsync(last, ct);
        if (changes.Count > 0)
            logger.LogInformation("Took back {Points} points in {Count} entries credited to bot account {Bot}", -changes.Sum(c => c.Amount), changes.Count, botUserId);
        return -changes.Sum(c => c.Amount);
    }

    public enum RevokeOutcome { Revoked, NotFound, AlreadyReversed, IsReversal, IsRedemption }

    /// <summary>Reverses one entry by id (moderators). Redemption debits are refunded by denying them instead.</summary>
    public async Task<(RevokeOutcome Outcome, LedgerEntry? Entry, LedgerChange? Change)> RevokeAsync(ulong guildId, long entryId, string reason, ulong actorId, CancellationToken ct = default)
    {
        var at = time.GetUtcNow();
        var result = await writer.RunAsync<(RevokeOutcome, LedgerEntry?, LedgerChange?)>(async s =>
        {
            var entry = await Ledger.EntryAsync(s, guildId, entryId);
            if (entry is null) return (RevokeOutcome.NotFound, null, null);
            if (entry.ReversesEntryId is not null) return (RevokeOutcome.IsReversal, entry, null);
            if (entry.ReversedById is not null) return (RevokeOutcome.AlreadyReversed, entry, null);
            if (entry.SourceKind == PointSources.Redemption) return (RevokeOutcome.IsRedemption, entry, null);
            var change = await Ledger.ReverseAsync(s, entry, reason, actorId, at);
            return change is null ? (RevokeOutcome.AlreadyReversed, entry, null) : (RevokeOutcome.Revoked, entry, change);
        }, ct);
        if (result.Item3 is { } done) await tiers.OnChangedAsync(done, ct);
        return result;
    }

    private AmbassadorSettings? Settings(ulong guildId) => config.Guild(guildId)?.Section<AmbassadorSettings>();
}
