using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using CommunityBot.Discord.Json;
using CommunityBot.Discord.Json.Wire;
using CommunityBot.Discord.Models;

namespace CommunityBot.Discord.Gateway;

/// <summary>
/// Turns one dispatch's <c>d</c> into the typed event for its <c>t</c>. The hot ones (messages, member joins and
/// updates, interactions) use the hand-written readers in Json/Wire; the rest use the
/// source-generated contracts. Unknown names become an
/// <see cref="UnknownDispatchEvent"/> carrying the raw JSON; extra and missing optional fields are
/// tolerated by the source-generated contracts. Throws <see cref="JsonException"/> on malformed data;
/// the gateway turns that into an <see cref="UnknownDispatchEvent"/> too.
/// </summary>
internal static class DispatchDecoder
{
    private static readonly DiscordJsonContext Json = DiscordJsonContext.Default;

    /// <summary>The exceptions that mean "valid JSON, but not the shape we model" (never a reason to drop the session).</summary>
    public static bool IsDecodeFailure(Exception ex) =>
        ex is JsonException or FormatException or OverflowException or InvalidOperationException or NotSupportedException;

    public static GatewayEvent Decode(string name, int sequence, int shardId, ReadOnlySpan<byte> data)
    {
        var reader = new Utf8JsonReader(data);
        if (!reader.Read()) throw new JsonException("Empty dispatch data.");
        return Decode(name, sequence, shardId, ref reader);
    }

    /// <summary>Decodes the value the reader is positioned on and leaves the reader on its last token.</summary>
    public static GatewayEvent Decode(string name, int sequence, int shardId, ref Utf8JsonReader data)
    {
        GatewayEvent decoded = name switch
        {
            GatewayEventNames.Ready => Direct(ref data, Json.ReadyEvent),
            GatewayEventNames.Resumed => Skipped(ref data, new ResumedEvent()),
            GatewayEventNames.GuildCreate => DecodeGuildCreate(ref data),
            GatewayEventNames.GuildDelete => Direct(ref data, Json.GuildDeleteEvent),
            GatewayEventNames.GuildMemberAdd => new GuildMemberAddEvent { Member = MemberReaders.Member(ref data, out var joinedGuild), GuildId = joinedGuild },
            GatewayEventNames.GuildMemberUpdate => new GuildMemberUpdateEvent { Member = MemberReaders.Member(ref data, out var updatedGuild), GuildId = updatedGuild },
            GatewayEventNames.GuildMemberRemove => Direct(ref data, Json.GuildMemberRemoveEvent),
            GatewayEventNames.MessageCreate => new MessageCreateEvent { Message = MessageReader.Message(ref data) },
            GatewayEventNames.MessageUpdate => new MessageUpdateEvent { Message = MessageReader.Message(ref data) },
            GatewayEventNames.MessageDelete => Direct(ref data, Json.MessageDeleteEvent),
            GatewayEventNames.MessageDeleteBulk => Direct(ref data, Json.MessageDeleteBulkEvent),
            GatewayEventNames.MessageReactionAdd => Direct(ref data, Json.MessageReactionAddEvent),
            GatewayEventNames.MessageReactionRemove => Direct(ref data, Json.MessageReactionRemoveEvent),
            GatewayEventNames.InteractionCreate => new InteractionCreateEvent { Interaction = InteractionReader.Interaction(ref data) },
            GatewayEventNames.GuildScheduledEventUserAdd => Direct(ref data, Json.GuildScheduledEventUserAddEvent),
            GatewayEventNames.GuildScheduledEventUserRemove => Direct(ref data, Json.GuildScheduledEventUserRemoveEvent),
            GatewayEventNames.InviteCreate => Direct(ref data, Json.InviteCreateEvent),
            GatewayEventNames.InviteDelete => Direct(ref data, Json.InviteDeleteEvent),
            GatewayEventNames.MessagePollVoteAdd => Direct(ref data, Json.MessagePollVoteEvent) with { Added = true },
            GatewayEventNames.MessagePollVoteRemove => Direct(ref data, Json.MessagePollVoteEvent),
            GatewayEventNames.GuildMembersChunk => Direct(ref data, Json.GuildMembersChunkEvent),
            GatewayEventNames.RateLimited => Direct(ref data, Json.RateLimitedEvent),
            _ => new UnknownDispatchEvent { Data = JsonElement.ParseValue(ref data) },
        };
        // The envelope facts are init-only on the public records; `with` makes one shallow copy.
        return decoded with { Name = name, Sequence = sequence, ShardId = shardId, ReceivedAt = System.Diagnostics.Stopwatch.GetTimestamp() };
    }

    public static UnknownDispatchEvent Unknown(ReadOnlySpan<byte> data, string name = "", int sequence = 0, int shardId = 0) => new()
    {
        // Deserialising a JsonElement yields a standalone copy, safe after the receive buffer is reused.
        Data = data.IsEmpty ? default : JsonSerializer.Deserialize(data, Json.JsonElement),
        Name = name,
        Sequence = sequence,
        ShardId = shardId,
        ReceivedAt = System.Diagnostics.Stopwatch.GetTimestamp(),
    };

    private static T Direct<T>(ref Utf8JsonReader data, JsonTypeInfo<T> typeInfo) =>
        JsonSerializer.Deserialize(ref data, typeInfo) ?? throw new JsonException($"Dispatch data for {typeof(T).Name} was null.");

    private static T Skipped<T>(ref Utf8JsonReader data, T value)
    {
        data.Skip();
        return value;
    }

    /// <summary>GE § Guild Create: a guild object with extra fields flattened in; read both views of the same bytes.</summary>
    private static GuildCreateEvent DecodeGuildCreate(ref Utf8JsonReader data)
    {
        var copy = data; // the reader is a struct: a copy reads the same value again
        var guild = Direct(ref copy, Json.Guild);
        var extras = Direct(ref data, Json.GuildCreateExtras);
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
}
