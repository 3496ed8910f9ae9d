using CommunityBot.Discord.Models;

namespace CommunityBot.Features.Ambassadors;

/// <summary>How points, entries, tiers and rewards read in Discord messages (within embed limits).</summary>
public static class PointsFormat
{
    public static string Signed(long amount) => amount >= 0 ? $"+{amount:N0}" : $"−{-amount:N0}";

    public static string EntryLine(LedgerEntry e)
    {
        var label = e.SourceKind switch
        {
            PointSources.Message => "message",
            PointSources.ReactionReceived => "reaction",
            PointSources.FaqAnswer => "FAQ answer",
            PointSources.IdeaAccepted => "idea accepted",
            PointSources.EventAttendance => "event",
            PointSources.Manual => "granted",
            PointSources.Redemption => "reward",
            var other => other,
        };
        var note = e.ReversesEntryId is { } of ? $" (reverses #{of})" : e.ReversedById is { } by ? " ~~reversed~~" : "";
        var reason = e.Reason == label ? "" : $" — {Clip(e.Reason, 80)}";
        return $"`#{e.Id}` **{Signed(e.Amount)}** {label}{reason}{note} · <t:{e.CreatedAt.ToUnixTimeSeconds()}:R>";
    }

    public static string TierProgress(TierSettings tiers, MemberTotals t)
    {
        var value = TierService.BasisValue(tiers, t.Balance, t.Earned);
        var level = TierService.LevelFor(tiers, value);
        var current = level == 0 ? "No tier yet" : $"**{tiers.Levels[level - 1].Name}**";
        if (level == tiers.Levels.Count) return $"{current} (the highest tier)";
        var next = tiers.Levels[level];
        var from = level == 0 ? 0 : tiers.Levels[level - 1].Threshold;
        var share = Math.Clamp((double)(value - from) / (next.Threshold - from), 0, 1);
        var filled = (int)Math.Round(share * 10);
        return $"{current} → {next.Name} at {next.Threshold:N0}\n{new string('▰', filled)}{new string('▱', 10 - filled)} {next.Threshold - value:N0} to go";
    }

    /// <summary>Why a reward cannot be redeemed right now (stock, limit), or null if it can.</summary>
    public static string? Available(RewardSettings reward, IReadOnlyDictionary<string, int> claimed, IReadOnlyDictionary<string, int> mine)
    {
        if (reward.Stock is { } stock && claimed.GetValueOrDefault(reward.Id) >= stock) return "out of stock";
        if (reward.PerMemberLimit is { } limit && mine.GetValueOrDefault(reward.Id) >= limit) return "limit reached";
        return null;
    }

    public static string Clip(string text, int max) => text.Length <= max ? text : text[..(max - 1)] + "…";

    /// <summary>Embed field values are limited to 1,024 characters.</summary>
    public static EmbedField Fit(EmbedField field) => field with { Value = Clip(field.Value, 1024) };
}
