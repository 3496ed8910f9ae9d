using System.Text.Json.Nodes;

namespace CommunityBot.StandIn.Rest.Routes;

/// <summary>GLD: the guild, its roles, channels and invites.</summary>
internal static class GuildRoutes
{
    public static void Map(RouteTable<RouteDefinition> routes)
    {
        routes.Add("GET", "/guilds/{guild_id}", new(r =>
        {
            var guild = r.Guild();
            var o = Payloads.Guild(r.Core, guild);
            if (r.QueryBool("with_counts"))
            {
                o["approximate_member_count"] = guild.Members.Count;
                o["approximate_presence_count"] = 0;
            }
            return RestResult.Ok(o);
        }));
        routes.Add("GET", "/guilds/{guild_id}/roles", new(r =>
            RestResult.Ok(new JsonArray(r.Guild().Roles.Values.OrderBy(x => x.Position).Select(x => (JsonNode?)Payloads.Role(x)).ToArray()))));
        routes.Add("GET", "/guilds/{guild_id}/channels", new(r =>
        {
            var guild = r.Guild();
            var channels = guild.ChannelIds.Select(id => r.Core.Channels[id]).Where(c => !c.IsThread);
            return RestResult.Ok(new JsonArray(channels.Select(c => (JsonNode?)Payloads.Channel(r.Core, c)).ToArray()));
        }));
        routes.Add("GET", "/guilds/{guild_id}/invites", new(r =>
        {
            var guild = r.Guild();
            r.RequireBot(guild, Permissions.ManageGuild);
            return RestResult.Ok(new JsonArray(guild.Invites.Values.Select(i => (JsonNode?)Payloads.Invite(r.Core, i)).ToArray()));
        }));
    }
}
