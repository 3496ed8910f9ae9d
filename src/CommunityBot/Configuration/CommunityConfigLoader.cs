using System.Text.Json;
using NJsonSchema;
using NJsonSchema.Validation;

namespace CommunityBot.Configuration;

public sealed record ConfigLoadResult(CommunityConfig? Config, IReadOnlyList<ConfigError> Errors)
{
    public bool IsValid => Config is not null && Errors.Count == 0;
}

/// <summary>
/// Reads and checks <c>community.json</c> in three passes, each reporting file, JSON path and problem:
/// the JSON Schema shipped for editors (structure, unknown keys, id formats, ranges), then strict typed
/// deserialisation of each feature's section, then each feature's own semantic checks.
/// </summary>
public sealed class CommunityConfigLoader(IEnumerable<ConfigSection> sections, string? schemaJson = null)
{
    private static readonly string[] CommonKeys = ["name", "language", "adminChannelId", "moderatorRoleIds", "adminRoleIds"];
    private static readonly Lazy<JsonSchema> ShippedSchema = new(() => JsonSchema.FromJsonAsync(CommunitySchema.Text).GetAwaiter().GetResult());
    private readonly Lazy<JsonSchema> _schema = schemaJson is null ? ShippedSchema : new(() => JsonSchema.FromJsonAsync(schemaJson).GetAwaiter().GetResult());
    private readonly Dictionary<string, ConfigSection> _sections = sections.ToDictionary(s => s.Key);
    private int _version;

    public ConfigLoadResult Load(string path)
    {
        var file = Path.GetFileName(path);
        string text;
        try { text = File.ReadAllText(path); }
        catch (IOException ex) { return Fail(new ConfigError(file, "$", $"cannot read the file: {ex.Message}")); }
        catch (UnauthorizedAccessException ex) { return Fail(new ConfigError(file, "$", $"cannot read the file: {ex.Message}")); }
        return Parse(text, file);
    }

    public ConfigLoadResult Parse(string text, string file)
    {
        JsonDocument document;
        try { document = JsonDocument.Parse(text, ConfigJson.DocumentOptions); }
        catch (JsonException ex) { return Fail(new ConfigError(file, "$", $"not valid JSON (line {ex.LineNumber + 1}, position {ex.BytePositionInLine + 1}): {FirstSentence(ex.Message)}")); }

        using (document)
        {
            var schemaErrors = _schema.Value.Validate(text).SelectMany(Flatten).Select(e => ToConfigError(file, e)).Distinct().ToList();
            if (schemaErrors.Count > 0) return new ConfigLoadResult(null, schemaErrors);

            var errors = new List<ConfigError>();
            var guilds = new Dictionary<ulong, GuildConfig>();
            if (document.RootElement.TryGetProperty("guilds", out var guildsElement))
                foreach (var guildProperty in guildsElement.EnumerateObject())
                    if (ReadGuild(file, guildProperty, errors) is { } guild) guilds[guild.GuildId] = guild;

            return errors.Count > 0
                ? new ConfigLoadResult(null, errors)
                : new ConfigLoadResult(new CommunityConfig(guilds, Interlocked.Increment(ref _version)), []);
        }
    }

    private GuildConfig? ReadGuild(string file, JsonProperty guildProperty, List<ConfigError> errors)
    {
        var guildPath = $"$.guilds[\"{guildProperty.Name}\"]";
        if (!ulong.TryParse(guildProperty.Name, out var guildId))
        {
            errors.Add(new ConfigError(file, guildPath, "guild keys must be Discord guild ids (digits)"));
            return null;
        }

        var element = guildProperty.Value;
        var common = Deserialize<GuildCommon>(element, file, guildPath, errors, ignoreUnknown: true) ?? new GuildCommon();
        var language = Localisation.Languages.Parse(common.Language);
        if (common.Language is not null && language is null)
            errors.Add(new ConfigError(file, $"{guildPath}.language",
                $"no translations for '{common.Language}' (available: {string.Join(", ", Localisation.Languages.Supported.Order(StringComparer.Ordinal))})"));
        var typed = new Dictionary<Type, object>();
        var pending = new List<(ConfigSection Section, object Value, string Path)>();
        foreach (var property in element.EnumerateObject())
        {
            if (CommonKeys.Contains(property.Name) || property.Name == "$comment") continue;
            var path = $"{guildPath}.{property.Name}";
            if (!_sections.TryGetValue(property.Name, out var section))
            {
                errors.Add(new ConfigError(file, path, $"unknown key '{property.Name}' (known: {string.Join(", ", CommonKeys.Concat(_sections.Keys))})"));
                continue;
            }
            if (Deserialize(property.Value, section.SettingsType, file, path, errors) is { } value)
            {
                typed[section.SettingsType] = value;
                pending.Add((section, value, path));
            }
        }

        var guild = new GuildConfig
        {
            GuildId = guildId, Name = common.Name, Language = language, AdminChannelId = common.AdminChannelId,
            ModeratorRoleIds = common.ModeratorRoleIds ?? [], AdminRoleIds = common.AdminRoleIds ?? [], Sections = typed,
        };
        foreach (var (section, value, path) in pending)
        {
            var context = new ConfigValidationContext(file, path, guild);
            section.Validate(value, context);
            errors.AddRange(context.Errors);
        }
        return guild;
    }

