using System.Globalization;
using System.Text.Json;
using CommunityBot.Discord.Models;

namespace CommunityBot.Interactions;

/// <summary>
/// The options of a slash command, flattened below its subcommand path. Getters validate and throw
/// <see cref="InteractionRefusedException"/> naming the option and the rule, which the user sees ephemerally.
/// </summary>
public sealed class CommandOptions
{
    private readonly Dictionary<string, InteractionDataOption> _values = new(StringComparer.Ordinal);
    private readonly ResolvedData? _resolved;

    public CommandOptions(InteractionData? data)
    {
        _resolved = data?.Resolved;
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
        if (text.Length < minLength) throw Refuse(name, $"must be at least {minLength} characters");
        if (maxLength is { } max && text.Length > max) throw Refuse(name, $"must be at most {max} characters (it has {text.Length})");
        return text;
    }

    public string RequiredString(string name, int? maxLength = null, int minLength = 1) =>
        String(name, maxLength, minLength) is { Length: > 0 } s ? s : throw Refuse(name, "is required");

    public long? Integer(string name, long? min = null, long? max = null)
    {
        if (Raw(name) is not { } value) return null;
        if (!(value.ValueKind == JsonValueKind.Number ? value.TryGetInt64(out var n) : long.TryParse(value.GetString(), NumberStyles.Integer, CultureInfo.InvariantCulture, out n)))
            throw Refuse(name, "must be a whole number");
        if (min is { } lo && n < lo) throw Refuse(name, $"must be at least {lo}");
        if (max is { } hi && n > hi) throw Refuse(name, $"must be at most {hi}");
        return n;
    }

    public long RequiredInteger(string name, long? min = null, long? max = null) => Integer(name, min, max) ?? throw Refuse(name, "is required");

    public double? Number(string name) => Raw(name) is { ValueKind: JsonValueKind.Number } v ? v.GetDouble() : null;

    public bool? Boolean(string name) => Raw(name) is { } v ? v.ValueKind == JsonValueKind.True : null;

    /// <summary>A user, role, channel or mentionable option: its id.</summary>
    public ulong? Snowflake(string name)
    {
        if (Raw(name) is not { } value) return null;
        var text = value.ValueKind == JsonValueKind.String ? value.GetString() : value.ToString();
        return ulong.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var id) ? id : throw Refuse(name, "is not a valid id");
    }

    public ulong RequiredSnowflake(string name) => Snowflake(name) ?? throw Refuse(name, "is required");

    public User? ResolvedUser(string name) => Snowflake(name) is { } id && _resolved?.Users?.TryGetValue(id, out var u) == true ? u : null;
    public GuildMember? ResolvedMember(string name) => Snowflake(name) is { } id && _resolved?.Members?.TryGetValue(id, out var m) == true ? m : null;

    private JsonElement? Raw(string name) => _values.TryGetValue(name, out var o) && o.Value is { } v && v.ValueKind != JsonValueKind.Null ? v : null;

    public static InteractionRefusedException Refuse(string option, string rule) => new($"Option `{option}` {rule}.");
}
