using System.Globalization;

namespace CommunityBot.Features.Polls;

/// <summary>Reads durations people type: <c>90m</c>, <c>6h</c>, <c>2d</c>, <c>1w</c>, or combinations such as <c>1d12h</c>.</summary>
public static class DurationText
{
    public static bool TryParse(string? text, out TimeSpan duration)
    {
        duration = TimeSpan.Zero;
        if (string.IsNullOrWhiteSpace(text)) return false;
        var span = text.Replace(" ", "", StringComparison.Ordinal).ToLowerInvariant().AsSpan();
        var total = TimeSpan.Zero;
        while (span.Length > 0)
        {
            var digits = 0;
            while (digits < span.Length && char.IsAsciiDigit(span[digits])) digits++;
            if (digits == 0 || digits > 6 || digits == span.Length) return false;
            var amount = int.Parse(span[..digits], NumberStyles.None, CultureInfo.InvariantCulture);
            TimeSpan unit;
            switch (span[digits])
            {
                case 'm': unit = TimeSpan.FromMinutes(1); break;
                case 'h': unit = TimeSpan.FromHours(1); break;
                case 'd': unit = TimeSpan.FromDays(1); break;
                case 'w': unit = TimeSpan.FromDays(7); break;
                default: return false;
            }
            total += unit * amount;
            span = span[(digits + 1)..];
        }
        duration = total;
        return total > TimeSpan.Zero;
    }

    public static string Describe(TimeSpan duration)
    {
        var parts = new List<string>();
        if (duration.Days > 0) parts.Add($"{duration.Days}d");
        if (duration.Hours > 0) parts.Add($"{duration.Hours}h");
        if (duration.Minutes > 0) parts.Add($"{duration.Minutes}m");
        return parts.Count == 0 ? "0m" : string.Join("", parts);
    }
}
