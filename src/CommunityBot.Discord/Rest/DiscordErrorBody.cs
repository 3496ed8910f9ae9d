using System.Text.Json;

namespace CommunityBot.Discord.Rest;

/// <summary>REF § Error Messages, plus the 429 body fields (RL § Exceeding A Rate Limit).</summary>
public sealed record DiscordErrorBody
{
    public int Code { get; init; }
    public string? Message { get; init; }
    public JsonElement? Errors { get; init; }
    public double? RetryAfter { get; init; }
    public bool? Global { get; init; }
}
