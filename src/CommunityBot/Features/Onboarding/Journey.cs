namespace CommunityBot.Features.Onboarding;

/// <summary>How a member's rules acceptance came about.</summary>
public static class AcceptedVia
{
    public const string Button = "button";
    /// <summary>A returning member who had accepted before (rejoin mode "restore").</summary>
    public const string Restored = "restored";
}

/// <summary>What happened to a DM we tried to send.</summary>
public static class DmStatus
{
    public const string Sent = "sent";
    /// <summary>The member does not accept DMs from this server (Discord error 50007). Recorded, never retried.</summary>
    public const string Closed = "closed";
    public const string Skipped = "skipped";
}

/// <summary>
/// One join instance of one member and the funnel steps it reached. Rows are read through Dapper, so the
/// properties are settable; times are epoch milliseconds in the database and <see cref="DateTimeOffset"/> here.
/// </summary>
public sealed class Journey
{
    public ulong GuildId { get; set; }
    public ulong MemberId { get; set; }
    public long JoinedAtMs { get; set; }
    public bool IsRejoin { get; set; }
    /// <summary>An earlier journey of this member accepted the rules.</summary>
    public bool AcceptedBefore { get; set; }
    public string? InviteCode { get; set; }
    public ulong? WelcomeMessageId { get; set; }
    public string? WelcomeDmStatus { get; set; }
    public long? AcceptedAtMs { get; set; }
    public string? AcceptedVia { get; set; }
    public long? NativeOnboardedAtMs { get; set; }
    public long? FirstMessageAtMs { get; set; }
    public long? FirstReplyAtMs { get; set; }
    public long? ActiveWeek2AtMs { get; set; }
    public long? LeftAtMs { get; set; }
    public long? NudgedAtMs { get; set; }
    public string? NudgeStatus { get; set; }

    public DateTimeOffset JoinedAt => DateTimeOffset.FromUnixTimeMilliseconds(JoinedAtMs);
    public DateTimeOffset? AcceptedAt => At(AcceptedAtMs);
    public DateTimeOffset? FirstMessageAt => At(FirstMessageAtMs);
    public DateTimeOffset? FirstReplyAt => At(FirstReplyAtMs);
    public DateTimeOffset? ActiveWeek2At => At(ActiveWeek2AtMs);
    public DateTimeOffset? LeftAt => At(LeftAtMs);

    /// <summary>The durable-job key of everything scheduled for this join (welcome, delayed roles, nudge).</summary>
    public string JobKey => JourneyKey.Format(GuildId, MemberId, JoinedAtMs);

    private static DateTimeOffset? At(long? ms) => ms is { } v ? DateTimeOffset.FromUnixTimeMilliseconds(v) : null;
}

/// <summary>"guild:member:joinedAtMs", the identity of a join instance in job keys.</summary>
public static class JourneyKey
{
    public static string Format(ulong guildId, ulong memberId, long joinedAtMs) => $"{guildId}:{memberId}:{joinedAtMs}";

    public static bool TryParse(string key, out ulong guildId, out ulong memberId, out long joinedAtMs)
    {
        guildId = memberId = 0;
        joinedAtMs = 0;
        var parts = key.Split(':');
        return parts.Length == 3 && ulong.TryParse(parts[0], out guildId) && ulong.TryParse(parts[1], out memberId) && long.TryParse(parts[2], out joinedAtMs);
    }
}

public sealed record RulesMessageRef(ulong ChannelId, ulong MessageId);
