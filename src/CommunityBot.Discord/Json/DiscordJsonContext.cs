using System.Text.Json;
using System.Text.Json.Serialization;
using CommunityBot.Discord.Gateway;
using CommunityBot.Discord.Models;
using CommunityBot.Discord.Rest;

namespace CommunityBot.Discord.Json;

/// <summary>
/// Source-generated (de)serialisation for every wire type: snake_case names, nulls omitted, snowflakes
/// as JSON strings (read from strings or numbers) via <see cref="SnowflakeConverter"/>.
/// </summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    Converters = [typeof(SnowflakeConverter), typeof(NullableSnowflakeConverter), typeof(ModifyGuildMemberRequestConverter)])]
[JsonSerializable(typeof(string))]
[JsonSerializable(typeof(long))]
[JsonSerializable(typeof(JsonElement))]
[JsonSerializable(typeof(User))]
[JsonSerializable(typeof(User[]))]
[JsonSerializable(typeof(GuildMember))]
[JsonSerializable(typeof(GuildMember[]))]
[JsonSerializable(typeof(Role[]))]
[JsonSerializable(typeof(Channel))]
[JsonSerializable(typeof(Channel[]))]
[JsonSerializable(typeof(Guild))]
[JsonSerializable(typeof(Invite[]))]
[JsonSerializable(typeof(Message))]
[JsonSerializable(typeof(PollAnswerVoters))]
[JsonSerializable(typeof(Interaction))]
[JsonSerializable(typeof(InteractionResponse))]
[JsonSerializable(typeof(ApplicationCommand[]))]
[JsonSerializable(typeof(Application))]
[JsonSerializable(typeof(CreateMessageRequest))]
[JsonSerializable(typeof(EditMessageRequest))]
[JsonSerializable(typeof(CreateDmRequest))]
[JsonSerializable(typeof(CreateGuildBanRequest))]
[JsonSerializable(typeof(StartThreadRequest))]
[JsonSerializable(typeof(GatewayBotInfo))]
[JsonSerializable(typeof(GuildScheduledEvent))]
[JsonSerializable(typeof(GuildScheduledEvent[]))]
[JsonSerializable(typeof(GuildScheduledEventUser[]))]
[JsonSerializable(typeof(CreateGuildScheduledEventRequest))]
[JsonSerializable(typeof(ReadyEvent))]
[JsonSerializable(typeof(ModifyGuildMemberRequest))]
[JsonSerializable(typeof(Role))]
[JsonSerializable(typeof(ApplicationCommand))]
[JsonSerializable(typeof(ApplicationCommand[]))]
[JsonSerializable(typeof(GuildDeleteEvent))]
[JsonSerializable(typeof(GuildMemberRemoveEvent))]
[JsonSerializable(typeof(MessageDeleteEvent))]
[JsonSerializable(typeof(MessageDeleteBulkEvent))]
[JsonSerializable(typeof(MessageReactionAddEvent))]
[JsonSerializable(typeof(MessageReactionRemoveEvent))]
[JsonSerializable(typeof(GuildScheduledEventUserAddEvent))]
[JsonSerializable(typeof(GuildScheduledEventUserRemoveEvent))]
[JsonSerializable(typeof(InviteCreateEvent))]
[JsonSerializable(typeof(InviteDeleteEvent))]
[JsonSerializable(typeof(MessagePollVoteEvent))]
[JsonSerializable(typeof(GuildMembersChunkEvent))]
[JsonSerializable(typeof(RateLimitedEvent))]
[JsonSerializable(typeof(IdentifyPayload))]
[JsonSerializable(typeof(ResumePayload))]
[JsonSerializable(typeof(RequestGuildMembersPayload))]
[JsonSerializable(typeof(PresenceUpdatePayload))]
[JsonSerializable(typeof(HelloPayload))]
[JsonSerializable(typeof(GuildCreateExtras))]
[JsonSerializable(typeof(DiscordErrorBody))]
public sealed partial class DiscordJsonContext : JsonSerializerContext;

/// <summary>Snowflakes are 64-bit unsigned ids sent as strings (REF § Snowflakes); accept numbers too.</summary>
public sealed class SnowflakeConverter : JsonConverter<ulong>
{
    public override ulong Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        reader.TokenType == JsonTokenType.String
            ? ulong.Parse(reader.ValueSpan, System.Globalization.CultureInfo.InvariantCulture)
            : reader.GetUInt64();

    public override void Write(Utf8JsonWriter writer, ulong value, JsonSerializerOptions options) =>
        writer.WriteStringValue(value.ToString(System.Globalization.CultureInfo.InvariantCulture));

    public override ulong ReadAsPropertyName(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        ulong.Parse(reader.GetString()!, System.Globalization.CultureInfo.InvariantCulture);

    public override void WriteAsPropertyName(Utf8JsonWriter writer, ulong value, JsonSerializerOptions options) =>
        writer.WritePropertyName(value.ToString(System.Globalization.CultureInfo.InvariantCulture));
}

public sealed class NullableSnowflakeConverter : JsonConverter<ulong?>
{
    private static readonly SnowflakeConverter Inner = new();
    public override bool HandleNull => true;

    public override ulong? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        reader.TokenType == JsonTokenType.Null ? null : Inner.Read(ref reader, typeof(ulong), options);

    public override void Write(Utf8JsonWriter writer, ulong? value, JsonSerializerOptions options)
    {
        if (value is { } v) Inner.Write(writer, v, options); else writer.WriteNullValue();
    }
}
