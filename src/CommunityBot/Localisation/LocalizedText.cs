using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace CommunityBot.Localisation;

/// <summary>
/// Text an admin writes in <c>community.json</c> (a welcome, a reward's name, a survey question): either one
/// string for everyone or one per language, <c>{"ko": "환영해요!", "en": "Welcome!"}</c>. A reader gets their
/// language (<c>en-GB</c>, then <c>en</c>), else English, else the first text given. Languages without bot
/// translations are refused when the config loads, since nobody could ever be shown them.
/// </summary>
[JsonConverter(typeof(LocalizedTextJsonConverter))]
public sealed class LocalizedText
{
    private readonly string? _plain;
    private readonly IReadOnlyList<KeyValuePair<string, string>> _byLanguage;

    private LocalizedText(string? plain, IReadOnlyList<KeyValuePair<string, string>> byLanguage)
    {
        _plain = plain;
        _byLanguage = byLanguage;
    }

    public static LocalizedText Plain(string text) => new(text, []);

    public static LocalizedText PerLanguage(IEnumerable<KeyValuePair<string, string>> texts)
    {
        var list = texts.ToArray();
        if (list.Length == 0) throw new ArgumentException("At least one language is needed.", nameof(texts));
        return new LocalizedText(null, list);
    }

    public static implicit operator LocalizedText(string text) => Plain(text);

    /// <summary>Every variant (for validating templates in each language).</summary>
    public IEnumerable<string> All => _plain is not null ? [_plain] : _byLanguage.Select(p => p.Value);

    /// <summary>The variants with their language ("" for a plain string), for error messages that name the variant.</summary>
    public IEnumerable<(string Language, string Text)> Variants => _plain is not null ? [("", _plain)] : _byLanguage.Select(p => (p.Key, p.Value));

    public string For(CultureInfo culture)
    {
        if (_plain is not null) return _plain;
        return Find(culture.Name) ?? Find(culture.TwoLetterISOLanguageName) ?? Find("en-US") ?? Find("en") ?? _byLanguage[0].Value;
    }

    private string? Find(string language)
    {
        foreach (var (key, value) in _byLanguage)
            if (string.Equals(key, language, StringComparison.OrdinalIgnoreCase)) return value;
        return null;
    }

    /// <summary>The English (or only) text: what logs and single-language places show.</summary>
    public override string ToString() => For(Languages.Fallback);
}

public sealed class LocalizedTextJsonConverter : JsonConverter<LocalizedText>
{
    public override LocalizedText Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType == JsonTokenType.String) return LocalizedText.Plain(reader.GetString()!);
        if (reader.TokenType != JsonTokenType.StartObject)
            throw new JsonException("expected a text, or an object with one text per language such as {\"ko\": \"…\", \"en\": \"…\"}");
        var texts = new List<KeyValuePair<string, string>>();
        while (reader.Read() && reader.TokenType != JsonTokenType.EndObject)
        {
            var language = reader.GetString()!;
            if (!Languages.IsSupported(language))
                throw new JsonException($"'{language}' is not a language the bot speaks (available: {string.Join(", ", Languages.Supported.Order(StringComparer.Ordinal))})");
            if (!reader.Read() || reader.TokenType != JsonTokenType.String)
                throw new JsonException($"the '{language}' text must be a string");
            texts.Add(new(language, reader.GetString()!));
        }
        if (texts.Count == 0) throw new JsonException("give at least one language's text");
        return LocalizedText.PerLanguage(texts);
    }

    public override void Write(Utf8JsonWriter writer, LocalizedText value, JsonSerializerOptions options)
    {
        var variants = value.Variants.ToArray();
        if (variants is [("", var plain)]) { writer.WriteStringValue(plain); return; }
        writer.WriteStartObject();
        foreach (var (language, text) in variants) writer.WriteString(language, text);
        writer.WriteEndObject();
    }
}
