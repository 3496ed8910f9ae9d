using System.Globalization;
using System.Text.Json;
using CommunityBot.Discord.Models;
using CommunityBot.Interactions.Resources;
using CommunityBot.Localisation;

namespace CommunityBot.Interactions;

/// <summary>
/// The options of a slash command, flattened below its subcommand path. Getters validate and throw
/// <see cref="InteractionRefusedException"/> naming the option and the rule, which the user sees ephemerally.
/// </summary>
public sealed class CommandOptions
{
    private readonly Dictionary<string, InteractionDataOption> _values = new(StringComparer.Ordinal);
    private readonly ResolvedData? _resolved;
    private readonly CultureInfo _culture;

    /// <param name="culture">The language refusals are written in (the invoking member's).</param>
    public CommandOptions(InteractionData? data, CultureInfo? culture = null)
    {
        _resolved = data?.Resolved;
        _culture = culture ?? Languages.Fallback;
        var path = new List<string>();
        var options = data?.Options ?? [];
        while (options.Length == 1 && options[0].Type is ApplicationCommandOptionTypes.SubCommand or ApplicationCommandOptionTypes.SubCommandGroup)
        {
            path.Add(options[0].Name);
            options = options[0].Options ?? [];
        }
        Subcommand = string.Join(' ', path);
        foreach (var option in options)
        {
            _values[option.Name] = option;
            if (option.Focused == true) Focused = option;
        }
    }

    /// <summary>"" for a plain command, "grant" or "season start" below subcommands.</summary>
    public string Subcommand { get; }
    /// <summary>The option being typed, during autocomplete.</summary>
    public InteractionDataOption? Focused { get; }

    public bool Has(string name) => _values.ContainsKey(name);

    public string? String(string name, int? maxLength = null, int minLength = 0)
    {
        if (Raw(name) is not { } value) return null;
        var text = value.ValueKind == JsonValueKind.String ? value.GetString()! : value.ToString();
        text = text.Trim();
        if (text.Length < minLength) throw Refused("Option.TooShort", name, ("min", minLength));
        if (maxLength is { } max && text.Length > max) throw Refused("Option.TooLong", name, ("max", max), ("length", text.Length));
        return text;
    }

    public string RequiredString(string name, int? maxLength = null, int minLength = 1) =>
        String(name, maxLength, minLength) is { Length: > 0 } s ? s : throw Refused("Option.Required", name);

    public long? Integer(string name, long? min = null, long? max = null)
    {
        if (Raw(name) is not { } value) return null;
        if (!(value.ValueKind == JsonValueKind.Number ? value.TryGetInt64(out var n) : long.TryParse(value.GetString(), NumberStyles.Integer, CultureInfo.InvariantCulture, out n)))
            throw Refused("Option.WholeNumber", name);
        if (min is { } lo && n < lo) throw Refused("Option.AtLeast", name, ("min", lo));
        if (max is { } hi && n > hi) throw Refused("Option.AtMost", name, ("max", hi));
        return n;
    }

    public long RequiredInteger(string name, long? min = null, long? max = null) => Integer(name, min, max) ?? throw Refused("Option.Required", name);

    public double? Number(string name) => Raw(name) is { ValueKind: JsonValueKind.Number } v ? v.GetDouble() : null;

    public bool? Boolean(string name) => Raw(name) is { } v ? v.ValueKind == JsonValueKind.True : null;

    /// <summary>A user, role, channel or mentionable option: its id.</summary>
    public ulong? Snowflake(string name)
    {
        if (Raw(name) is not { } value) return null;
        var text = value.ValueKind == JsonValueKind.String ? value.GetString() : value.ToString();
        return ulong.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var id) ? id : throw Refused("Option.InvalidId", name);
    }

    public ulong RequiredSnowflake(string name) => Snowflake(name) ?? throw Refused("Option.Required", name);

    public User? ResolvedUser(string name) => Snowflake(name) is { } id && _resolved?.Users?.TryGetValue(id, out var u) == true ? u : null;
    public GuildMember? ResolvedMember(string name) => Snowflake(name) is { } id && _resolved?.Members?.TryGetValue(id, out var m) == true ? m : null;

    private JsonElement? Raw(string name) => _values.TryGetValue(name, out var o) && o.Value is { } v && v.ValueKind != JsonValueKind.Null ? v : null;

    /// <summary>An English refusal naming the option; features that speak Korean throw their own localised sentence instead.</summary>
    public static InteractionRefusedException Refuse(string option, string rule) => new($"Option `{option}` {rule}.");

    private InteractionRefusedException Refused(string key, string option, params ReadOnlySpan<(string, object?)> values)
    {
        Span<(string, object?)> all = new (string, object?)[values.Length + 1];
        all[0] = ("option", option);
        values.CopyTo(all[1..]);
        return new InteractionRefusedException(Localiser<InteractionStrings>.Shared.Get(_culture, key, all));
    }
}
