using System.Net;

namespace CommunityBot.Discord.Rest;

/// <summary>
/// A non-success answer from Discord: HTTP status plus the JSON error code (OPC § JSON Error Codes),
/// e.g. 50007 "Cannot send messages to this user", 10062 "Unknown interaction".
/// </summary>
public sealed class DiscordRestException(HttpStatusCode status, int code, string message, string? errorsJson, string route)
    : Exception($"Discord answered {(int)status} {status} on {route}: {code} {message}")
{
    public HttpStatusCode Status { get; } = status;
    public int Code { get; } = code;
    public string DiscordMessage { get; } = message;
    public string? ErrorsJson { get; } = errorsJson;
    public string Route { get; } = route;

    public const int CannotSendMessagesToThisUser = 50007;
    public const int UnknownInteraction = 10062;
    public const int InteractionAlreadyAcknowledged = 40060;
    public const int UnknownMessage = 10008;
    public const int UnknownChannel = 10003;
    public const int UnknownMember = 10007;
    public const int MissingPermissions = 50013;
}

/// <summary>
/// Discord answered 2xx — the call took effect — but the answer's body could not be read (not even by skipping odd
/// fields). Callers that only needed the call to happen treat this as success; those that needed the result cannot have it.
/// </summary>
public sealed class DiscordUnreadableAnswerException(string route, HttpStatusCode status, Exception inner)
    : Exception($"Discord answered {(int)status} on {route}, but the answer could not be read: {inner.Message}", inner)
{
    public string Route { get; } = route;
}
