using System.Text.Json;
using CommunityBot.Discord.Models;
using static CommunityBot.Discord.Json.Wire.WireReader;

namespace CommunityBot.Discord.Json.Wire;

/// <summary>Hand-written reader for <see cref="Interaction"/> and its data (see <see cref="WireReader"/>).</summary>
internal static class InteractionReader
{
    private static readonly DiscordJsonContext Contracts = DiscordJsonContext.Default;
    private static readonly ValueReader<InteractionDataOption> OptionValue = Option;

    public static Interaction Interaction(ref Utf8JsonReader reader)
    {
        ExpectObject(ref reader, "an interaction");
        ulong id = 0, applicationId = 0;
        int type = 0, version = 1;
        InteractionData? data = null;
        ulong? guildId = null, channelId = null, appPermissions = null;
        Channel? channel = null;
        GuildMember? member = null;
        User? user = null;
        string token = "";
        Message? message = null;
        string? locale = null, guildLocale = null;
        while (NextInObject(ref reader))
        {
            var name = NextProperty(ref reader);
            var field = reader;
            try
            {
                if (name.SequenceEqual("id"u8)) id = Snowflake(ref reader);
                else if (name.SequenceEqual("application_id"u8)) applicationId = Snowflake(ref reader);
                else if (name.SequenceEqual("type"u8)) type = Int(ref reader);
                else if (name.SequenceEqual("data"u8)) data = reader.TokenType == JsonTokenType.Null ? null : Data(ref reader);
                else if (name.SequenceEqual("guild_id"u8)) guildId = NullableSnowflake(ref reader);
                else if (name.SequenceEqual("channel_id"u8)) channelId = NullableSnowflake(ref reader);
                else if (name.SequenceEqual("channel"u8)) channel = reader.TokenType == JsonTokenType.Null ? null : MessageReader.Channel(ref reader);
                else if (name.SequenceEqual("member"u8)) member = MemberReaders.NullableMember(ref reader);
                else if (name.SequenceEqual("user"u8)) user = MemberReaders.NullableUser(ref reader);
                else if (name.SequenceEqual("token"u8)) token = String(ref reader);
                else if (name.SequenceEqual("version"u8)) version = Int(ref reader, fallback: 1);
                else if (name.SequenceEqual("message"u8)) message = reader.TokenType == JsonTokenType.Null ? null : MessageReader.Message(ref reader);
                else if (name.SequenceEqual("app_permissions"u8)) appPermissions = NullableSnowflake(ref reader);
                else if (name.SequenceEqual("locale"u8)) locale = NullableString(ref reader);
                else if (name.SequenceEqual("guild_locale"u8)) guildLocale = NullableString(ref reader);
                else reader.Skip();
            }
            catch (Exception e) when (WireTolerance.IsShapeError(e) && !WireTolerance.IsEssential(name, ["id", "type", "token", "application_id"]))
            {
                reader = field;
                reader.Skip();
                WireTolerance.Skipped("Interaction", name, e);
            }
        }
        return new Interaction
        {
            Id = id, ApplicationId = applicationId, Type = type, Data = data, GuildId = guildId, ChannelId = channelId,
            Channel = channel, Member = member, User = user, Token = token, Version = version, Message = message,
            AppPermissions = appPermissions, Locale = locale, GuildLocale = guildLocale,
        };
    }

