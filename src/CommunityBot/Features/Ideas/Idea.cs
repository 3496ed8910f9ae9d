namespace CommunityBot.Features.Ideas;

/// <summary>An idea's place in the flow new → under review → planned → in progress → shipped, or declined / duplicate.</summary>
public enum IdeaStatus { New, UnderReview, Planned, InProgress, Shipped, Declined, Duplicate }

public static class IdeaStatuses
{
    public static string Key(this IdeaStatus status) => status switch
    {
        IdeaStatus.New => "new",
        IdeaStatus.UnderReview => "under_review",
        IdeaStatus.Planned => "planned",
        IdeaStatus.InProgress => "in_progress",
        IdeaStatus.Shipped => "shipped",
        IdeaStatus.Declined => "declined",
        IdeaStatus.Duplicate => "duplicate",
        _ => throw new ArgumentOutOfRangeException(nameof(status)),
    };

    public static IdeaStatus Parse(string key) =>
        TryParse(key, out var status) ? status : throw new FormatException($"Unknown idea status '{key}'.");

    public static bool TryParse(string? key, out IdeaStatus status)
    {
        status = Enum.GetValues<IdeaStatus>().FirstOrDefault(s => s.Key() == key, (IdeaStatus)(-1));
        return status >= 0;
    }

    public static string Label(this IdeaStatus status) => status switch
    {
        IdeaStatus.New => "🆕 New",
        IdeaStatus.UnderReview => "🔍 Under review",
        IdeaStatus.Planned => "🗓️ Planned",
        IdeaStatus.InProgress => "🚧 In progress",
        IdeaStatus.Shipped => "✅ Shipped",
        IdeaStatus.Declined => "❌ Declined",
        IdeaStatus.Duplicate => "🔁 Duplicate",
        _ => status.ToString(),
    };

    /// <summary>
    /// "Accepted" for the ambassador program: the team committed to it (planned) or went further. Awarding at
    /// planned credits authors when the decision is made, not months later at release; the award is keyed on the
    /// idea, so moving on to in progress and shipped never pays twice.
    /// </summary>
    public static bool IsAccepted(this IdeaStatus status) => status is IdeaStatus.Planned or IdeaStatus.InProgress or IdeaStatus.Shipped;

    /// <summary>Votes close once an idea is decided (shipped, declined or merged into another).</summary>
    public static bool AcceptsVotes(this IdeaStatus status) => status is not (IdeaStatus.Shipped or IdeaStatus.Declined or IdeaStatus.Duplicate);
}

public sealed record Idea(
    long Id,
    ulong GuildId,
    ulong ChannelId,
    ulong? MessageId,
    ulong? ThreadId,
    ulong AuthorId,
    string Title,
    string Description,
    IdeaStatus Status,
    string? StatusReason,
    long? DuplicateOf,
    DateTimeOffset CreatedAt,
    DateTimeOffset? ShippedAt)
{
    public string? Link => MessageId is { } m ? $"https://discord.com/channels/{GuildId}/{ChannelId}/{m}" : null;
}

public sealed record IdeaVotes(int Up, int Down)
{
    public int Score => Up - Down;
}

public sealed record IdeaStatusChange(long Id, long IdeaId, IdeaStatus From, IdeaStatus To, string? Reason, ulong ActorId, DateTimeOffset ChangedAt);

public sealed record PendingNotification(ulong MemberId, string Role, int Attempts);

public sealed record ShippedIdea(long Id, string Title, DateTimeOffset ShippedAt, int Up);
