using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace CommunityBot.Discord.Json.Wire;

/// <summary>Reads one JSON value the reader is positioned on, leaving the reader on that value's last token.</summary>
internal delegate T ValueReader<out T>(ref Utf8JsonReader reader);

/// <summary>
/// Primitives for the hand-written gateway readers (<see cref="MessageReader"/>, <see cref="MemberReaders"/>,
/// <see cref="InteractionReader"/>). Why hand-written: the hot dispatches (messages, joins, interactions) are
/// decoded on the receive loop, and System.Text.Json's metadata-driven path cost ~6x a bare tokenising pass;
/// reading the fields we model straight off the <see cref="Utf8JsonReader"/> is ~2x (docs/benchmarks.md).
/// The rules match the source-generated contracts in <see cref="DiscordJsonContext"/>, which stay the
/// reference (REST, rare events, and the differential tests): snake_case names, unknown fields skipped,
/// snowflakes from strings or numbers. Where they differ, these are more tolerant: a JSON null for a
/// field our model declares non-nullable keeps the model's default instead of storing null.
/// </summary>
internal static class WireReader
{
    /// <summary>The current property's name as UTF-8; Discord never escapes names, so the copy is the rare path.</summary>
    public static ReadOnlySpan<byte> PropertyName(ref Utf8JsonReader reader) =>
        reader.ValueIsEscaped || reader.HasValueSequence ? Encoding.UTF8.GetBytes(reader.GetString()!) : reader.ValueSpan;

    /// <summary>Moves from a property name to its value and returns the name.</summary>
    public static ReadOnlySpan<byte> NextProperty(ref Utf8JsonReader reader)
    {
        var name = PropertyName(ref reader);
        if (!reader.Read()) throw new JsonException("Truncated JSON after a property name.");
        return name;
    }

    /// <summary>True while the reader steps onto another property of the object it is in.</summary>
    public static bool NextInObject(ref Utf8JsonReader reader) =>
        reader.Read() && reader.TokenType == JsonTokenType.PropertyName;

    public static void ExpectObject(ref Utf8JsonReader reader, string what)
    {
        if (reader.TokenType != JsonTokenType.StartObject) throw new JsonException($"Expected a JSON object for {what}, found {reader.TokenType}.");
    }

    public static ulong Snowflake(ref Utf8JsonReader reader) => reader.TokenType switch
    {
        JsonTokenType.String when !reader.ValueIsEscaped => ulong.Parse(reader.ValueSpan, NumberStyles.None, CultureInfo.InvariantCulture),
        JsonTokenType.String => ulong.Parse(reader.GetString()!, NumberStyles.None, CultureInfo.InvariantCulture),
        JsonTokenType.Null => 0,
        _ => reader.GetUInt64(),
    };

    public static ulong? NullableSnowflake(ref Utf8JsonReader reader) =>
        reader.TokenType == JsonTokenType.Null ? null : Snowflake(ref reader);

    public static string? NullableString(ref Utf8JsonReader reader) =>
        reader.TokenType == JsonTokenType.Null ? null : reader.GetString();

    public static string String(ref Utf8JsonReader reader, string fallback = "") =>
        reader.TokenType == JsonTokenType.Null ? fallback : reader.GetString()!;

    /// <summary>A field Discord sends as a string or an integer (a message nonce), kept as its text.</summary>
    public static string? StringOrNumber(ref Utf8JsonReader reader) => reader.TokenType switch
    {
        JsonTokenType.Null => null,
        JsonTokenType.Number => Encoding.UTF8.GetString(reader.ValueSpan),
        _ => reader.GetString(),
    };

    public static int Int(ref Utf8JsonReader reader, int fallback = 0) =>
        reader.TokenType == JsonTokenType.Null ? fallback : reader.GetInt32();

    public static int? NullableInt(ref Utf8JsonReader reader) =>
        reader.TokenType == JsonTokenType.Null ? null : reader.GetInt32();

    public static bool Bool(ref Utf8JsonReader reader) =>
        reader.TokenType != JsonTokenType.Null && reader.GetBoolean();

    public static bool? NullableBool(ref Utf8JsonReader reader) =>
        reader.TokenType == JsonTokenType.Null ? null : reader.GetBoolean();

    public static DateTimeOffset Timestamp(ref Utf8JsonReader reader) =>
        reader.TokenType == JsonTokenType.Null ? default : reader.GetDateTimeOffset();

    public static DateTimeOffset? NullableTimestamp(ref Utf8JsonReader reader) =>
        reader.TokenType == JsonTokenType.Null ? null : reader.GetDateTimeOffset();

    /// <summary>A JSON array of snowflakes (role ids, mention roles) without an intermediate list for the usual few.</summary>
    public static ulong[]? SnowflakeArray(ref Utf8JsonReader reader)
    {
        if (reader.TokenType == JsonTokenType.Null) return null;
        ExpectArray(ref reader);
        Span<ulong> few = stackalloc ulong[16];
        List<ulong>? many = null;
        var count = 0;
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            var id = Snowflake(ref reader);
            if (count < few.Length) few[count] = id;
            else (many ??= new List<ulong>(few.ToArray())).Add(id);
            count++;
        }
        return count == 0 ? [] : many?.ToArray() ?? few[..count].ToArray();
    }

    public static string[]? StringArray(ref Utf8JsonReader reader) => Array(ref reader, static (ref Utf8JsonReader r) => String(ref r));

    public static T[]? Array<T>(ref Utf8JsonReader reader, ValueReader<T> element)
    {
        if (reader.TokenType == JsonTokenType.Null) return null;
        ExpectArray(ref reader);
        if (!reader.Read()) throw new JsonException("Truncated JSON array.");
        if (reader.TokenType == JsonTokenType.EndArray) return [];
        var items = new List<T>(4);
        do items.Add(element(ref reader));
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray);
        return items.ToArray();
    }

    /// <summary>An object keyed by snowflakes (the interaction's resolved maps).</summary>
    public static Dictionary<ulong, T>? SnowflakeMap<T>(ref Utf8JsonReader reader, ValueReader<T> value)
    {
        if (reader.TokenType == JsonTokenType.Null) return null;
        ExpectObject(ref reader, "a map keyed by snowflakes");
        var map = new Dictionary<ulong, T>();
        while (NextInObject(ref reader))
        {
            var key = ulong.Parse(reader.GetString()!, NumberStyles.None, CultureInfo.InvariantCulture);
            reader.Read();
            map[key] = value(ref reader);
        }
        return map;
    }

    /// <summary>
    /// Delegates a rarely-populated or rarely-hot value (embeds, components, polls, reactions) to the
    /// source-generated contract; an empty array never reaches it.
    /// </summary>
    public static T[]? ArrayViaContract<T>(ref Utf8JsonReader reader, JsonTypeInfo<T[]> contract)
    {
        if (reader.TokenType == JsonTokenType.StartArray)
        {
            var peek = reader;
            if (peek.Read() && peek.TokenType == JsonTokenType.EndArray)
            {
                reader = peek;
                return [];
            }
        }
        return JsonSerializer.Deserialize(ref reader, contract);
    }

    public static T? ViaContract<T>(ref Utf8JsonReader reader, JsonTypeInfo<T> contract) where T : class =>
        reader.TokenType == JsonTokenType.Null ? null : JsonSerializer.Deserialize(ref reader, contract);

    private static void ExpectArray(ref Utf8JsonReader reader)
    {
        if (reader.TokenType != JsonTokenType.StartArray) throw new JsonException($"Expected a JSON array, found {reader.TokenType}.");
    }
}
