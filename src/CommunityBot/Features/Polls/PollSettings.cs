using CommunityBot.Interactions;

namespace CommunityBot.Features.Polls;

/// <summary>The <c>polls</c> section of a guild in community.json.</summary>
public sealed class PollSettings
{
    /// <summary>A note for people editing the file; ignored by the bot.</summary>
    [System.Text.Json.Serialization.JsonPropertyName("$comment")]
    public string? Comment { get; init; }

    /// <summary>Who may run <c>/poll create</c>: everyone, moderator or admin.</summary>
    public AccessLevel CreateAccess { get; init; } = AccessLevel.Moderator;
    /// <summary>Deadline used when <c>/poll create</c> gives no duration.</summary>
    public int DefaultDurationHours { get; init; } = 24;
    /// <summary>The longest duration a poll may run (Discord's native polls stop at 32 days).</summary>
    public int MaxDurationDays { get; init; } = 30;
}
