using System.Globalization;
using System.Text.Json.Nodes;

namespace CommunityBot.StandIn;

/// <summary>
/// Where an interaction came from decides its shape (RR § Interaction Object): from a guild it carries
/// <c>guild_id</c> and <c>member</c> (with permissions); from the user's DM with the bot it carries <c>user</c>
/// instead, context BOT_DM and the fixed DM permission set.
/// </summary>
public sealed partial class DiscordStandIn
{
    private const int GuildContext = 0, BotDmContext = 1;

    /// <summary>
    /// RR: in a DM with the app's bot user, app_permissions adds ATTACH_FILES, EMBED_LINKS, MENTION_EVERYONE and
    /// USE_EXTERNAL_EMOJIS to what anyone may do in a DM (see, write, react, read the history).
    /// </summary>
    private const ulong BotDmPermissions = Permissions.ViewChannel | Permissions.SendMessages | Permissions.AddReactions
        | Permissions.ReadMessageHistory | Permissions.AttachFiles | Permissions.EmbedLinks | Permissions.MentionEveryone
        | Permissions.UseExternalEmojis;

    private JsonObject GuildSource(ulong guildId, StandInChannel channel, ulong userId)
    {
        var guild = _core.Guild(guildId);
        if (channel.GuildId != guildId)
            throw new ArgumentException(channel.Type == ChannelKinds.Dm
                ? $"Channel {channel.Id} is a DM; pass guildId null for components in DMs."
                : $"Channel {channel.Id} is not in guild {guildId}.");
        if (!guild.Members.TryGetValue(userId, out var member)) throw new InvalidOperationException($"User {userId} is not a member of guild {guildId}.");
        return new JsonObject
        {
            ["guild"] = new JsonObject { ["id"] = Json.Id(guildId), ["locale"] = guild.PreferredLocale, ["features"] = new JsonArray() },
            ["guild_id"] = Json.Id(guildId),
            ["member"] = Payloads.Member(_core, member, withUser: true, permissions: guild.PermissionsOf(userId)),
            ["app_permissions"] = guild.PermissionsOf(_core.BotUser.Id).ToString(CultureInfo.InvariantCulture),
            ["guild_locale"] = guild.PreferredLocale,
            ["authorizing_integration_owners"] = new JsonObject { ["0"] = Json.Id(guildId) },
            ["context"] = GuildContext,
        };
    }

    private JsonObject DmSource(StandInChannel channel, ulong userId)
    {
        if (channel.Type != ChannelKinds.Dm)
            throw new ArgumentException($"Channel {channel.Id} is in guild {channel.GuildId}; pass that guild's id.");
        if (channel.RecipientId != userId)
            throw new InvalidOperationException($"Channel {channel.Id} is the DM of user {channel.RecipientId}, not of user {userId}.");
        return new JsonObject
        {
            ["user"] = Payloads.User(_core.User(userId)),
            ["app_permissions"] = BotDmPermissions.ToString(CultureInfo.InvariantCulture),
            // RR § Authorizing Integration Owners: a guild install seen from the bot's DM maps to "0".
            ["authorizing_integration_owners"] = new JsonObject { ["0"] = "0" },
            ["context"] = BotDmContext,
        };
    }
}
