namespace CommunityBot.Features.Moderation.Cases;

/// <summary>One moderation action to perform and record, from any path (command, queue, automod, escalation, appeal).</summary>
public sealed record ModerationRequest
{
    public required ulong GuildId { get; init; }
    public required string Kind { get; init; }
    public required ulong TargetId { get; init; }
    /// <summary>The acting moderator, or the bot itself for automatic actions.</summary>
    public required ulong ModeratorId { get; init; }
    /// <summary>The moderator's roles when known (interactions and reactions carry them); fetched otherwise.</summary>
    public IReadOnlyList<ulong>? ModeratorRoleIds { get; init; }
    public required string Reason { get; init; }
    public required string Source { get; init; }
    public required string IdempotencyKey { get; init; }
    public TimeSpan? Duration { get; init; }
    public ulong? MessageId { get; init; }
    public ulong? ChannelId { get; init; }
    public string? MessageSnapshot { get; init; }
    public IReadOnlyList<int> LinkedCases { get; init; } = [];
    /// <summary>For bans: how much of the member's recent history Discord deletes (0–7 days).</summary>
    public int DeleteMessageSeconds { get; init; }
    /// <summary>
    /// The action was already taken on Discord (and checked against the role hierarchy) before anything was recorded:
    /// automod protects first, so a database outage cannot stop it. Only the case, the DM and the modlog follow.
    /// </summary>
    public bool AlreadyApplied { get; init; }
}

public sealed record ModerationOutcome(ModCase Case, bool Created, bool? DmDelivered)
{
    public string Summary => $"{CaseKinds.Label(Case.Kind)} · case #{Case.CaseNumber}" +
                             (Case.Duration is { } d ? $" · {Durations.Describe(d)}" : "") +
                             (DmDelivered == false ? " · DM not delivered (closed DMs)" : "");
}

public static class Durations
{
    /// <summary>Discord's limit for a timeout (GLD § Modify Guild Member: at most 28 days ahead).</summary>
    public static readonly TimeSpan MaxTimeout = TimeSpan.FromDays(28);

    public static string Describe(TimeSpan span) => span switch
    {
        { TotalDays: >= 1 } when span.TotalDays % 1 == 0 => $"{span.TotalDays:0} d",
        { TotalHours: >= 1 } when span.TotalHours % 1 == 0 => $"{span.TotalHours:0} h",
        _ => $"{span.TotalMinutes:0} min",
    };

    /// <summary>Parses "90", "90m", "2h", "1d", "1h30m" (a bare number is minutes); null when unreadable.</summary>
    public static TimeSpan? Parse(string text)
    {
        text = text.Trim().ToLowerInvariant().Replace(" ", "");
        if (text.Length == 0) return null;
        if (long.TryParse(text, out var bare)) return bare > 0 ? TimeSpan.FromMinutes(bare) : null;
        var total = TimeSpan.Zero;
        var number = 0L;
        var digits = 0;
        foreach (var c in text)
        {
            if (char.IsAsciiDigit(c))
            {
                if (++digits > 6) return null;
                number = number * 10 + (c - '0');
                continue;
            }
            if (digits == 0) return null;
            total += c switch
            {
                's' => TimeSpan.FromSeconds(number),
                'm' => TimeSpan.FromMinutes(number),
                'h' => TimeSpan.FromHours(number),
                'd' => TimeSpan.FromDays(number),
                'w' => TimeSpan.FromDays(7 * number),
                _ => TimeSpan.MinValue,
            };
            if (total < TimeSpan.Zero) return null;
            number = 0;
            digits = 0;
        }
        return digits > 0 || total <= TimeSpan.Zero ? null : total;
    }
}
