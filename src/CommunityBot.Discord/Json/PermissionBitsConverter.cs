using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace CommunityBot.Discord.Json;

/// <summary>A permission bit set that Discord reads as an integer and writes back as a string.</summary>
public sealed class PermissionBitsConverter : JsonConverter<ulong?>
{
    public override ulong? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) => reader.TokenType switch
    {
        JsonTokenType.Null => null,
        JsonTokenType.String => ulong.Parse(reader.ValueSpan, NumberStyles.None, CultureInfo.InvariantCulture),
        _ => reader.GetUInt64(),
    };

    public override void Write(Utf8JsonWriter writer, ulong? value, JsonSerializerOptions options)
    {
        if (value is { } bits) writer.WriteNumberValue(bits);
        else writer.WriteNullValue();
    }
}
