using System.Text.Json;
using CommunityBot.Discord.Models;
using static CommunityBot.Discord.Json.Wire.WireReader;

namespace CommunityBot.Discord.Json.Wire;

/// <summary>Hand-written readers for <see cref="User"/>, <see cref="GuildMember"/> and <see cref="Role"/> (see <see cref="WireReader"/>).</summary>
internal static class MemberReaders
{
    public static readonly ValueReader<User> UserValue = User;
    public static readonly ValueReader<GuildMember> MemberValue = (ref Utf8JsonReader reader) => Member(ref reader, out _);
    public static readonly ValueReader<Role> RoleValue = Role;

    public static User? NullableUser(ref Utf8JsonReader reader) =>
        reader.TokenType == JsonTokenType.Null ? null : User(ref reader);

    public static User User(ref Utf8JsonReader reader)
    {
        ExpectObject(ref reader, "a user");
        ulong id = 0;
        string username = "";
        string? globalName = null, discriminator = null, avatar = null;
        bool? bot = null;
        while (NextInObject(ref reader))
        {
            var name = NextProperty(ref reader);
            var field = reader;
            try
            {
                if (name.SequenceEqual("id"u8)) id = Snowflake(ref reader);
                else if (name.SequenceEqual("username"u8)) username = String(ref reader);
                else if (name.SequenceEqual("global_name"u8)) globalName = NullableString(ref reader);
                else if (name.SequenceEqual("avatar"u8)) avatar = NullableString(ref reader);
                else if (name.SequenceEqual("discriminator"u8)) discriminator = NullableString(ref reader);
                else if (name.SequenceEqual("bot"u8)) bot = NullableBool(ref reader);
                else reader.Skip();
            }
            catch (Exception e) when (WireTolerance.IsShapeError(e) && !WireTolerance.IsEssential(name, ["id"]))
            {
                reader = field;
                reader.Skip();
                WireTolerance.Skipped("User", name, e);
            }
        }
        return new User { Id = id, Username = username, GlobalName = globalName, Discriminator = discriminator, Avatar = avatar, Bot = bot };
    }

    public static GuildMember? NullableMember(ref Utf8JsonReader reader) =>
        reader.TokenType == JsonTokenType.Null ? null : Member(ref reader, out _);

    /// <summary>A guild member; GUILD_MEMBER_ADD/UPDATE flatten a <c>guild_id</c> into it, returned on the side.</summary>
    public static GuildMember Member(ref Utf8JsonReader reader, out ulong guildId)
    {
        ExpectObject(ref reader, "a guild member");
        guildId = 0;
        User? user = null;
        string? nick = null;
        ulong[] roles = [];
        DateTimeOffset? joinedAt = null, communicationDisabledUntil = null;
        bool? pending = null;
        ulong? permissions = null;
        int? flags = null;
        while (NextInObject(ref reader))
        {
            var name = NextProperty(ref reader);
            var field = reader;
            try
            {
                if (name.SequenceEqual("user"u8)) user = NullableUser(ref reader);
                else if (name.SequenceEqual("roles"u8)) roles = SnowflakeArray(ref reader) ?? [];
                else if (name.SequenceEqual("nick"u8)) nick = NullableString(ref reader);
                else if (name.SequenceEqual("joined_at"u8)) joinedAt = NullableTimestamp(ref reader);
                else if (name.SequenceEqual("pending"u8)) pending = NullableBool(ref reader);
                else if (name.SequenceEqual("permissions"u8)) permissions = NullableSnowflake(ref reader);
                else if (name.SequenceEqual("communication_disabled_until"u8)) communicationDisabledUntil = NullableTimestamp(ref reader);
                else if (name.SequenceEqual("flags"u8)) flags = NullableInt(ref reader);
                else if (name.SequenceEqual("guild_id"u8)) guildId = Snowflake(ref reader);
                else reader.Skip();
            }
            catch (Exception e) when (WireTolerance.IsShapeError(e) && !WireTolerance.IsEssential(name, ["user"]))
            {
                reader = field;
                reader.Skip();
                WireTolerance.Skipped("Member", name, e);
            }
        }
        return new GuildMember
        {
            User = user, Nick = nick, Roles = roles, JoinedAt = joinedAt, Pending = pending,
            Permissions = permissions, CommunicationDisabledUntil = communicationDisabledUntil, Flags = flags,
        };
    }

    public static Role Role(ref Utf8JsonReader reader)
    {
        ExpectObject(ref reader, "a role");
        ulong id = 0, permissions = 0;
        string name = "";
        int position = 0, color = 0;
        var managed = false;
        while (NextInObject(ref reader))
        {
            var property = NextProperty(ref reader);
            var field = reader;
            try
            {
                if (property.SequenceEqual("id"u8)) id = Snowflake(ref reader);
                else if (property.SequenceEqual("name"u8)) name = String(ref reader);
                else if (property.SequenceEqual("position"u8)) position = Int(ref reader);
                else if (property.SequenceEqual("permissions"u8)) permissions = Snowflake(ref reader);
                else if (property.SequenceEqual("color"u8)) color = Int(ref reader);
                else if (property.SequenceEqual("managed"u8)) managed = Bool(ref reader);
                else reader.Skip();
            }
            catch (Exception e) when (WireTolerance.IsShapeError(e) && !WireTolerance.IsEssential(property, ["id"]))
            {
                reader = field;
                reader.Skip();
                WireTolerance.Skipped("Role", property, e);
            }
        }
        return new Role { Id = id, Name = name, Position = position, Permissions = permissions, Color = color, Managed = managed };
    }
}