    private static InteractionData Data(ref Utf8JsonReader reader)
    {
        ExpectObject(ref reader, "interaction data");
        ulong? id = null, guildId = null, targetId = null;
        string? name = null, customId = null;
        int? type = null, componentType = null;
        ResolvedData? resolved = null;
        InteractionDataOption[]? options = null;
        string[]? values = null;
        Component[]? components = null;
        while (NextInObject(ref reader))
        {
            var property = NextProperty(ref reader);
            var field = reader;
            try
            {
                if (property.SequenceEqual("id"u8)) id = NullableSnowflake(ref reader);
                else if (property.SequenceEqual("name"u8)) name = NullableString(ref reader);
                else if (property.SequenceEqual("type"u8)) type = NullableInt(ref reader);
                else if (property.SequenceEqual("options"u8)) options = Array(ref reader, OptionValue);
                else if (property.SequenceEqual("resolved"u8)) resolved = reader.TokenType == JsonTokenType.Null ? null : Resolved(ref reader);
                else if (property.SequenceEqual("custom_id"u8)) customId = NullableString(ref reader);
                else if (property.SequenceEqual("component_type"u8)) componentType = NullableInt(ref reader);
                else if (property.SequenceEqual("values"u8)) values = StringArray(ref reader);
                else if (property.SequenceEqual("components"u8)) components = ArrayViaContract(ref reader, Contracts.ComponentArray);
                else if (property.SequenceEqual("guild_id"u8)) guildId = NullableSnowflake(ref reader);
                else if (property.SequenceEqual("target_id"u8)) targetId = NullableSnowflake(ref reader);
                else reader.Skip();
            }
            catch (Exception e) when (WireTolerance.IsShapeError(e) && !WireTolerance.IsEssential(property, ["custom_id", "name", "id"]))
            {
                reader = field;
                reader.Skip();
                WireTolerance.Skipped("Data", property, e);
            }
        }
        return new InteractionData
        {
            Id = id, Name = name, Type = type, Resolved = resolved, Options = options, GuildId = guildId, TargetId = targetId,
            CustomId = customId, ComponentType = componentType, Values = values, Components = components,
        };
    }

    private static InteractionDataOption Option(ref Utf8JsonReader reader)
    {
        ExpectObject(ref reader, "a command option");
        string name = "";
        int type = 0;
        JsonElement? value = null;
        InteractionDataOption[]? options = null;
        bool? focused = null;
        while (NextInObject(ref reader))
        {
            var property = NextProperty(ref reader);
            var field = reader;
            try
            {
                if (property.SequenceEqual("name"u8)) name = String(ref reader);
                else if (property.SequenceEqual("type"u8)) type = Int(ref reader);
                // string, integer, number or boolean: kept as a standalone element, read by the option's declared type.
                else if (property.SequenceEqual("value"u8)) value = reader.TokenType == JsonTokenType.Null ? null : JsonElement.ParseValue(ref reader);
                else if (property.SequenceEqual("options"u8)) options = Array(ref reader, OptionValue);
                else if (property.SequenceEqual("focused"u8)) focused = NullableBool(ref reader);
                else reader.Skip();
            }
            catch (Exception e) when (WireTolerance.IsShapeError(e) && !WireTolerance.IsEssential(property, ["name", "type"]))
            {
                reader = field;
                reader.Skip();
                WireTolerance.Skipped("Option", property, e);
            }
        }
        return new InteractionDataOption { Name = name, Type = type, Value = value, Options = options, Focused = focused };
    }

    private static ResolvedData Resolved(ref Utf8JsonReader reader)
    {
        ExpectObject(ref reader, "resolved data");
        Dictionary<ulong, User>? users = null;
        Dictionary<ulong, GuildMember>? members = null;
        Dictionary<ulong, Role>? roles = null;
        Dictionary<ulong, Channel>? channels = null;
        Dictionary<ulong, Message>? messages = null;
        Dictionary<ulong, Attachment>? attachments = null;
        while (NextInObject(ref reader))
        {
            var name = NextProperty(ref reader);
            var field = reader;
            try
            {
                if (name.SequenceEqual("users"u8)) users = SnowflakeMap(ref reader, MemberReaders.UserValue);
                else if (name.SequenceEqual("members"u8)) members = SnowflakeMap(ref reader, MemberReaders.MemberValue);
                else if (name.SequenceEqual("roles"u8)) roles = SnowflakeMap(ref reader, MemberReaders.RoleValue);
                else if (name.SequenceEqual("channels"u8)) channels = SnowflakeMap(ref reader, MessageReader.ChannelValue);
                else if (name.SequenceEqual("messages"u8)) messages = SnowflakeMap(ref reader, MessageReader.MessageValue);
                else if (name.SequenceEqual("attachments"u8)) attachments = SnowflakeMap(ref reader, MessageReader.AttachmentValue);
                else reader.Skip();
            }
            catch (Exception e) when (WireTolerance.IsShapeError(e) && !WireTolerance.IsEssential(name, []))
            {
                reader = field;
                reader.Skip();
                WireTolerance.Skipped("Resolved", name, e);
            }
        }
        return new ResolvedData { Users = users, Members = members, Roles = roles, Channels = channels, Messages = messages, Attachments = attachments };
    }
}
