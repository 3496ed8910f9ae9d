using System.Globalization;
using CommunityBot.Discord.Models;
using CommunityBot.Features.Ambassadors.Resources;
using CommunityBot.Localisation;

namespace CommunityBot.Features.Ambassadors;

/// <summary>How points, entries, tiers and rewards read in Discord messages (within embed limits).</summary>
public static class PointsFormat
{
    public static Localiser<AmbassadorStrings> Strings => Localiser<AmbassadorStrings>.Shared;

    public static string Signed(long amount) => amount >= 0 ? $"+{amount:N0}" : $"−{-amount:N0}";

    /// <summary>One ledger line; the source is named in the reader's language, the stored reason is shown as written.</summary>
    public static string EntryLine(LedgerEntry e, CultureInfo culture)
    {
        var english = Strings.Template(CultureInfo.InvariantCulture, "Source." + e.SourceKind);
        var label = Strings.OwnStrings(CultureInfo.InvariantCulture).ContainsKey("Source." + e.SourceKind) ? Strings.Template(culture, "Source." + e.SourceKind) : e.SourceKind;
        var note = e.ReversesEntryId is { } of ? Strings.Get(culture, "Entry.Reverses", ("entry", of)) : e.ReversedById is not null ? Strings.Get(culture, "Entry.Reversed") : "";
        // Automatic entries store the English label as their reason: not repeated next to the translated one.
        var reason = e.Reason == english || e.Reason == label ? "" : $" — {Clip(e.Reason, 80)}";
        return $"`#{e.Id}` **{Signed(e.Amount)}** {label}{reason}{note} · <t:{e.CreatedAt.ToUnixTimeSeconds()}:R>";
    }

    public static string TierProgress(TierSettings tiers, MemberTotals t, CultureInfo culture)
    {
        var value = TierService.BasisValue(tiers, t.Balance, t.Earned);
        var level = TierService.LevelFor(tiers, value);
        var current = level == 0 ? Strings.Get(culture, "Tier.None") : $"**{tiers.Levels[level - 1].Name}**";
        if (level == tiers.Levels.Count) return Strings.Get(culture, "Tier.Highest", ("current", current));
        var next = tiers.Levels[level];
        var from = level == 0 ? 0 : tiers.Levels[level - 1].Threshold;
        var share = Math.Clamp((double)(value - from) / (next.Threshold - from), 0, 1);
        var filled = (int)Math.Round(share * 10);
        return Strings.Get(culture, "Tier.Next", ("current", current), ("next", next.Name), ("threshold", next.Threshold)) + "\n"
            + $"{new string('▰', filled)}{new string('▱', 10 - filled)} " + Strings.Get(culture, "Tier.ToGo", ("remaining", next.Threshold - value));
    }

    /// <summary>Why a reward cannot be redeemed right now (stock, limit), or null if it can.</summary>
    public static string? Available(RewardSettings reward, IReadOnlyDictionary<string, int> claimed, IReadOnlyDictionary<string, int> mine, CultureInfo culture)
    {
        if (reward.Stock is { } stock && claimed.GetValueOrDefault(reward.Id) >= stock) return Strings.Get(culture, "Rewards.OutOfStock");
        if (reward.PerMemberLimit is { } limit && mine.GetValueOrDefault(reward.Id) >= limit) return Strings.Get(culture, "Rewards.LimitReached");
        return null;
    }

    public static string Clip(string text, int max) => text.Length <= max ? text : text[..(max - 1)] + "…";

    /// <summary>Embed field values are limited to 1,024 characters.</summary>
    public static EmbedField Fit(EmbedField field) => field with { Value = Clip(field.Value, 1024) };
}
