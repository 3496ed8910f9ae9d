using System.Text.Json;

namespace CommunityBot.Discord.Gateway;

/// <summary>
/// The envelope of one received gateway message (GE § Payload Structure: <c>{op, d, s, t}</c>), read in a
/// single forward pass. <c>d</c> is kept as a byte range so it can be decoded straight into the typed
/// event without building a DOM; <c>t</c> is mapped onto interned names so known events allocate nothing here.
/// </summary>
internal readonly struct GatewayFrame
{
    public int Op { get; private init; }
    public int? Sequence { get; private init; }
    public string? EventName { get; private init; }
    private readonly int _dataStart;
    private readonly int _dataLength;

    public ReadOnlySpan<byte> Data(ReadOnlySpan<byte> message) => message.Slice(_dataStart, _dataLength);
    public ReadOnlyMemory<byte> Data(ReadOnlyMemory<byte> message) => message.Slice(_dataStart, _dataLength);
    public bool HasData => _dataLength > 0;

    /// <summary>
    /// The typed event, when <see cref="Parse"/> was asked to decode and <c>t</c> came before <c>d</c>
    /// (Discord's order): then <c>d</c> is decoded in the same pass instead of being read twice.
    /// </summary>
    public GatewayEvent? Dispatch { get; private init; }

    /// <summary>Why the dispatch's <c>d</c> could not be decoded (the payload itself was valid JSON).</summary>
    public Exception? DecodeError { get; private init; }

    private GatewayFrame(int op, int? sequence, string? eventName, int dataStart, int dataLength)
    {
        Op = op;
        Sequence = sequence;
        EventName = eventName;
        _dataStart = dataStart;
        _dataLength = dataLength;
    }

    /// <exception cref="JsonException">The message is not a JSON object with an <c>op</c>.</exception>
    public static GatewayFrame Parse(ReadOnlySpan<byte> message, bool decodeDispatch = false, int shardId = 0)
    {
        var reader = new Utf8JsonReader(message, new JsonReaderOptions { MaxDepth = 256 });
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject) throw new JsonException("A gateway payload must be a JSON object.");
        int? op = null;
        int? sequence = null;
        string? name = null;
        int dataStart = 0, dataLength = 0;
        GatewayEvent? dispatch = null;
        Exception? decodeError = null;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("op"u8))
            {
                reader.Read();
                op = reader.GetInt32();
            }
            else if (reader.ValueTextEquals("s"u8))
            {
                reader.Read();
                sequence = reader.TokenType == JsonTokenType.Null ? null : reader.GetInt32();
            }
            else if (reader.ValueTextEquals("t"u8))
            {
                reader.Read();
                name = reader.TokenType == JsonTokenType.Null ? null : GatewayEventNames.Intern(ref reader);
            }
            else if (reader.ValueTextEquals("d"u8))
            {
                reader.Read();
                dataStart = (int)reader.TokenStartIndex;
                if (decodeDispatch && name is not null && reader.TokenType != JsonTokenType.Null)
                {
                    var start = reader;
                    try
                    {
                        dispatch = DispatchDecoder.Decode(name, sequence ?? 0, shardId, ref reader);
                    }
                    catch (Exception ex) when (DispatchDecoder.IsDecodeFailure(ex))
                    {
                        reader = start; // valid JSON of the wrong shape: keep the bytes, report the reason
                        reader.Skip();
                        decodeError = ex;
                    }
                }
                else reader.Skip();
                dataLength = (int)reader.BytesConsumed - dataStart;
            }
            else
            {
                reader.Read();
                reader.Skip();
            }
        }
        if (dispatch is not null && dispatch.Sequence != (sequence ?? 0)) dispatch = dispatch with { Sequence = sequence ?? 0 };
        return new GatewayFrame(op ?? throw new JsonException("A gateway payload needs an op."), sequence, name, dataStart, dataLength)
        {
            Dispatch = dispatch,
            DecodeError = decodeError,
        };
    }
}

/// <summary>The dispatch names we decode (GE § Receive Events); interned so reading <c>t</c> does not allocate.</summary>
internal static class GatewayEventNames
{
    public const string Ready = "READY";
    public const string Resumed = "RESUMED";
    public const string GuildCreate = "GUILD_CREATE";
    public const string GuildDelete = "GUILD_DELETE";
    public const string GuildMemberAdd = "GUILD_MEMBER_ADD";
    public const string GuildMemberUpdate = "GUILD_MEMBER_UPDATE";
    public const string GuildMemberRemove = "GUILD_MEMBER_REMOVE";
    public const string MessageCreate = "MESSAGE_CREATE";
    public const string MessageUpdate = "MESSAGE_UPDATE";
    public const string MessageDelete = "MESSAGE_DELETE";
    public const string MessageDeleteBulk = "MESSAGE_DELETE_BULK";
    public const string MessageReactionAdd = "MESSAGE_REACTION_ADD";
    public const string MessageReactionRemove = "MESSAGE_REACTION_REMOVE";
    public const string InteractionCreate = "INTERACTION_CREATE";
    public const string GuildScheduledEventUserAdd = "GUILD_SCHEDULED_EVENT_USER_ADD";
    public const string GuildScheduledEventUserRemove = "GUILD_SCHEDULED_EVENT_USER_REMOVE";
    public const string InviteCreate = "INVITE_CREATE";
    public const string InviteDelete = "INVITE_DELETE";
    public const string MessagePollVoteAdd = "MESSAGE_POLL_VOTE_ADD";
    public const string MessagePollVoteRemove = "MESSAGE_POLL_VOTE_REMOVE";
    public const string GuildMembersChunk = "GUILD_MEMBERS_CHUNK";
    public const string RateLimited = "RATE_LIMITED";

    private static readonly string[] Known =
    [
        Ready, Resumed, GuildCreate, GuildDelete, GuildMemberAdd, GuildMemberUpdate, GuildMemberRemove,
        MessageCreate, MessageUpdate, MessageDelete, MessageDeleteBulk, MessageReactionAdd, MessageReactionRemove,
        InteractionCreate, GuildScheduledEventUserAdd, GuildScheduledEventUserRemove, InviteCreate, InviteDelete,
        MessagePollVoteAdd, MessagePollVoteRemove,
        GuildMembersChunk, RateLimited,
    ];

    private static readonly byte[][] KnownUtf8 = Known.Select(System.Text.Encoding.UTF8.GetBytes).ToArray();

    public static string Intern(ref Utf8JsonReader reader)
    {
        if (!reader.ValueIsEscaped && !reader.HasValueSequence)
        {
            for (var i = 0; i < KnownUtf8.Length; i++)
                if (reader.ValueSpan.SequenceEqual(KnownUtf8[i])) return Known[i];
        }
        return reader.GetString()!;
    }
}
