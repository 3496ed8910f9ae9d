using System.Collections;
using System.Globalization;
using System.Resources;
using CommunityBot.Localisation;

namespace CommunityBot.Tests.Localisation;

/// <summary>
/// Every resource file in the bot, found by reflection: each translation has exactly the English keys, with the
/// same placeholders, and every template is well formed. Command keys (<c>Command.…</c>) live only in
/// translations (the English text is in the command definition); the command tests check those.
/// </summary>
[Category("Localisation")]
public sealed class ResourceParityTests
{
    public static IEnumerable<string> ResourceSets() =>
        typeof(Languages).Assembly.GetManifestResourceNames()
            .Where(n => n.EndsWith(".resources", StringComparison.Ordinal))
            .Select(n => n[..^".resources".Length])
            .Order(StringComparer.Ordinal);

    public static IEnumerable<TestCaseData> SetsAndTranslations() =>
        from set in ResourceSets()
        from culture in Languages.Translations
        select new TestCaseData(set, culture.Name).SetArgDisplayNames(set.Split('.')[^1], culture.Name);

    [Test]
    public void The_bot_has_resource_sets_and_a_Korean_translation()
    {
        Assert.That(ResourceSets(), Does.Contain("CommunityBot.Interactions.Resources.InteractionStrings"));
        Assert.That(Languages.Translations.Select(c => c.Name), Does.Contain("ko"));
    }

    [TestCaseSource(nameof(SetsAndTranslations))]
    public void Every_key_exists_in_both_languages_with_the_same_placeholders(string set, string translation)
    {
        var manager = new ResourceManager(set, typeof(Languages).Assembly);
        var english = Read(manager, CultureInfo.InvariantCulture);
        var translated = Read(manager, CultureInfo.GetCultureInfo(translation));
        var texts = english.Where(p => !p.Key.StartsWith("Command.", StringComparison.Ordinal)).ToDictionary();

        Assert.Multiple(() =>
        {
            foreach (var (key, text) in texts)
            {
                if (!translated.TryGetValue(key, out var other)) { Assert.Fail($"{key} has no {translation} text"); continue; }
                Assert.That(TextTemplate.Placeholders(other).Order(), Is.EqualTo(TextTemplate.Placeholders(text).Order()),
                    $"{key}: the {translation} text uses other placeholders than the English one");
                Assert.That(other.Trim(), Is.Not.Empty, $"{key} is empty in {translation}");
            }
            foreach (var key in translated.Keys.Where(k => !texts.ContainsKey(k) && !k.StartsWith("Command.", StringComparison.Ordinal)))
                Assert.Fail($"{key} exists in {translation} but not in English");
            foreach (var key in english.Keys.Where(k => k.StartsWith("Command.", StringComparison.Ordinal)))
                Assert.Fail($"{key}: command texts in English belong in the command definition, not in the resources");
        });
    }

    [TestCaseSource(nameof(ResourceSets))]
    public void Every_template_is_well_formed(string set)
    {
        var manager = new ResourceManager(set, typeof(Languages).Assembly);
        foreach (var culture in Languages.Translations.Prepend(CultureInfo.InvariantCulture))
            foreach (var (key, text) in Read(manager, culture))
            {
                var values = TextTemplate.Placeholders(text).Distinct().Select(n => (n, (object?)"x")).ToArray();
                Assert.DoesNotThrow(() => TextTemplate.Format(text, culture, values), $"{set} {key} ({culture.Name})");
            }
    }

    private static Dictionary<string, string> Read(ResourceManager manager, CultureInfo culture)
    {
        var set = manager.GetResourceSet(culture, createIfNotExists: true, tryParents: false)
            ?? throw new AssertionException($"{manager.BaseName} has no resources for '{culture.Name}'");
        return set.Cast<DictionaryEntry>().ToDictionary(e => (string)e.Key, e => (string)e.Value!, StringComparer.Ordinal);
    }
}
