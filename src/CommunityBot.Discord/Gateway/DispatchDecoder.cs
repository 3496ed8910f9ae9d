using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using CommunityBot.Discord.Json;
using CommunityBot.Discord.Models;

namespace CommunityBot.Discord.Gateway;

/// <summary>
/// Turns one dispatch's <c>d</c> into the typed event for its <c>t</c>. Unknown names become an
/// <see cref="UnknownDispatchEvent"/> carrying the raw JSON; extra and missing optional fields are
/// tolerated by the source-generated contracts. Throws <see cref="JsonException"/> on malformed data;
/// the gateway turns that into an <see cref="UnknownDispatchEvent"/> too.
/// </summary>
internal static class DispatchDecoder
{
    private static readonly DiscordJsonContext Json = DiscordJsonContext.Default;

    public static GatewayEvent Decode(string name, int sequence, int shardId, ReadOnlySpan<byte> data)
    {
        GatewayEvent decoded = name switch
        {
            GatewayEventNames.Ready => Direct(data, Json.ReadyEvent),
            GatewayEventNames.Resumed => new ResumedEvent(),
            GatewayEventNames.GuildCreate => DecodeGuildCreate(data),
            GatewayEventNames.GuildDelete => Direct(data, Json.GuildDeleteEvent),
            GatewayEventNames.GuildMemberAdd => new GuildMemberAddEvent { GuildId = ReadGuildId(data), Member = Direct(data, Json.GuildMember) },
            GatewayEventNames.GuildMemberUpdate => new GuildMemberUpdateEvent { GuildId = ReadGuildId(data), Member = Direct(data, Json.GuildMember) },
            GatewayEventNames.GuildMemberRemove => Direct(data, Json.GuildMemberRemoveEvent),
            GatewayEventNames.MessageCreate => new MessageCreateEvent { Message = Direct(data, Json.Message) },
            GatewayEventNames.MessageUpdate => new MessageUpdateEvent { Message = Direct(data, Json.Message) },
            GatewayEventNames.MessageDelete => Direct(data, Json.MessageDeleteEvent),
            GatewayEventNames.MessageDeleteBulk => Direct(data, Json.MessageDeleteBulkEvent),
            GatewayEventNames.MessageReactionAdd => Direct(data, Json.MessageReactionAddEvent),
            GatewayEventNames.MessageReactionRemove => Direct(data, Json.MessageReactionRemoveEvent),
            GatewayEventNames.InteractionCreate => new InteractionCreateEvent { Interaction = Direct(data, Json.Interaction) },
            GatewayEventNames.GuildScheduledEventUserAdd => Direct(data, Json.GuildScheduledEventUserAddEvent),
            GatewayEventNames.GuildScheduledEventUserRemove => Direct(data, Json.GuildScheduledEventUserRemoveEvent),
            GatewayEventNames.InviteCreate => Direct(data, Json.InviteCreateEvent),
            GatewayEventNames.InviteDelete => Direct(data, Json.InviteDeleteEvent),
            GatewayEventNames.MessagePollVoteAdd => Direct(data, Json.MessagePollVoteEvent) with { Added = true },
            GatewayEventNames.MessagePollVoteRemove => Direct(data, Json.MessagePollVoteEvent),
            _ => Unknown(data),
        };
        // The envelope facts are init-only on the public records; `with` makes one shallow copy.
        return decoded with { Name = name, Sequence = sequence, ShardId = shardId };
    }

    public static UnknownDispatchEvent Unknown(ReadOnlySpan<byte> data, string name = "", int sequence = 0, int shardId = 0) => new()
    {
        // Deserialising a JsonElement yields a standalone copy, safe after the receive buffer is reused.
        Data = data.IsEmpty ? default : JsonSerializer.Deserialize(data, Json.JsonElement),
        Name = name,
        Sequence = sequence,
        ShardId = shardId,
    };

    private static T Direct<T>(ReadOnlySpan<byte> data, JsonTypeInfo<T> typeInfo) =>
        JsonSerializer.Deserialize(data, typeInfo) ?? throw new JsonException($"Dispatch data for {typeof(T).Name} was null.");

    /// <summary>GE § Guild Create: a guild object with extra fields flattened in; read both views of the same bytes.</summary>
    private static GuildCreateEvent DecodeGuildCreate(ReadOnlySpan<byte> data)
    {
        var guild = Direct(data, Json.Guild);
        var extras = Direct(data, Json.GuildCreateExtras);
        return new GuildCreateEvent
        {
            Guild = guild,
            JoinedAt = extras.JoinedAt,
            MemberCount = extras.MemberCount,
            Members = extras.Members ?? [],
            Channels = extras.Channels ?? [],
            Threads = extras.Threads ?? [],
            GuildScheduledEvents = extras.GuildScheduledEvents ?? [],
        };
    }

    /// <summary>Finds the top-level <c>guild_id</c> that GUILD_MEMBER_ADD/UPDATE add beside the member fields.</summary>
    private static ulong ReadGuildId(ReadOnlySpan<byte> data)
    {
        var reader = new Utf8JsonReader(data);
        reader.Read();
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var isGuildId = reader.ValueTextEquals("guild_id"u8);
            reader.Read();
            if (isGuildId)
                return reader.TokenType == JsonTokenType.String
                    ? ulong.Parse(reader.ValueSpan, System.Globalization.CultureInfo.InvariantCulture)
                    : reader.GetUInt64();
            reader.Skip();
        }
        return 0;
    }
}
