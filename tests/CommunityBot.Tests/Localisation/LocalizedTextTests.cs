using System.Globalization;
using System.Text.Json;
using CommunityBot.Configuration;
using CommunityBot.Localisation;

namespace CommunityBot.Tests.Localisation;

[Category("Localisation")]
public sealed class LocalizedTextTests
{
    private sealed class Holder
    {
        public LocalizedText Text { get; init; } = "";
    }

    private static LocalizedText Read(string json) => JsonSerializer.Deserialize<Holder>($"{{\"text\": {json}}}", ConfigJson.Options)!.Text;

    [Test]
    public void A_plain_string_is_the_text_for_everyone()
    {
        var text = Read("\"Hello\"");
        Assert.That(text.For(CultureInfo.GetCultureInfo("ko")), Is.EqualTo("Hello"));
        Assert.That(text.For(Languages.Fallback), Is.EqualTo("Hello"));
    }

    [Test]
    public void Per_language_texts_pick_the_readers_language_then_English_then_the_first()
    {
        var text = Read("""{"ko": "환영해요!", "en": "Welcome!"}""");
        Assert.That(text.For(CultureInfo.GetCultureInfo("ko")), Is.EqualTo("환영해요!"));
        Assert.That(text.For(CultureInfo.GetCultureInfo("en-GB")), Is.EqualTo("Welcome!"));
        Assert.That(text.For(CultureInfo.GetCultureInfo("fr")), Is.EqualTo("Welcome!"), "a language we lack falls back to English");
        Assert.That(Read("""{"ko": "환영해요!"}""").For(Languages.Fallback), Is.EqualTo("환영해요!"), "the only text given beats nothing");
        Assert.That(Read("""{"en-GB": "Colour", "en": "Color"}""").For(CultureInfo.GetCultureInfo("en-GB")), Is.EqualTo("Colour"));
    }

    [Test]
    public void Unknown_languages_and_wrong_shapes_are_refused_with_the_problem()
    {
        var ex = Assert.Throws<JsonException>(() => Read("""{"xx": "?"}"""));
        Assert.That(ex!.Message, Does.Contain("'xx' is not a language the bot speaks"));
        Assert.That(Assert.Throws<JsonException>(() => Read("""{"ko": 3}"""))!.Message, Does.Contain("'ko' text must be a string"));
        Assert.That(Assert.Throws<JsonException>(() => Read("{}"))!.Message, Does.Contain("at least one language"));
        Assert.Throws<JsonException>(() => Read("42"));
    }

    [Test]
    public void Round_trips_through_json()
    {
        var both = Read(JsonSerializer.Serialize(Read("""{"ko": "안녕", "en": "Hi"}"""), ConfigJson.Options));
        Assert.That(both.For(CultureInfo.GetCultureInfo("ko")), Is.EqualTo("안녕"));
        Assert.That(both.For(Languages.Fallback), Is.EqualTo("Hi"));
        Assert.That(JsonSerializer.Serialize(Read("\"Hi\""), ConfigJson.Options), Is.EqualTo("\"Hi\""));
    }
}
