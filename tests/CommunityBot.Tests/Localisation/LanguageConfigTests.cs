using System.Globalization;
using CommunityBot.Configuration;
using CommunityBot.Localisation;

namespace CommunityBot.Tests.Localisation;

/// <summary>The guild's <c>language</c> key through the real loader and shipped schema.</summary>
[Category("Localisation")]
public sealed class LanguageConfigTests
{
    private static ConfigLoadResult Load(string guildJson) =>
        new CommunityConfigLoader([]).Parse($$"""{ "guilds": { "100000000000000001": { {{guildJson}} } } }""", "community.json");

    [TestCase("ko", "ko")]
    [TestCase("en", "en-US")]
    [TestCase("en-GB", "en-GB")]
    public void A_language_with_translations_is_accepted(string language, string culture)
    {
        var result = Load($"\"language\": \"{language}\"");
        Assert.That(result.Errors, Is.Empty);
        Assert.That(result.Config!.Guild(100000000000000001)!.Language, Is.EqualTo(CultureInfo.GetCultureInfo(culture)));
    }

    [Test]
    public void No_language_means_Discord_decides() =>
        Assert.That(Load("\"name\": \"x\"").Config!.Guild(100000000000000001)!.Language, Is.Null);

    [Test]
    public void A_language_without_translations_is_refused_naming_the_path_and_what_exists()
    {
        var errors = Load("\"language\": \"fr\"").Errors;
        Assert.That(errors, Has.Count.EqualTo(1));
        Assert.That(errors[0].Path, Is.EqualTo("$.guilds[\"100000000000000001\"].language"));
        Assert.That(errors[0].Problem, Does.Contain("no translations for 'fr'").And.Contain("en, ko"));
    }

    [Test]
    public void A_malformed_code_is_refused_by_the_schema()
    {
        var errors = Load("\"language\": \"Korean\"").Errors;
        Assert.That(errors.Select(e => e.Path), Does.Contain("$.guilds[\"100000000000000001\"].language"));
    }
}
