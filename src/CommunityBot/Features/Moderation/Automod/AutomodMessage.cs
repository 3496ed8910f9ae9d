namespace CommunityBot.Features.Moderation.Automod;

/// <summary>What automod needs to know about a message and its author; built from MESSAGE_CREATE or from <c>/automod test</c>.</summary>
public sealed record AutomodMessage
{
    public required string Content { get; init; }
    public ulong MessageId { get; init; }
    public ulong AuthorId { get; init; }
    public ulong ChannelId { get; init; }
    public IReadOnlyList<ulong> RoleIds { get; init; } = [];
    public DateTimeOffset? JoinedAt { get; init; }
    public int UserMentions { get; init; }
    public int RoleMentions { get; init; }
    public bool MentionsEveryone { get; init; }
    /// <summary>When it was sent (from the snowflake, so replays and restarts see the same time).</summary>
    public DateTimeOffset SentAt { get; init; }
}

/// <summary>One rule that matched: which, and on what (the words as the member typed them, or a description).</summary>
public sealed record AutomodMatch(int RuleIndex, string RuleName, AutomodRuleType Type, AutomodAction Action, string Evidence)
{
    public override string ToString() => $"{RuleName} ({Type}) on “{Evidence}”";
}
