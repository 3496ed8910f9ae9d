using System.Text.Json;
using CommunityBot.Discord.Models;
using static CommunityBot.Discord.Json.Wire.WireReader;

namespace CommunityBot.Discord.Json.Wire;

/// <summary>
/// Hand-written reader for <see cref="Message"/> and the small records inside it (see <see cref="WireReader"/>).
/// Embeds, components, reactions and polls go through the source-generated contracts: they are rarer on
/// members' messages and their shapes are wide.
/// </summary>
internal static class MessageReader
{
    private static readonly DiscordJsonContext Contracts = DiscordJsonContext.Default;

    public static readonly ValueReader<Message> MessageValue = Message;
    public static readonly ValueReader<Channel> ChannelValue = Channel;
    public static readonly ValueReader<Attachment> AttachmentValue = Attachment;

    public static Message Message(ref Utf8JsonReader reader)
    {
        ExpectObject(ref reader, "a message");
        ulong id = 0, channelId = 0;
        ulong? guildId = null, webhookId = null;
        User? author = null;
        GuildMember? member = null;
        string content = "";
        string? nonce = null;
        DateTimeOffset timestamp = default;
        DateTimeOffset? editedTimestamp = null;
        int type = 0;
        int? flags = null;
        var mentionEveryone = false;
        User[] mentions = [];
        ulong[] mentionRoles = [];
        Embed[] embeds = [];
        Component[] components = [];
        Attachment[] attachments = [];
        Reaction[]? reactions = null;
        MessageReference? reference = null;
        Message? referenced = null;
        Poll? poll = null;
        Channel? thread = null;
        while (NextInObject(ref reader))
        {
            var name = NextProperty(ref reader);
            var field = reader;
            try
            {
                if (name.SequenceEqual("id"u8)) id = Snowflake(ref reader);
                else if (name.SequenceEqual("channel_id"u8)) channelId = Snowflake(ref reader);
                else if (name.SequenceEqual("guild_id"u8)) guildId = NullableSnowflake(ref reader);
                else if (name.SequenceEqual("author"u8)) author = MemberReaders.NullableUser(ref reader);
                else if (name.SequenceEqual("member"u8)) member = MemberReaders.NullableMember(ref reader);
                else if (name.SequenceEqual("content"u8)) content = String(ref reader);
                else if (name.SequenceEqual("timestamp"u8)) timestamp = Timestamp(ref reader);
                else if (name.SequenceEqual("edited_timestamp"u8)) editedTimestamp = NullableTimestamp(ref reader);
                else if (name.SequenceEqual("type"u8)) type = Int(ref reader);
                else if (name.SequenceEqual("flags"u8)) flags = NullableInt(ref reader);
                else if (name.SequenceEqual("mention_everyone"u8)) mentionEveryone = Bool(ref reader);
                else if (name.SequenceEqual("mentions"u8)) mentions = Array(ref reader, MemberReaders.UserValue) ?? [];
                else if (name.SequenceEqual("mention_roles"u8)) mentionRoles = SnowflakeArray(ref reader) ?? [];
                else if (name.SequenceEqual("embeds"u8)) embeds = ArrayViaContract(ref reader, Contracts.EmbedArray) ?? [];
                else if (name.SequenceEqual("components"u8)) components = ArrayViaContract(ref reader, Contracts.ComponentArray) ?? [];
                else if (name.SequenceEqual("attachments"u8)) attachments = Array(ref reader, AttachmentValue) ?? [];
                else if (name.SequenceEqual("reactions"u8)) reactions = ArrayViaContract(ref reader, Contracts.ReactionArray);
                else if (name.SequenceEqual("message_reference"u8)) reference = NullableReference(ref reader);
                else if (name.SequenceEqual("referenced_message"u8)) referenced = reader.TokenType == JsonTokenType.Null ? null : Message(ref reader);
                else if (name.SequenceEqual("nonce"u8)) nonce = StringOrNumber(ref reader);
                else if (name.SequenceEqual("webhook_id"u8)) webhookId = NullableSnowflake(ref reader);
                else if (name.SequenceEqual("poll"u8)) poll = ViaContract(ref reader, Contracts.Poll);
                else if (name.SequenceEqual("thread"u8)) thread = reader.TokenType == JsonTokenType.Null ? null : Channel(ref reader);
                else reader.Skip();
            }
            catch (Exception e) when (WireTolerance.IsShapeError(e) && !WireTolerance.IsEssential(name, ["id", "channel_id"]))
            {
                reader = field;
                reader.Skip();
                WireTolerance.Skipped("Message", name, e);
            }
        }
        return new Message
        {
            Id = id, ChannelId = channelId, GuildId = guildId, Author = author, Member = member, Content = content,
            Timestamp = timestamp, EditedTimestamp = editedTimestamp, Type = type, Flags = flags,
            MentionEveryone = mentionEveryone, Mentions = mentions, MentionRoles = mentionRoles, Embeds = embeds,
            Components = components, Attachments = attachments, Reactions = reactions, MessageReference = reference,
            ReferencedMessage = referenced, Nonce = nonce, WebhookId = webhookId, Poll = poll, Thread = thread,
        };
    }

