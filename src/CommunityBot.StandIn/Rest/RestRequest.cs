using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace CommunityBot.StandIn.Rest;

internal sealed record UploadedFile(string FieldName, string FileName, string? ContentType, byte[] Content);

internal sealed record RestResult(int Status, JsonNode? Body)
{
    public static readonly RestResult NoContent = new(204, null);
    public static RestResult Ok(JsonNode body) => new(200, body);
}

internal delegate RestResult RestHandler(RestRequest request);

/// <summary>How a route is served: its handler, whether it needs <c>Authorization: Bot</c>, whether it uses the global budget.</summary>
internal sealed record RouteDefinition(RestHandler Handler, bool BotAuth = true, bool GlobalBudget = true);

/// <summary>One parsed REST request handed to a route handler.</summary>
internal sealed class RestRequest(StandInCore core, string method, string template, IReadOnlyDictionary<string, string> parameters,
    JsonNode? body, IReadOnlyList<UploadedFile> files, IQueryCollection query, string? auditReason)
{
    public StandInCore Core { get; } = core;
    public string Method { get; } = method;
    public string Template { get; } = template;
    public IReadOnlyDictionary<string, string> Parameters { get; } = parameters;
    public JsonNode? Body { get; } = body;
    public IReadOnlyList<UploadedFile> Files { get; } = files;
    public IQueryCollection Query { get; } = query;
    public string? AuditReason { get; } = auditReason;

    /// <summary>The body as an object; a missing or non-object body is Discord's 50035.</summary>
    public JsonObject Object => Body as JsonObject ?? throw RestError.InvalidForm("_root", "Expected a JSON object.");

    public string Param(string name) => Parameters[name];

    /// <summary>A snowflake path parameter; malformed ids answer like unknown ones.</summary>
    public ulong Id(string name)
    {
        if (ulong.TryParse(Parameters[name], NumberStyles.None, CultureInfo.InvariantCulture, out var id)) return id;
        throw name switch
        {
            "channel_id" => RestError.UnknownChannel(),
            "guild_id" => RestError.UnknownGuild(),
            "message_id" => RestError.UnknownMessage(),
            "user_id" => RestError.UnknownUser(),
            "role_id" => RestError.UnknownRole(),
            "interaction_id" => RestError.UnknownInteraction(),
            "webhook_id" => RestError.UnknownWebhook(),
            _ => RestError.InvalidForm(name, "Value is not snowflake."),
        };
    }

    public int? QueryInt(string name) =>
        int.TryParse(Query[name].ToString(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var v) ? v : null;

    public ulong? QueryId(string name) =>
        ulong.TryParse(Query[name].ToString(), NumberStyles.None, CultureInfo.InvariantCulture, out var v) ? v : null;

    public bool QueryBool(string name) => Query[name].ToString() is "true" or "True" or "1";

    // Lookups shared by the handlers; all run under Core.Gate.
    public GuildState Guild() => Core.Guilds.TryGetValue(Id("guild_id"), out var g) ? g : throw RestError.UnknownGuild();

    public StandInChannel Channel() => Core.Channels.TryGetValue(Id("channel_id"), out var c) ? c : throw RestError.UnknownChannel();

    public StandInMessage Message(StandInChannel channel)
    {
        var id = Id("message_id");
        return Core.Messages.TryGetValue(id, out var m) && m.ChannelId == channel.Id && !m.Deleted && m.VisibleOnlyTo is null
            ? m
            : throw RestError.UnknownMessage();
    }

    /// <summary>403 50013 unless the bot holds <paramref name="permission"/> in the guild.</summary>
    public void RequireBot(GuildState guild, ulong permission)
    {
        if ((guild.PermissionsOf(Core.BotUser.Id) & permission) != permission) throw RestError.MissingPermissions();
    }

    /// <summary>PERM § Permission Hierarchy: the bot acts only on members below its highest role, never on the owner.</summary>
    public void RequireAbove(GuildState guild, ulong targetUserId)
    {
        if (targetUserId == guild.OwnerId || guild.HighestPosition(targetUserId) >= guild.HighestPosition(Core.BotUser.Id))
            throw RestError.MissingPermissions();
    }
}
