using System.Collections.Immutable;
using System.Text.Json.Nodes;

namespace CommunityBot.StandIn.Rest.Routes;

/// <summary>AC § Bulk Overwrite / Get Global and Guild Application Commands.</summary>
internal static class CommandRoutes
{
    public static void Map(RouteTable<RouteDefinition> routes)
    {
        routes.Add("GET", "/applications/{application_id}/commands", new(r => List(r, 0)));
        routes.Add("PUT", "/applications/{application_id}/commands", new(r => Overwrite(r, 0)));
        routes.Add("GET", "/applications/{application_id}/guilds/{guild_id}/commands", new(r => List(r, r.Guild().Id)));
        routes.Add("PUT", "/applications/{application_id}/guilds/{guild_id}/commands", new(r => Overwrite(r, r.Guild().Id)));
    }

    private static void RequireOwnApplication(RestRequest r)
    {
        if (r.Id("application_id") != r.Core.ApplicationId) throw RestError.MissingAccess();
    }

    private static RestResult List(RestRequest r, ulong scope)
    {
        RequireOwnApplication(r);
        var commands = r.Core.Commands.GetValueOrDefault(scope, []);
        return RestResult.Ok(new JsonArray(commands.Select(c => (JsonNode?)Payloads.Command(r.Core, c)).ToArray()));
    }

    /// <summary>Replaces every command in the scope. A command keeps its id when its name and type survive (an upsert).</summary>
    private static RestResult Overwrite(RestRequest r, ulong scope)
    {
        RequireOwnApplication(r);
        if (r.Body is not JsonArray list) throw RestError.InvalidForm("_root", "Expected an array of commands.");
        if (list.Count > 200) throw RestError.InvalidForm("_root", "Must be 200 or fewer in length.");
        var existing = r.Core.Commands.GetValueOrDefault(scope, []);
        var result = ImmutableList.CreateBuilder<RegisteredCommand>();
        var seen = new HashSet<(string, int)>();
        for (var i = 0; i < list.Count; i++)
        {
            if (list[i] is not JsonObject definition) throw RestError.InvalidForm($"{i}", "Expected an object.");
            var name = Json.String(definition["name"]);
            var type = Json.Int(definition["type"]) ?? 1;
            if (string.IsNullOrEmpty(name) || name.Length > 32) throw RestError.InvalidForm($"{i}.name", "Must be between 1 and 32 in length.");
            if (type == 1 && (name != name.ToLowerInvariant() || name.Contains(' ')))
                throw RestError.InvalidForm($"{i}.name", "Command name is invalid");
            if (type == 1 && string.IsNullOrEmpty(Json.String(definition["description"])))
                throw RestError.InvalidForm($"{i}.description", "This field is required");
            if (type is 2 or 3 && !string.IsNullOrEmpty(Json.String(definition["description"])))
                throw RestError.InvalidForm($"{i}.description", "User and message commands cannot have a description");
            if (!seen.Add((name, type))) throw RestError.InvalidForm($"{i}.name", "Application command names must be unique");
            var id = existing.FirstOrDefault(c => c.Name == name && c.Type == type)?.Id ?? r.Core.Ids.Next();
            var clean = (JsonObject)definition.DeepClone();
            clean.Remove("id");
            result.Add(new RegisteredCommand(id, scope == 0 ? null : scope, name, type, Json.Element(clean)!.Value) { Version = r.Core.Ids.Next() });
        }
        var commands = result.ToImmutable();
        r.Core.Commands[scope] = commands;
        r.Core.BulkOverwrites[scope] = r.Core.BulkOverwrites.GetValueOrDefault(scope) + 1;
        r.Core.Notify(new StateChange(StateChangeKind.CommandsRegistered, scope == 0 ? null : scope));
        return RestResult.Ok(new JsonArray(commands.Select(c => (JsonNode?)Payloads.Command(r.Core, c)).ToArray()));
    }
}
