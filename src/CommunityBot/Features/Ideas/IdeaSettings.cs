using CommunityBot.Interactions;

namespace CommunityBot.Features.Ideas;

/// <summary>The <c>ideas</c> section of a guild in community.json.</summary>
public sealed class IdeaSettings
{
    /// <summary>A note for people editing the file; ignored by the bot.</summary>
    [System.Text.Json.Serialization.JsonPropertyName("$comment")]
    public string? Comment { get; init; }

    /// <summary>Where idea cards are posted (each gets a discussion thread).</summary>
    public ulong ChannelId { get; init; }
    /// <summary>Who may submit ideas with <c>/idea new</c>.</summary>
    public AccessLevel SubmitAccess { get; init; } = AccessLevel.Everyone;
    /// <summary>Minutes of inactivity before an idea's thread auto-archives: 60, 1440, 4320 or 10080.</summary>
    public int ThreadAutoArchiveMinutes { get; init; } = 10080;
    /// <summary>DM the author and every voter when an idea's status changes.</summary>
    public bool NotifyVoters { get; init; } = true;
}
