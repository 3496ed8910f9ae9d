using System.Globalization;
using CommunityBot.Localisation.Resources;

namespace CommunityBot.Localisation;

/// <summary>
/// Durations as people type them in either language — <c>90m</c>, <c>6h</c>, <c>2d</c>, <c>1w</c>, <c>1d12h</c>,
/// <c>2 hours</c>, <c>3일</c>, <c>2시간 30분</c>, <c>1주</c> — and as we show them (<c>1일 12시간</c> / <c>1d 12h</c>,
/// the unit words from the shared resources, so a new language brings its own).
/// </summary>
public static class DurationWords
{
    private static readonly TimeSpan Minute = TimeSpan.FromMinutes(1), Hour = TimeSpan.FromHours(1), Day = TimeSpan.FromDays(1), Week = TimeSpan.FromDays(7);

    /// <summary>Unit words, longest first within each language so "hours" is not read as "h" + "ours".</summary>
    private static readonly (string Word, TimeSpan Unit)[] Units =
    [
        ("minutes", Minute), ("minute", Minute), ("mins", Minute), ("min", Minute), ("m", Minute),
        ("hours", Hour), ("hour", Hour), ("hrs", Hour), ("hr", Hour), ("h", Hour),
        ("days", Day), ("day", Day), ("d", Day),
        ("weeks", Week), ("week", Week), ("w", Week),
        ("분", Minute), ("시간", Hour), ("일", Day), ("주일", Week), ("주", Week),
    ];

    /// <summary>Reads a positive duration (at most 6 digits per part); false for anything else.</summary>
    public static bool TryParse(string? text, out TimeSpan duration)
    {
        duration = TimeSpan.Zero;
        if (string.IsNullOrWhiteSpace(text)) return false;
        var span = text.Trim().ToLowerInvariant().AsSpan();
        var total = TimeSpan.Zero;
        while (true)
        {
            span = span.TrimStart();
            if (span.IsEmpty) break;
            var digits = 0;
            while (digits < span.Length && char.IsAsciiDigit(span[digits])) digits++;
            if (digits is 0 or > 6) return false;
            var amount = int.Parse(span[..digits], NumberStyles.None, CultureInfo.InvariantCulture);
            span = span[digits..].TrimStart();
            var matched = false;
            foreach (var (word, unit) in Units)
            {
                if (!span.StartsWith(word, StringComparison.Ordinal)) continue;
                // A Latin unit must end the word: "5 mo" is not five minutes and "2dx" is not two days.
                if (char.IsAsciiLetter(word[0]) && span.Length > word.Length && char.IsAsciiLetter(span[word.Length])) continue;
                total += unit * amount;
                span = span[word.Length..];
                matched = true;
                break;
            }
            if (!matched) return false;
            span = span.TrimStart(',');
        }
        duration = total;
        return total > TimeSpan.Zero;
    }

    /// <summary>Days, hours and minutes in the culture's words: <c>1일 12시간</c>, <c>1d 12h</c>.</summary>
    public static string Describe(TimeSpan duration, CultureInfo culture)
    {
        var parts = new List<string>(3);
        if (duration.Days > 0) parts.Add(Unit("Duration.Days", duration.Days, culture));
        if (duration.Hours > 0) parts.Add(Unit("Duration.Hours", duration.Hours, culture));
        if (duration.Minutes > 0 || parts.Count == 0) parts.Add(Unit("Duration.Minutes", duration.Minutes, culture));
        return string.Join(' ', parts);
    }

    private static string Unit(string key, int amount, CultureInfo culture) =>
        Localiser<CommonStrings>.Shared.Get(culture, key, ("n", amount));
}
