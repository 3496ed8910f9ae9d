using System.Globalization;
using System.Text.Json.Nodes;

namespace CommunityBot.StandIn.Rest.Routes;

/// <summary>GLD: members, their roles, timeouts, kicks and bans — with Discord's permission and hierarchy checks.</summary>
internal static class MemberRoutes
{
    private static readonly TimeSpan MaxTimeout = TimeSpan.FromDays(28);

    public static void Map(RouteTable<RouteDefinition> routes)
    {
        routes.Add("GET", "/guilds/{guild_id}/members/{user_id}", new(r =>
        {
            var guild = r.Guild();
            return RestResult.Ok(Payloads.Member(r.Core, Member(r, guild)));
        }));
        routes.Add("GET", "/guilds/{guild_id}/members", new(r =>
        {
            var guild = r.Guild();
            var limit = Math.Clamp(r.QueryInt("limit") ?? 1, 1, 1000);
            var after = r.QueryId("after") ?? 0;
            var members = guild.Members.Values.Where(m => m.UserId > after).OrderBy(m => m.UserId).Take(limit);
            return RestResult.Ok(new JsonArray(members.Select(m => (JsonNode?)Payloads.Member(r.Core, m)).ToArray()));
        }));
        routes.Add("PUT", "/guilds/{guild_id}/members/{user_id}/roles/{role_id}", new(r => ChangeRole(r, add: true)));
        routes.Add("DELETE", "/guilds/{guild_id}/members/{user_id}/roles/{role_id}", new(r => ChangeRole(r, add: false)));
        routes.Add("PATCH", "/guilds/{guild_id}/members/{user_id}", new(Modify));
        routes.Add("DELETE", "/guilds/{guild_id}/members/{user_id}", new(r =>
        {
            var guild = r.Guild();
            var member = Member(r, guild);
            r.RequireBot(guild, Permissions.KickMembers);
            r.RequireAbove(guild, member.UserId);
            r.Core.RemoveMember(guild.Id, member.UserId);
            return RestResult.NoContent;
        }));
        routes.Add("PUT", "/guilds/{guild_id}/bans/{user_id}", new(Ban));
        routes.Add("DELETE", "/guilds/{guild_id}/bans/{user_id}", new(r =>
        {
            var guild = r.Guild();
            r.RequireBot(guild, Permissions.BanMembers);
            return r.Core.Unban(guild.Id, r.Id("user_id")) ? RestResult.NoContent : throw RestError.UnknownBan();
        }));
        routes.Add("GET", "/guilds/{guild_id}/bans", new(r =>
        {
            var guild = r.Guild();
            r.RequireBot(guild, Permissions.BanMembers);
            return RestResult.Ok(new JsonArray(guild.Bans.Values.Select(b => (JsonNode?)BanJson(r.Core, b)).ToArray()));
        }));
        routes.Add("GET", "/guilds/{guild_id}/bans/{user_id}", new(r =>
        {
            var guild = r.Guild();
            r.RequireBot(guild, Permissions.BanMembers);
            return guild.Bans.TryGetValue(r.Id("user_id"), out var ban) ? RestResult.Ok(BanJson(r.Core, ban)) : throw RestError.UnknownBan();
        }));
    }

    private static StandInMember Member(RestRequest r, GuildState guild) =>
        guild.Members.TryGetValue(r.Id("user_id"), out var m) ? m : throw RestError.UnknownMember();

    private static JsonObject BanJson(StandInCore core, StandInBan ban) =>
        new() { ["reason"] = ban.Reason, ["user"] = Payloads.User(core.Users[ban.UserId]) };

