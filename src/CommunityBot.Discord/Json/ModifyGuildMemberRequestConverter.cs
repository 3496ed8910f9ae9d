using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using CommunityBot.Discord.Models;

namespace CommunityBot.Discord.Json;

/// <summary>
/// Writes a Modify Guild Member body by hand because every field is optional *and* nullable
/// (GLD § Modify Guild Member): an absent <see cref="Optional{T}"/> is left out, an
/// <c>Optional(null)</c> is written as JSON null (that is how a timeout is lifted). The context-wide
/// "omit nulls" rule would make the second case impossible.
/// </summary>
public sealed class ModifyGuildMemberRequestConverter : JsonConverter<ModifyGuildMemberRequest>
{
    public override ModifyGuildMemberRequest Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType != JsonTokenType.StartObject) throw new JsonException("Expected an object.");
        var request = new ModifyGuildMemberRequest();
        while (reader.Read() && reader.TokenType != JsonTokenType.EndObject)
        {
            var name = reader.GetString();
            reader.Read();
            var isNull = reader.TokenType == JsonTokenType.Null;
            switch (name)
            {
                case "nick":
                    request = request with { Nick = Optional.Of(isNull ? null : reader.GetString()) };
                    break;
                case "roles":
                    request = request with { Roles = Optional.Of(isNull ? null : ReadSnowflakes(ref reader)) };
                    break;
                case "communication_disabled_until":
                    request = request with { CommunicationDisabledUntil = Optional.Of<DateTimeOffset?>(isNull ? null : reader.GetDateTimeOffset()) };
                    break;
                default:
                    reader.Skip();
                    break;
            }
        }
        return request;
    }

    private static ulong[] ReadSnowflakes(ref Utf8JsonReader reader)
    {
        var ids = new List<ulong>();
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
            ids.Add(reader.TokenType == JsonTokenType.String
                ? ulong.Parse(reader.ValueSpan, CultureInfo.InvariantCulture)
                : reader.GetUInt64());
        return ids.ToArray();
    }

    public override void Write(Utf8JsonWriter writer, ModifyGuildMemberRequest value, JsonSerializerOptions options)
    {
        writer.WriteStartObject();
        if (value.Nick.HasValue)
        {
            if (value.Nick.Value is { } nick) writer.WriteString("nick", nick);
            else writer.WriteNull("nick");
        }
        if (value.Roles.HasValue)
        {
            if (value.Roles.Value is { } roles)
            {
                writer.WriteStartArray("roles");
                foreach (var role in roles) writer.WriteStringValue(role.ToString(CultureInfo.InvariantCulture));
                writer.WriteEndArray();
            }
            else writer.WriteNull("roles");
        }
        if (value.CommunicationDisabledUntil.HasValue)
        {
            if (value.CommunicationDisabledUntil.Value is { } until)
                writer.WriteString("communication_disabled_until", until.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture));
            else writer.WriteNull("communication_disabled_until");
        }
        writer.WriteEndObject();
    }
}
