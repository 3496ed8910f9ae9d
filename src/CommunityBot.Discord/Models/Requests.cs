using System.Text.Json.Serialization;

namespace CommunityBot.Discord.Models;

/// <summary>MSG § Create Message JSON params (also the body of a follow-up webhook message).</summary>
public sealed record CreateMessageRequest
{
    public string? Content { get; init; }
    public Embed[]? Embeds { get; init; }
    /// <summary>Defaults to none: nothing in our messages pings unless a feature opts in.</summary>
    public AllowedMentions? AllowedMentions { get; init; } = Models.AllowedMentions.None;
    public Component[]? Components { get; init; }
    public MessageReference? MessageReference { get; init; }
    /// <summary>≤25 chars. With <see cref="EnforceNonce"/> Discord deduplicates a retried create.</summary>
    public string? Nonce { get; init; }
    public bool? EnforceNonce { get; init; }
    public int? Flags { get; init; }
    public PollCreateRequest? Poll { get; init; }
    /// <summary>Metadata for files sent alongside (filled in by the REST client from the uploads).</summary>
    public AttachmentUpload[]? Attachments { get; init; }
}

/// <summary>MSG § Edit Message JSON params; null fields are left unchanged.</summary>
public sealed record EditMessageRequest
{
    public string? Content { get; init; }
    public Embed[]? Embeds { get; init; }
    public AllowedMentions? AllowedMentions { get; init; } = Models.AllowedMentions.None;
    public Component[]? Components { get; init; }
    public int? Flags { get; init; }
    public AttachmentUpload[]? Attachments { get; init; }
}

/// <summary>The <c>attachments[]</c> entry that names a multipart file part <c>files[n]</c>.</summary>
public sealed record AttachmentUpload
{
    public ulong Id { get; init; }
    public string Filename { get; init; } = "";
    public string? Description { get; init; }
}

/// <summary>A file to upload with a message (multipart/form-data).</summary>
public sealed record FileUpload(string FileName, ReadOnlyMemory<byte> Content, string ContentType = "application/octet-stream");

/// <summary>
/// GLD § Modify Guild Member. Every field is optional *and* nullable, so absent ≠ null:
/// <c>CommunicationDisabledUntil = Optional.Of&lt;DateTimeOffset?&gt;(null)</c> lifts a timeout.
/// </summary>
public sealed record ModifyGuildMemberRequest
{
    public Optional<string?> Nick { get; init; }
    public Optional<ulong[]?> Roles { get; init; }
    public Optional<DateTimeOffset?> CommunicationDisabledUntil { get; init; }
}

/// <summary>A field that may be absent from a PATCH body, distinct from an explicit null.</summary>
public readonly record struct Optional<T>(T Value)
{
    public bool HasValue { get; } = true;
    public static implicit operator Optional<T>(T value) => new(value);
}

public static class Optional
{
    public static Optional<T> Of<T>(T value) => new(value);
}

/// <summary>GSE § Create Guild Scheduled Event JSON params.</summary>
public sealed record CreateGuildScheduledEventRequest
{
    public ulong? ChannelId { get; init; }
    public ScheduledEventEntityMetadata? EntityMetadata { get; init; }
    public string Name { get; init; } = "";
    public int PrivacyLevel { get; init; } = 2;
    public DateTimeOffset ScheduledStartTime { get; init; }
    public DateTimeOffset? ScheduledEndTime { get; init; }
    public string? Description { get; init; }
    public int EntityType { get; init; }
}

/// <summary>CH § Start Thread from Message.</summary>
public sealed record StartThreadRequest
{
    public string Name { get; init; } = "";
    public int? AutoArchiveDuration { get; init; }
}

public sealed record CreateDmRequest
{
    public ulong RecipientId { get; init; }
}

public sealed record CreateGuildBanRequest
{
    [JsonPropertyName("delete_message_seconds")]
    public int? DeleteMessageSeconds { get; init; }
}

/// <summary>G § Get Gateway Bot.</summary>
public sealed record GatewayBotInfo
{
    public string Url { get; init; } = "";
    public int Shards { get; init; } = 1;
    public SessionStartLimit SessionStartLimit { get; init; } = new();
}

public sealed record SessionStartLimit
{
    public int Total { get; init; } = 1000;
    public int Remaining { get; init; } = 1000;
    /// <summary>Milliseconds until the limit resets.</summary>
    public long ResetAfter { get; init; }
    public int MaxConcurrency { get; init; } = 1;
}
