using System.Text.Json.Nodes;

namespace CommunityBot.StandIn.Rest.Routes;

/// <summary>G § Get Gateway / Get Gateway Bot, and the bot's own user and application.</summary>
internal static class GatewayRoutes
{
    public static void Map(RouteTable<RouteDefinition> routes)
    {
        routes.Add("GET", "/gateway", new(r => RestResult.Ok(new JsonObject { ["url"] = GatewayUrl(r.Core) }), BotAuth: false));
        routes.Add("GET", "/gateway/bot", new(GatewayBot));
        routes.Add("GET", "/users/@me", new(r => RestResult.Ok(Payloads.User(r.Core.BotUser))));
        routes.Add("GET", "/applications/@me", new(Application));
        routes.Add("GET", "/oauth2/applications/@me", new(Application));
    }

    public static string GatewayUrl(StandInCore core) => core.BaseAddress.Replace("http://", "ws://", StringComparison.Ordinal) + "/gateway";

    private static RestResult GatewayBot(RestRequest r) => RestResult.Ok(new JsonObject
    {
        ["url"] = GatewayUrl(r.Core),
        ["shards"] = 1,
        ["session_start_limit"] = new JsonObject
        {
            ["total"] = 1000,
            ["remaining"] = Math.Max(0, 1000 - r.Core.Hub.IdentifyCount),
            ["reset_after"] = 86_400_000,
            ["max_concurrency"] = Math.Max(1, r.Core.Options.MaxConcurrency),
        },
    });

    private static RestResult Application(RestRequest r) => RestResult.Ok(new JsonObject
    {
        ["id"] = Json.Id(r.Core.ApplicationId),
        ["name"] = r.Core.BotUser.Username,
        ["icon"] = null,
        ["description"] = "",
        ["bot_public"] = false,
        ["bot_require_code_grant"] = false,
        ["verify_key"] = "0000000000000000000000000000000000000000000000000000000000000000",
        ["flags"] = 8953856,
        ["bot"] = Payloads.User(r.Core.BotUser),
        ["owner"] = null,
        ["team"] = null,
        ["summary"] = "",
    });
}