    private static T? Deserialize<T>(JsonElement element, string file, string path, List<ConfigError> errors, bool ignoreUnknown = false) where T : class =>
        (T?)Deserialize(element, typeof(T), file, path, errors, ignoreUnknown);

    private static object? Deserialize(JsonElement element, Type type, string file, string path, List<ConfigError> errors, bool ignoreUnknown = false)
    {
        try
        {
            var options = ignoreUnknown ? LenientOptions.Value : ConfigJson.Options;
            return element.Deserialize(type, options) ?? throw new JsonException("must not be null");
        }
        catch (JsonException ex)
        {
            var relative = ex.Path is { Length: > 1 } p ? p[1..] : "";
            errors.Add(new ConfigError(file, path + relative, Humanize(ex)));
            return null;
        }
    }

    private static readonly Lazy<JsonSerializerOptions> LenientOptions = new(() =>
        new JsonSerializerOptions(ConfigJson.Options) { UnmappedMemberHandling = System.Text.Json.Serialization.JsonUnmappedMemberHandling.Skip });

    private static string Humanize(JsonException ex)
    {
        var message = FirstSentence(ex.Message);
        if (message.StartsWith("The JSON property '", StringComparison.Ordinal))
            return $"unknown key '{message.Split('\'')[1]}'";
        if (message.StartsWith("The JSON value could not be converted to", StringComparison.Ordinal))
            return "has the wrong type for this setting";
        return message;
    }

    private static string FirstSentence(string message)
    {
        var cut = message.IndexOf(" Path:", StringComparison.Ordinal);
        return (cut > 0 ? message[..cut] : message).TrimEnd('.', ' ');
    }

    private static IEnumerable<ValidationError> Flatten(ValidationError error) =>
        error is ChildSchemaValidationError child && child.Errors.Count > 0
            ? child.Errors.SelectMany(e => e.Value).SelectMany(Flatten)
            : [error];

    private static ConfigError ToConfigError(string file, ValidationError error)
    {
        var path = SchemaPathToJsonPath(error.Path);
        return error.Kind switch
        {
            ValidationErrorKind.NoAdditionalPropertiesAllowed => new ConfigError(file, path, $"unknown key '{error.Property}'"),
            ValidationErrorKind.PropertyRequired => new ConfigError(file, path, $"missing required key '{error.Property}'"),
            ValidationErrorKind.PatternMismatch when error.Schema?.Pattern == CommunitySchema.SnowflakePattern =>
                new ConfigError(file, path, "expected a Discord id (a string of digits, e.g. \"123456789012345678\")"),
            ValidationErrorKind.NumberTooSmall => new ConfigError(file, path, $"must be at least {error.Schema?.Minimum}"),
            ValidationErrorKind.NumberTooBig => new ConfigError(file, path, $"must be at most {error.Schema?.Maximum}"),
            _ => new ConfigError(file, path, Describe(error.Kind)),
        };
    }

    /// <summary>NJsonSchema paths look like <c>#/guilds.123.rules[0].pattern</c>; show them as JSON paths.</summary>
    private static string SchemaPathToJsonPath(string? schemaPath)
    {
        if (string.IsNullOrEmpty(schemaPath) || schemaPath == "#/") return "$";
        var parts = schemaPath.TrimStart('#', '/').Split('.');
        var result = "$";
        for (var i = 0; i < parts.Length; i++)
            result += i == 1 && parts[0] == "guilds" ? $"[\"{parts[i]}\"]" : "." + parts[i];
        return result;
    }

    private static string Describe(ValidationErrorKind kind)
    {
        var words = System.Text.RegularExpressions.Regex.Replace(kind.ToString(), "(?<!^)([A-Z])", " $1").ToLowerInvariant();
        return words;
    }

    private static ConfigLoadResult Fail(ConfigError error) => new(null, [error]);

    private sealed class GuildCommon
    {
        public string? Name { get; init; }
        public string? Language { get; init; }
        public ulong? AdminChannelId { get; init; }
        public ulong[]? ModeratorRoleIds { get; init; }
        public ulong[]? AdminRoleIds { get; init; }
    }
}
