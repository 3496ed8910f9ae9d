using System.Collections.Frozen;
using System.Globalization;

namespace CommunityBot.Localisation;

/// <summary>
/// The languages the bot speaks and how Discord's locales map onto them. English is the neutral language (the
/// strings compiled into the main assembly, used whenever a translation is missing); every other language is a
/// satellite assembly built from the <c>*.&lt;lang&gt;.resx</c> files, so adding one is a matter of adding those
/// files — the list below is found on disk, not kept by hand.
/// </summary>
public static class Languages
{
    /// <summary>English, the language everything falls back to.</summary>
    public static CultureInfo Fallback { get; } = CultureInfo.GetCultureInfo("en-US");

    public static CultureInfo Korean { get; } = CultureInfo.GetCultureInfo("ko");

    /// <summary>
    /// The translations: one per satellite folder, named like the resource files (<c>ko</c>; use Discord's locale
    /// code, e.g. <c>zh-TW</c> or <c>pt-BR</c>, so command localizations can be keyed by it).
    /// </summary>
    public static IReadOnlyList<CultureInfo> Translations { get; } = Discover();

    /// <summary>Two-letter codes of the languages with resources: "en" plus each translation's ("ko").</summary>
    public static FrozenSet<string> Supported { get; } =
        Translations.Select(c => c.TwoLetterISOLanguageName).Append("en").ToFrozenSet(StringComparer.Ordinal);

    public static bool IsSupported(string? code) => Parse(code) is not null;

    /// <summary>
    /// The culture for a Discord locale (<c>ko</c>, <c>en-GB</c>, …) or a configured language (<c>ko</c>, <c>en</c>),
    /// or null when we have no resources for its language. The full locale is kept so numbers and dates follow it
    /// (en-GB writes dates day first); strings fall back from <c>en-GB</c> to <c>en</c> to the neutral set.
    /// </summary>
    public static CultureInfo? Parse(string? code)
    {
        if (string.IsNullOrWhiteSpace(code)) return null;
        CultureInfo culture;
        try { culture = CultureInfo.GetCultureInfo(code.Trim()); }
        catch (CultureNotFoundException) { return null; }
        if (culture.Equals(CultureInfo.InvariantCulture) || !Supported.Contains(culture.TwoLetterISOLanguageName)) return null;
        return culture.Name == "en" ? Fallback : culture;
    }

    /// <summary>The culture for a Discord locale, English when it is absent or a language we do not have.</summary>
    public static CultureInfo FromDiscord(string? locale) => Parse(locale) ?? Fallback;

    private static CultureInfo[] Discover()
    {
        var assembly = typeof(Languages).Assembly;
        var directory = Path.GetDirectoryName(assembly.Location) is { Length: > 0 } d ? d : AppContext.BaseDirectory;
        var satellite = assembly.GetName().Name + ".resources.dll";
        var found = new List<CultureInfo>();
        if (Directory.Exists(directory))
            foreach (var folder in Directory.EnumerateDirectories(directory).Order(StringComparer.Ordinal))
            {
                if (!File.Exists(Path.Combine(folder, satellite))) continue;
                try { found.Add(CultureInfo.GetCultureInfo(Path.GetFileName(folder))); }
                catch (CultureNotFoundException) { }
            }
        return found.Where(c => c.TwoLetterISOLanguageName != "en").ToArray();
    }
}
