namespace CommunityBot.Features.Moderation.Cases;

/// <summary>Stable strings stored in <c>mod_cases.kind</c>.</summary>
public static class CaseKinds
{
    public const string Warn = "warn";
    public const string Timeout = "timeout";
    public const string Untimeout = "untimeout";
    public const string Kick = "kick";
    public const string Ban = "ban";
    public const string Unban = "unban";
    /// <summary>A message removed by moderation.</summary>
    public const string Delete = "delete";
    /// <summary>A warning withdrawn (accepted appeal): it no longer counts toward escalation.</summary>
    public const string Pardon = "pardon";

    public static string Label(string kind) => kind switch
    {
        Warn => "⚠️ Warning",
        Timeout => "⏱️ Timeout",
        Untimeout => "⏱️ Timeout lifted",
        Kick => "👢 Kick",
        Ban => "🔨 Ban",
        Unban => "🔓 Unban",
        Delete => "🗑️ Message deleted",
        Pardon => "🕊️ Warning withdrawn",
        _ => kind,
    };

    /// <summary>The sanctions a member can appeal.</summary>
    public static bool Appealable(string kind) => kind is Warn or Timeout or Ban;
}

/// <summary>Where a case came from.</summary>
public static class CaseSources
{
    public const string Command = "command";
    public const string Queue = "queue";
    public const string Automod = "automod";
    public const string Escalation = "escalation";
    public const string Appeal = "appeal";
}

/// <summary>One row of the case history (mapped by Dapper; ids are snowflakes, times epoch ms).</summary>
public sealed class ModCase
{
    public long Id { get; set; }
    public ulong GuildId { get; set; }
    public int CaseNumber { get; set; }
    public string Kind { get; set; } = "";
    public ulong TargetId { get; set; }
    public ulong ModeratorId { get; set; }
    public string Reason { get; set; } = "";
    public long? DurationSeconds { get; set; }
    public ulong? MessageId { get; set; }
    public ulong? ChannelId { get; set; }
    public string? MessageSnapshot { get; set; }
    public string Source { get; set; } = "";
    /// <summary>Comma-separated case numbers that triggered this one (escalation) or that it lifts (appeal).</summary>
    public string? LinkedCases { get; set; }
    /// <summary>Null: no DM was attempted; 1 delivered; 0 the member's DMs were closed.</summary>
    public long? DmDelivered { get; set; }
    public ulong? ModlogMessageId { get; set; }
    public long Revoked { get; set; }
    public string IdempotencyKey { get; set; } = "";
    public DateTimeOffset CreatedAt { get; set; }

    public TimeSpan? Duration => DurationSeconds is { } s ? TimeSpan.FromSeconds(s) : null;
}

/// <summary>What a caller knows when it records a case; the repository assigns the number.</summary>
public sealed record NewCase
{
    public required ulong GuildId { get; init; }
    public required string Kind { get; init; }
    public required ulong TargetId { get; init; }
    public required ulong ModeratorId { get; init; }
    public required string Reason { get; init; }
    public required string Source { get; init; }
    /// <summary>Unique per guild: the interaction, card, message or triggering case this case answers, so a replay records nothing new.</summary>
    public required string IdempotencyKey { get; init; }
    public TimeSpan? Duration { get; init; }
    public ulong? MessageId { get; init; }
    public ulong? ChannelId { get; init; }
    public string? MessageSnapshot { get; init; }
    public IReadOnlyList<int> LinkedCases { get; init; } = [];
}