    public static Channel Channel(ref Utf8JsonReader reader)
    {
        ExpectObject(ref reader, "a channel");
        ulong id = 0;
        int type = 0;
        ulong? guildId = null, parentId = null, ownerId = null;
        string? name = null, topic = null;
        int? position = null;
        User[]? recipients = null;
        while (NextInObject(ref reader))
        {
            var property = NextProperty(ref reader);
            var field = reader;
            try
            {
                if (property.SequenceEqual("id"u8)) id = Snowflake(ref reader);
                else if (property.SequenceEqual("type"u8)) type = Int(ref reader);
                else if (property.SequenceEqual("guild_id"u8)) guildId = NullableSnowflake(ref reader);
                else if (property.SequenceEqual("name"u8)) name = NullableString(ref reader);
                else if (property.SequenceEqual("parent_id"u8)) parentId = NullableSnowflake(ref reader);
                else if (property.SequenceEqual("owner_id"u8)) ownerId = NullableSnowflake(ref reader);
                else if (property.SequenceEqual("position"u8)) position = NullableInt(ref reader);
                else if (property.SequenceEqual("topic"u8)) topic = NullableString(ref reader);
                else if (property.SequenceEqual("recipients"u8)) recipients = Array(ref reader, MemberReaders.UserValue);
                else reader.Skip();
            }
            catch (Exception e) when (WireTolerance.IsShapeError(e) && !WireTolerance.IsEssential(property, ["id"]))
            {
                reader = field;
                reader.Skip();
                WireTolerance.Skipped("Channel", property, e);
            }
        }
        return new Channel
        {
            Id = id, Type = type, GuildId = guildId, Name = name, ParentId = parentId, OwnerId = ownerId,
            Position = position, Topic = topic, Recipients = recipients,
        };
    }

    public static Attachment Attachment(ref Utf8JsonReader reader)
    {
        ExpectObject(ref reader, "an attachment");
        ulong id = 0;
        string filename = "", url = "";
        string? contentType = null, description = null;
        int size = 0;
        while (NextInObject(ref reader))
        {
            var name = NextProperty(ref reader);
            var field = reader;
            try
            {
                if (name.SequenceEqual("id"u8)) id = Snowflake(ref reader);
                else if (name.SequenceEqual("filename"u8)) filename = String(ref reader);
                else if (name.SequenceEqual("size"u8)) size = Int(ref reader);
                else if (name.SequenceEqual("url"u8)) url = String(ref reader);
                else if (name.SequenceEqual("content_type"u8)) contentType = NullableString(ref reader);
                else if (name.SequenceEqual("description"u8)) description = NullableString(ref reader);
                else reader.Skip();
            }
            catch (Exception e) when (WireTolerance.IsShapeError(e) && !WireTolerance.IsEssential(name, ["id"]))
            {
                reader = field;
                reader.Skip();
                WireTolerance.Skipped("Attachment", name, e);
            }
        }
        return new Attachment { Id = id, Filename = filename, Size = size, Url = url, ContentType = contentType, Description = description };
    }

    private static MessageReference? NullableReference(ref Utf8JsonReader reader)
    {
        if (reader.TokenType == JsonTokenType.Null) return null;
        ExpectObject(ref reader, "a message reference");
        ulong? messageId = null, channelId = null, guildId = null;
        bool? failIfNotExists = null;
        while (NextInObject(ref reader))
        {
            var name = NextProperty(ref reader);
            var field = reader;
            try
            {
                if (name.SequenceEqual("message_id"u8)) messageId = NullableSnowflake(ref reader);
                else if (name.SequenceEqual("channel_id"u8)) channelId = NullableSnowflake(ref reader);
                else if (name.SequenceEqual("guild_id"u8)) guildId = NullableSnowflake(ref reader);
                else if (name.SequenceEqual("fail_if_not_exists"u8)) failIfNotExists = NullableBool(ref reader);
                else reader.Skip();
            }
            catch (Exception e) when (WireTolerance.IsShapeError(e) && !WireTolerance.IsEssential(name, []))
            {
                reader = field;
                reader.Skip();
                WireTolerance.Skipped("Reference", name, e);
            }
        }
        return new MessageReference { MessageId = messageId, ChannelId = channelId, GuildId = guildId, FailIfNotExists = failIfNotExists };
    }
}
