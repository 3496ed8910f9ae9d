namespace CommunityBot.Features.Ambassadors;

/// <summary>
/// What other features may ask of the ambassador program. Amounts come from the guild's ambassador
/// config (weights per source kind), so callers only say what was contributed. Every call is idempotent:
/// an award is keyed on (guild, source kind, source id, member), a reversal on the source.
/// </summary>
public interface IAmbassadorPoints
{
    /// <summary>Awards the configured points for a contribution; a repeat of the same source awards nothing.</summary>
    Task<PointsAward> AwardAsync(ulong guildId, ulong memberId, string sourceKind, string sourceId, string reason, ulong? actorId = null, CancellationToken ct = default);

    /// <summary>Reverses every not-yet-reversed entry earned by a source (e.g. a message moderation removed). Returns the points taken back.</summary>
    Task<int> ReverseSourceAsync(ulong guildId, string sourceKind, string sourceId, string reason, ulong? actorId = null, CancellationToken ct = default);
}

/// <param name="Awarded">False when the program is off in the guild, the source earns nothing, a cap applies, or it was already awarded.</param>
public sealed record PointsAward(bool Awarded, int Amount, long? EntryId, string? WhyNot = null);

/// <summary>Source kinds, stable strings stored in the ledger.</summary>
public static class PointSources
{
    public const string Message = "message";
    public const string ReactionReceived = "reaction";
    public const string FaqAnswer = "faq-answer";
    public const string IdeaAccepted = "idea-accepted";
    public const string EventAttendance = "event-attendance";
    public const string Manual = "manual";
    public const string Redemption = "redemption";
}
