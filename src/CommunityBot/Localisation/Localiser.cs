using System.Collections.Concurrent;
using System.Globalization;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Logging;

namespace CommunityBot.Localisation;

/// <summary>
/// A feature's strings (<typeparamref name="TStrings"/> marks its <c>Resources/XxxStrings.resx</c>) in the culture
/// the caller names — the invoking member's for a reply, the server's for a public post — with named placeholders
/// filled by <see cref="TextTemplate"/>. Built on <see cref="IStringLocalizer{T}"/>, which reads the ambient UI
/// culture; a bot answers many people at once, so the culture is always passed in and set only around the lookup.
/// </summary>
public sealed class Localiser<TStrings>(IStringLocalizer<TStrings> strings, ILogger<Localiser<TStrings>> logger)
{
    private readonly ConcurrentDictionary<string, IReadOnlyDictionary<string, string>> _ownStrings = new();

    /// <summary>
    /// The same strings for code that is not built by DI (the interaction context, option parsing, static
    /// formatters). It reads the same resource files through the same localizer as the injected instance.
    /// </summary>
    public static Localiser<TStrings> Shared { get; } = new(
        new StringLocalizer<TStrings>(SharedFactory.Instance), Microsoft.Extensions.Logging.Abstractions.NullLogger<Localiser<TStrings>>.Instance);

    /// <summary>The text of <paramref name="key"/> in <paramref name="culture"/>, placeholders filled from <paramref name="values"/>.</summary>
    public string Get(CultureInfo culture, string key, params ReadOnlySpan<(string Name, object? Value)> values) =>
        TextTemplate.Format(Template(culture, key), culture, values);

    /// <summary>The raw template (English when the culture lacks the key; the key itself, logged, when no language has it).</summary>
    public string Template(CultureInfo culture, string key)
    {
        var found = WithCulture(culture, () => strings[key]);
        if (!found.ResourceNotFound) return found.Value;
        logger.LogError("Missing string {Key} in {Strings}", key, typeof(TStrings).Name);
        return key;
    }

    /// <summary>
    /// The keys <paramref name="culture"/>'s own resource file defines, without falling back to English: what
    /// command localisation uses, so a missing translation leaves Discord to show the English default.
    /// </summary>
    public IReadOnlyDictionary<string, string> OwnStrings(CultureInfo culture) =>
        _ownStrings.GetOrAdd(culture.Name, _ => WithCulture(culture, () =>
        {
            try { return strings.GetAllStrings(includeParentCultures: false).ToDictionary(s => s.Name, s => s.Value, StringComparer.Ordinal); }
            catch (System.Resources.MissingManifestResourceException) { return new Dictionary<string, string>(); } // no file for that language
        }));

    private static T WithCulture<T>(CultureInfo culture, Func<T> read)
    {
        var previous = CultureInfo.CurrentUICulture;
        CultureInfo.CurrentUICulture = culture;
        try { return read(); }
        finally { CultureInfo.CurrentUICulture = previous; }
    }
}

internal static class SharedFactory
{
    public static IStringLocalizerFactory Instance { get; } = new ResourceManagerStringLocalizerFactory(
        Microsoft.Extensions.Options.Options.Create(new LocalizationOptions()), Microsoft.Extensions.Logging.Abstractions.NullLoggerFactory.Instance);
}
