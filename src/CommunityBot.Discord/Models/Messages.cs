using System.Text.Json.Serialization;

namespace CommunityBot.Discord.Models;

/// <summary>MSG § Message Object. On MESSAGE_CREATE/UPDATE, <c>GuildId</c> and a partial <c>Member</c> ride along.</summary>
public sealed record Message
{
    public ulong Id { get; init; }
    public ulong ChannelId { get; init; }
    public ulong? GuildId { get; init; }
    public User? Author { get; init; }
    public GuildMember? Member { get; init; }
    public string Content { get; init; } = "";
    public DateTimeOffset Timestamp { get; init; }
    public DateTimeOffset? EditedTimestamp { get; init; }
    public int Type { get; init; }
    public int? Flags { get; init; }
    public bool MentionEveryone { get; init; }
    public User[] Mentions { get; init; } = [];
    public ulong[] MentionRoles { get; init; } = [];
    public Embed[] Embeds { get; init; } = [];
    public Component[] Components { get; init; } = [];
    public Attachment[] Attachments { get; init; } = [];
    public Reaction[]? Reactions { get; init; }
    public MessageReference? MessageReference { get; init; }
    public Message? ReferencedMessage { get; init; }
    /// <summary>Either a string or an integer on the wire; kept as its text (no JSON document per message).</summary>
    [JsonConverter(typeof(Json.StringOrNumberConverter))]
    public string? Nonce { get; init; }
    public ulong? WebhookId { get; init; }
    public Poll? Poll { get; init; }
    public Channel? Thread { get; init; }
}

public static class MessageFlags
{
    public const int SuppressEmbeds = 1 << 2;
    public const int Ephemeral = 1 << 6;
    public const int SuppressNotifications = 1 << 12;
    public const int IsComponentsV2 = 1 << 15;
}

public sealed record MessageReference
{
    public ulong? MessageId { get; init; }
    public ulong? ChannelId { get; init; }
    public ulong? GuildId { get; init; }
    public bool? FailIfNotExists { get; init; }
}

public sealed record Attachment
{
    public ulong Id { get; init; }
    public string Filename { get; init; } = "";
    public int Size { get; init; }
    public string Url { get; init; } = "";
    public string? ContentType { get; init; }
    public string? Description { get; init; }
}

public sealed record Emoji
{
    public ulong? Id { get; init; }
    public string? Name { get; init; }
    public bool? Animated { get; init; }

    /// <summary>The form the reaction routes take (before URL-encoding): unicode, or <c>name:id</c>.</summary>
    public string ToRouteForm() => Id is { } id ? $"{Name}:{id}" : Name ?? "";
}

public sealed record Reaction
{
    public int Count { get; init; }
    public bool Me { get; init; }
    public Emoji Emoji { get; init; } = new();
}

/// <summary>MSG § Allowed Mentions Object. Our default is <see cref="None"/>: user text never pings.</summary>
public sealed record AllowedMentions
{
    public string[] Parse { get; init; } = [];
    public ulong[]? Users { get; init; }
    public ulong[]? Roles { get; init; }
    public bool? RepliedUser { get; init; }

    public static AllowedMentions None { get; } = new();
    public static AllowedMentions OnlyUsers(params ulong[] users) => new() { Users = users };
}

public sealed record Embed
{
    public string? Title { get; init; }
    public string? Description { get; init; }
    public string? Url { get; init; }
    public DateTimeOffset? Timestamp { get; init; }
    public int? Color { get; init; }
    public EmbedFooter? Footer { get; init; }
    public EmbedAuthor? Author { get; init; }
    public EmbedField[]? Fields { get; init; }
}

public sealed record EmbedFooter
{
    public string Text { get; init; } = "";
}

public sealed record EmbedAuthor
{
    public string Name { get; init; } = "";
    public string? Url { get; init; }
}

public sealed record EmbedField
{
    public string Name { get; init; } = "";
    public string Value { get; init; } = "";
    public bool? Inline { get; init; }
}

/// <summary>POLL § Poll Object as received.</summary>
public sealed record Poll
{
    public PollMedia Question { get; init; } = new();
    public PollAnswer[] Answers { get; init; } = [];
    public DateTimeOffset? Expiry { get; init; }
    public bool AllowMultiselect { get; init; }
    public int LayoutType { get; init; } = 1;
    public PollResults? Results { get; init; }
}

/// <summary>POLL § Poll Create Request Object.</summary>
public sealed record PollCreateRequest
{
    public PollMedia Question { get; init; } = new();
    public PollAnswer[] Answers { get; init; } = [];
    /// <summary>Hours, 1..768.</summary>
    public int Duration { get; init; } = 24;
    public bool AllowMultiselect { get; init; }
    public int LayoutType { get; init; } = 1;
}

public sealed record PollMedia
{
    public string? Text { get; init; }
    public Emoji? Emoji { get; init; }
}

public sealed record PollAnswer
{
    public int? AnswerId { get; init; }
    public PollMedia PollMedia { get; init; } = new();
}

public sealed record PollResults
{
    public bool IsFinalized { get; init; }
    public PollAnswerCount[] AnswerCounts { get; init; } = [];
}

/// <summary>POLL § Get Answer Voters response body: one page of the users who picked an answer, ordered by id.</summary>
public sealed record PollAnswerVoters
{
    public User[] Users { get; init; } = [];
}

public sealed record PollAnswerCount
{
    public int Id { get; init; }
    public int Count { get; init; }
    public bool MeVoted { get; init; }
}
