using System.Text.Json.Nodes;

namespace CommunityBot.StandIn.Rest;

/// <summary>A Discord JSON error answer (OPC § JSON Error Codes); thrown by handlers, written by the pipeline.</summary>
internal sealed class RestError(int status, int code, string message, JsonObject? errors = null) : Exception(message)
{
    public int Status { get; } = status;
    public int Code { get; } = code;
    public JsonObject? Errors { get; } = errors;

    public JsonObject ToJson()
    {
        var o = Json.Error(Code, Message);
        if (Errors is not null) o["errors"] = Errors;
        return o;
    }

    public static RestError UnknownChannel() => new(404, 10003, "Unknown Channel");
    public static RestError UnknownGuild() => new(404, 10004, "Unknown Guild");
    public static RestError UnknownMember() => new(404, 10007, "Unknown Member");
    public static RestError UnknownMessage() => new(404, 10008, "Unknown Message");
    public static RestError UnknownRole() => new(404, 10011, "Unknown Role");
    public static RestError UnknownUser() => new(404, 10013, "Unknown User");
    public static RestError UnknownEmoji() => new(400, 10014, "Unknown Emoji");
    public static RestError UnknownBan() => new(404, 10026, "Unknown Ban");
    public static RestError UnknownInteraction() => new(404, 10062, "Unknown interaction");
    public static RestError UnknownWebhook() => new(404, 10015, "Unknown Webhook");
    public static RestError MissingPermissions() => new(403, 50013, "Missing Permissions");
    public static RestError MissingAccess() => new(403, 50001, "Missing Access");
    public static RestError AlreadyAcknowledged() => new(400, 40060, "Interaction has already been acknowledged.");
    public static RestError CannotDm() => new(403, 50007, "Cannot send messages to this user");
    public static RestError EmptyMessage() => new(400, 50006, "Cannot send an empty message");

    /// <summary>50035 with the per-field error tree Discord uses.</summary>
    public static RestError InvalidForm(string field, string message)
    {
        JsonNode node = new JsonObject { ["_errors"] = new JsonArray(new JsonObject { ["code"] = "BASE_TYPE_INVALID", ["message"] = message }) };
        foreach (var part in field.Split('.').Reverse()) node = new JsonObject { [part] = node };
        return new RestError(400, 50035, "Invalid Form Body", (JsonObject)node);
    }
}
