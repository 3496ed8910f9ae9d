using System.Collections.Immutable;
using System.Text.Json;

namespace CommunityBot.StandIn;

/// <summary>
/// A message as the stand-in holds it: immutable, replaced on every change, so tests can read it from any
/// thread. JSON parts (embeds, components, allowed_mentions) are kept exactly as the client sent them.
/// </summary>
public sealed record StandInMessage(ulong Id, ulong ChannelId, ulong? GuildId, ulong AuthorId, string Content, DateTimeOffset Timestamp)
{
    public int Type { get; init; }
    public int Flags { get; init; }
    public JsonElement? Embeds { get; init; }
    public JsonElement? Components { get; init; }
    /// <summary><c>allowed_mentions</c> exactly as sent (null when absent).</summary>
    public JsonElement? AllowedMentions { get; init; }
    public MentionOutcome Mentions { get; init; } = MentionOutcome.Nobody;
    /// <summary>Emoji (unicode or <c>name:id</c>) → user ids in reaction order.</summary>
    public ImmutableDictionary<string, ImmutableList<ulong>> Reactions { get; init; } = ImmutableDictionary<string, ImmutableList<ulong>>.Empty;
    public ImmutableList<StandInAttachment> Attachments { get; init; } = [];
    public ulong? ReplyToMessageId { get; init; }
    public StandInPoll? Poll { get; init; }
    public string? Nonce { get; init; }
    public DateTimeOffset? EditedTimestamp { get; init; }
    public bool Pinned { get; init; }
    /// <summary>Set for interaction responses and follow-ups.</summary>
    public ulong? InteractionId { get; init; }
    /// <summary>For webhook/interaction messages: the application id acting as webhook.</summary>
    public ulong? WebhookId { get; init; }
    /// <summary>Ephemeral messages (flag 64) are visible only to this user.</summary>
    public ulong? VisibleOnlyTo { get; init; }
    public ulong? ThreadId { get; init; }
    public bool Deleted { get; init; }

    public bool IsEphemeral => (Flags & 64) != 0;
    public bool WouldPing => Mentions.WouldPing;

    /// <summary>User ids who reacted with <paramref name="emoji"/> (empty when none).</summary>
    public IReadOnlyList<ulong> ReactionUsers(string emoji) =>
        Reactions.TryGetValue(emoji, out var users) ? users : [];
}
