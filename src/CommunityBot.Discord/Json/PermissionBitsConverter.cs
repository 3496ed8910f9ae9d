using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace CommunityBot.Discord.Json;

/// <summary>
/// A permission bit set. Discord's docs serialize it as a string ("a bitwise OR-ed set of permissions, serialized as a
/// string"; bit 53+ would not survive a double), so that is what we write; we read a string or a number.
/// </summary>
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
        if (value is { } bits) writer.WriteStringValue(bits.ToString(CultureInfo.InvariantCulture));
        else writer.WriteNullValue();
    }
}
