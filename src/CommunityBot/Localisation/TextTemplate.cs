using System.Globalization;
using System.Text;

namespace CommunityBot.Localisation;

/// <summary>
/// Fills whole-sentence templates with named placeholders, so each language keeps its own word order:
/// <c>"{member}님이 {points}점을 받았어요"</c> / <c>"{member} earned {points} points"</c>.
/// <list type="bullet">
/// <item><c>{name}</c> — the value, formatted for the culture: whole numbers with group separators (<c>int</c>,
/// <c>long</c>; a <c>ulong</c> is taken for an id and left as it is), times as Discord timestamps
/// (<c>&lt;t:…:f&gt;</c>, which every reader sees in their own time zone), durations in words.</item>
/// <item><c>{name:을}</c> — the value followed by the Korean particle that fits it (을 or 를; 이/가, 은/는,
/// 과/와, 아/야, 이나/나, 이라/라, 으로/로 likewise; either half of the pair may be written).</item>
/// <item><c>{name:R}</c> — a format: for times one of Discord's styles (t T d D f F R), otherwise a .NET format.</item>
/// <item><c>{{</c> and <c>}}</c> — literal braces.</item>
/// </list>
/// A placeholder with no value is an error (a bug in the caller or a translation), never silently left in.
/// </summary>
public static class TextTemplate
{
    public static string Format(string template, CultureInfo culture, ReadOnlySpan<(string Name, object? Value)> values)
    {
        var output = new StringBuilder(template.Length + 32);
        var i = 0;
        while (i < template.Length)
        {
            var c = template[i];
            if (c == '{' && i + 1 < template.Length && template[i + 1] == '{') { output.Append('{'); i += 2; continue; }
            if (c == '}' && i + 1 < template.Length && template[i + 1] == '}') { output.Append('}'); i += 2; continue; }
            if (c == '}') throw new FormatException($"Unmatched '}}' at {i} in \"{template}\".");
            if (c != '{') { output.Append(c); i++; continue; }

            var close = template.IndexOf('}', i + 1);
            if (close < 0) throw new FormatException($"Unclosed '{{' at {i} in \"{template}\".");
            var (name, format) = Split(template.AsSpan(i + 1, close - i - 1));
            if (!TryFind(values, name, out var value))
                throw new FormatException($"The template \"{template}\" uses {{{name}}}, which was not given.");
            if (format is not null && KoreanParticles.IsKnown(format))
            {
                var text = FormatValue(value, null, culture);
                output.Append(text).Append(KoreanParticles.After(text, format));
            }
            else
            {
                output.Append(FormatValue(value, format, culture));
            }
            i = close + 1;
        }
        return output.ToString();
    }

    /// <summary>The placeholder names a template uses, in order (used to check that translations agree).</summary>
    public static IReadOnlyList<string> Placeholders(string template)
    {
        var names = new List<string>();
        for (var i = 0; i < template.Length; i++)
        {
            if (template[i] != '{') continue;
            if (i + 1 < template.Length && template[i + 1] == '{') { i++; continue; }
            var close = template.IndexOf('}', i + 1);
            if (close < 0) break;
            names.Add(Split(template.AsSpan(i + 1, close - i - 1)).Name);
            i = close;
        }
        return names;
    }

    private static (string Name, string? Format) Split(ReadOnlySpan<char> inside)
    {
        var colon = inside.IndexOf(':');
        return colon < 0 ? (inside.Trim().ToString(), null) : (inside[..colon].Trim().ToString(), inside[(colon + 1)..].Trim().ToString());
    }

    private static bool TryFind(ReadOnlySpan<(string Name, object? Value)> values, string name, out object? value)
    {
        foreach (var (n, v) in values)
            if (n == name) { value = v; return true; }
        value = null;
        return false;
    }

    private static string FormatValue(object? value, string? format, CultureInfo culture) => value switch
    {
        null => "",
        string s => s,
        int or long or short => ((IFormattable)value).ToString(format ?? "N0", culture),
        double or decimal or float => ((IFormattable)value).ToString(format ?? "#,0.##", culture),
        DateTimeOffset time => DiscordTimestamp(time, format),
        DateTime time => DiscordTimestamp(new DateTimeOffset(time.ToUniversalTime(), TimeSpan.Zero), format),
        TimeSpan span => DurationWords.Describe(span, culture),
        IFormattable formattable => formattable.ToString(format, culture),
        _ => value.ToString() ?? "",
    };

    /// <summary>A Discord timestamp: each reader's client shows it in their own language and time zone.</summary>
    public static string DiscordTimestamp(DateTimeOffset time, string? style = null) =>
        $"<t:{time.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture)}:{(style is "t" or "T" or "d" or "D" or "f" or "F" or "R" ? style : "f")}>";
}
