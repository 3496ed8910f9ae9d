namespace CommunityBot.Features.Faq;

public static class FaqStatus
{
    public const string Proposed = "proposed";
    public const string Published = "published";
    public const string Rejected = "rejected";
    public const string Deleted = "deleted";
}

/// <summary>How an entry was captured: the "Save as FAQ" menu, or "Mark as answer" in a help thread.</summary>
public static class FaqOrigin
{
    public const string Saved = "save";
    public const string MarkedAnswer = "mark";
}

/// <summary>One FAQ entry as stored (a Dapper row: settable properties, times as epoch milliseconds).</summary>
public sealed class FaqEntry
{
    public long Id { get; set; }
    public ulong GuildId { get; set; }
    public string Status { get; set; } = FaqStatus.Proposed;
    public string Question { get; set; } = "";
    public string Answer { get; set; } = "";
    /// <summary>Normalised, sorted, comma-separated (see <see cref="FaqText.NormalizeTags"/>).</summary>
    public string Tags { get; set; } = "";
    /// <summary>Aliases as typed, one per line.</summary>
    public string Aliases { get; set; } = "";
    public ulong? SourceChannelId { get; set; }
    public ulong? SourceMessageId { get; set; }
    public ulong? AnswerAuthorId { get; set; }
    public ulong ProposerId { get; set; }
    public string Origin { get; set; } = FaqOrigin.Saved;
    public ulong? ReviewChannelId { get; set; }
    public ulong? ReviewMessageId { get; set; }
    public ulong? ReviewerId { get; set; }
    public long? ReviewedAt { get; set; }
    public long CreatedAt { get; set; }
    public long UpdatedAt { get; set; }
    public long UseCount { get; set; }
    // Filled by queries that join the votes.
    public long HelpfulYes { get; set; }
    public long HelpfulNo { get; set; }

    public IReadOnlyList<string> TagList => FaqText.SplitTags(Tags);
    public IReadOnlyList<string> AliasList => Aliases.Length == 0 ? [] : Aliases.Split('\n');
    public DateTimeOffset? LastReviewed => ReviewedAt is { } ms ? DateTimeOffset.FromUnixTimeMilliseconds(ms) : null;

    public string? SourceLink => SourceChannelId is { } c && SourceMessageId is { } m ? $"https://discord.com/channels/{GuildId}/{c}/{m}" : null;

    public bool IsStale(DateTimeOffset now, int staleAfterDays) =>
        Status == FaqStatus.Published && (LastReviewed ?? DateTimeOffset.FromUnixTimeMilliseconds(CreatedAt)) < now.AddDays(-staleAfterDays);
}

/// <summary>What a capture wants stored.</summary>
public sealed record FaqDraft(
    ulong GuildId, string Question, string Answer, string Tags, ulong? SourceChannelId, ulong? SourceMessageId,
    ulong? AnswerAuthorId, ulong ProposerId, string Origin);

/// <summary>A search hit: the entry and how it ranked (lower is better). A Dapper row.</summary>
public sealed class FaqHit
{
    public long Id { get; set; }
    public string Question { get; set; } = "";
    public string Tags { get; set; } = "";
    public long UseCount { get; set; }
    public double Rank { get; set; }
}
