using System.Globalization;
using System.Text.Json.Nodes;

namespace CommunityBot.StandIn.Rest.Routes;

/// <summary>GSE: list, create, and the subscribers of guild scheduled events.</summary>
internal static class EventRoutes
{
    public static void Map(RouteTable<RouteDefinition> routes)
    {
        routes.Add("GET", "/guilds/{guild_id}/scheduled-events", new(r =>
        {
            var guild = r.Guild();
            var withCounts = r.QueryBool("with_user_count");
            return RestResult.Ok(new JsonArray(guild.ScheduledEvents.Values.Select(e =>
            {
                var o = Payloads.ScheduledEvent(r.Core, e);
                if (!withCounts) o.Remove("user_count");
                return (JsonNode?)o;
            }).ToArray()));
        }));
        routes.Add("POST", "/guilds/{guild_id}/scheduled-events", new(Create));
        routes.Add("GET", "/guilds/{guild_id}/scheduled-events/{guild_scheduled_event_id}", new(r =>
            RestResult.Ok(Payloads.ScheduledEvent(r.Core, Event(r)))));
        routes.Add("GET", "/guilds/{guild_id}/scheduled-events/{guild_scheduled_event_id}/users", new(Users));
    }

    private static StandInScheduledEvent Event(RestRequest r)
    {
        var guild = r.Guild();
        return ulong.TryParse(r.Param("guild_scheduled_event_id"), out var id) && guild.ScheduledEvents.TryGetValue(id, out var e)
            ? e
            : throw new RestError(404, 10070, "Unknown Guild Scheduled Event");
    }

    private static RestResult Create(RestRequest r)
    {
        var guild = r.Guild();
        r.RequireBot(guild, Permissions.CreateEvents);
        var body = r.Object;
        var name = Json.String(body["name"]);
        if (string.IsNullOrEmpty(name) || name.Length > 100) throw RestError.InvalidForm("name", "Must be between 1 and 100 in length.");
        var entityType = Json.Int(body["entity_type"]) ?? throw RestError.InvalidForm("entity_type", "This field is required");
        var start = Time(body["scheduled_start_time"], "scheduled_start_time") ?? throw RestError.InvalidForm("scheduled_start_time", "This field is required");
        if (start < DateTimeOffset.UtcNow) throw RestError.InvalidForm("scheduled_start_time", "Cannot schedule event in the past.");
        var end = Time(body["scheduled_end_time"], "scheduled_end_time");
        var location = Json.String(body["entity_metadata"]?["location"]);
        ulong? channelId = Json.Snowflake(body["channel_id"]);
        if (entityType == 3)
        {
            // GSE: EXTERNAL events need a location and an end time, and no channel.
            if (string.IsNullOrEmpty(location)) throw RestError.InvalidForm("entity_metadata.location", "This field is required");
            if (end is null) throw RestError.InvalidForm("scheduled_end_time", "This field is required");
        }
        else if (channelId is null || !guild.ChannelIds.Contains(channelId.Value))
            throw RestError.InvalidForm("channel_id", "This field is required");
        if (end is { } e && e <= start) throw RestError.InvalidForm("scheduled_end_time", "Must be after the start time.");
        var created = r.Core.AddScheduledEvent(new StandInScheduledEvent(0, guild.Id, name, entityType, start)
        {
            ChannelId = entityType == 3 ? null : channelId,
            CreatorId = r.Core.BotUser.Id,
            Description = Json.String(body["description"]),
            ScheduledEndTime = end,
            PrivacyLevel = Json.Int(body["privacy_level"]) ?? 2,
            Location = location,
        });
        return RestResult.Ok(Payloads.ScheduledEvent(r.Core, created));
    }

    private static DateTimeOffset? Time(JsonNode? node, string field)
    {
        if (node is null) return null;
        return Json.String(node) is { } s && DateTimeOffset.TryParse(s, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var t)
            ? t
            : throw RestError.InvalidForm(field, "Could not parse. Expected an ISO8601 timestamp.");
    }

    private static RestResult Users(RestRequest r)
    {
        var guild = r.Guild();
        var e = Event(r);
        var limit = Math.Clamp(r.QueryInt("limit") ?? 100, 1, 100);
        var after = r.QueryId("after") ?? 0;
        var withMember = r.QueryBool("with_member");
        var users = e.Subscribers.Where(id => id > after).OrderBy(id => id).Take(limit).Select(id =>
        {
            var o = new JsonObject
            {
                ["guild_scheduled_event_id"] = Json.Id(e.Id),
                ["user"] = Payloads.User(r.Core.Users[id]),
            };
            if (withMember && guild.Members.TryGetValue(id, out var m)) o["member"] = Payloads.Member(r.Core, m, withUser: false);
            return (JsonNode?)o;
        });
        return RestResult.Ok(new JsonArray(users.ToArray()));
    }
}