    private static RestResult ChangeRole(RestRequest r, bool add)
    {
        var guild = r.Guild();
        var member = Member(r, guild);
        var roleId = r.Id("role_id");
        if (!guild.Roles.TryGetValue(roleId, out var role) || roleId == guild.Id) throw RestError.UnknownRole();
        r.RequireBot(guild, Permissions.ManageRoles);
        if (role.Managed || role.Position >= guild.HighestPosition(r.Core.BotUser.Id)) throw RestError.MissingPermissions();
        if (member.Roles.Contains(roleId) != add)
            r.Core.UpdateMember(guild.Id, member.UserId, m => m with { Roles = add ? m.Roles.Add(roleId) : m.Roles.Remove(roleId) });
        return RestResult.NoContent;
    }

    /// <summary>GLD § Modify Guild Member: every field optional and nullable; only present fields change.</summary>
    private static RestResult Modify(RestRequest r)
    {
        var guild = r.Guild();
        var member = Member(r, guild);
        var body = r.Object;
        var updated = member;
        if (body.ContainsKey("nick"))
        {
            r.RequireBot(guild, Permissions.ManageNicknames);
            if (member.UserId != r.Core.BotUser.Id) r.RequireAbove(guild, member.UserId);
            var nick = Json.String(body["nick"]);
            if (nick is { Length: > 32 }) throw RestError.InvalidForm("nick", "Must be 32 or fewer in length.");
            updated = updated with { Nick = string.IsNullOrEmpty(nick) ? null : nick };
        }
        if (body.ContainsKey("roles"))
        {
            r.RequireBot(guild, Permissions.ManageRoles);
            var roles = (body["roles"] as JsonArray)?.Select(Json.Snowflake).ToList() ?? [];
            if (roles.Any(id => id is null || !guild.Roles.ContainsKey(id.Value))) throw RestError.UnknownRole();
            updated = updated with { Roles = roles.Select(id => id!.Value).Where(id => id != guild.Id).Distinct().ToList().ToImmutableListSafe() };
        }
        if (body.ContainsKey("communication_disabled_until"))
        {
            r.RequireBot(guild, Permissions.ModerateMembers);
            // GLD: timing out an administrator or the owner is refused with 403.
            if (guild.IsAdministrator(member.UserId)) throw RestError.MissingPermissions();
            r.RequireAbove(guild, member.UserId);
            updated = updated with { CommunicationDisabledUntil = TimeoutUntil(body["communication_disabled_until"]) };
        }
        if (updated != member) r.Core.UpdateMember(guild.Id, member.UserId, _ => updated);
        return RestResult.Ok(Payloads.Member(r.Core, updated));
    }

    private static DateTimeOffset? TimeoutUntil(JsonNode? value)
    {
        if (value is null) return null;
        if (Json.String(value) is not { } text
            || !DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var until))
            throw RestError.InvalidForm("communication_disabled_until", "Could not parse. Expected an ISO8601 timestamp.");
        if (until - DateTimeOffset.UtcNow > MaxTimeout)
            throw RestError.InvalidForm("communication_disabled_until", "Cannot time out for longer than 28 days.");
        return until <= DateTimeOffset.UtcNow ? null : until;
    }

    private static RestResult Ban(RestRequest r)
    {
        var guild = r.Guild();
        var userId = r.Id("user_id");
        if (!r.Core.Users.ContainsKey(userId)) throw RestError.UnknownUser();
        r.RequireBot(guild, Permissions.BanMembers);
        if (guild.Members.ContainsKey(userId) || userId == guild.OwnerId) r.RequireAbove(guild, userId);
        var body = r.Body as JsonObject;
        var seconds = Json.Int(body?["delete_message_seconds"]) ?? (Json.Int(body?["delete_message_days"]) * 86400) ?? 0;
        if (seconds is < 0 or > 604800) throw RestError.InvalidForm("delete_message_seconds", "Must be between 0 and 604800.");
        r.Core.Ban(guild.Id, userId, r.AuditReason, seconds);
        return RestResult.NoContent;
    }

    private static System.Collections.Immutable.ImmutableList<ulong> ToImmutableListSafe(this List<ulong> list) =>
        System.Collections.Immutable.ImmutableList.CreateRange(list);
}
