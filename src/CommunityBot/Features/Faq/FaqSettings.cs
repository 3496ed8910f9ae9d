using System.Text.Json.Serialization;
using CommunityBot.Configuration;

namespace CommunityBot.Features.Faq;

/// <summary>Who may turn a message into an FAQ entry, and whether it goes straight in or through review.</summary>
public enum FaqCaptureRule
{
    /// <summary>Anyone may capture.</summary>
    Everyone,
    /// <summary>Only members with one of the listed roles (or moderators).</summary>
    Roles,
    /// <summary>Only moderators.</summary>
    Moderators,
}

/// <summary>The <c>faq</c> section of a guild in <c>community.json</c>. Absent section: the feature is off in that guild.</summary>
public sealed class FaqSettings
{
    /// <summary>A note for people editing the file; ignored.</summary>
    [JsonPropertyName("$comment")]
    public string? Comment { get; init; }

    /// <summary>Where proposals are posted as review cards (moderators react ✅ / ❌ or press the buttons).</summary>
    public ulong ReviewChannelId { get; init; }

    /// <summary>
    /// Help channels (text or forum): "Mark as answer" works in their threads and forum posts, and question
    /// nudges watch them (and their threads).
    /// </summary>
    public ulong[] HelpChannelIds { get; init; } = [];

    public FaqCaptureSettings Capture { get; init; } = new();
    public FaqNudgeSettings Nudge { get; init; } = new();

    /// <summary>A published entry not reviewed for this many days is flagged stale (shown by <c>/faq stale</c>).</summary>
    public int StaleAfterDays { get; init; } = 180;
}

public sealed class FaqCaptureSettings
{
    /// <summary>Who may propose entries ("Save as FAQ"); the thread's asker may always mark an answer in a help thread.</summary>
    public FaqCaptureRule WhoMayPropose { get; init; } = FaqCaptureRule.Everyone;
    /// <summary>Roles that may propose when <see cref="WhoMayPropose"/> is <c>roles</c>.</summary>
    public ulong[] ProposerRoleIds { get; init; } = [];
    /// <summary>Members with these roles publish directly, skipping review. Moderators always may.</summary>
    public ulong[] DirectRoleIds { get; init; } = [];
    /// <summary>Whether moderators' captures skip review (true) or are reviewed like everyone's.</summary>
    public bool ModeratorsPublishDirectly { get; init; } = true;
}

public sealed class FaqNudgeSettings
{
    public bool Enabled { get; init; } = true;
    /// <summary>How close (0..1) a question must be to an entry before the bot suggests it.</summary>
    public double MinScore { get; init; } = 0.55;
    /// <summary>At most one suggestion per channel in this many minutes.</summary>
    public int CooldownMinutes { get; init; } = 10;
}

internal static class FaqSettingsValidation
{
    public static void Validate(FaqSettings s, ConfigValidationContext ctx)
    {
        if (s.ReviewChannelId == 0) ctx.Error("reviewChannelId", "is required: the channel where moderators review proposed entries");
        if (s.HelpChannelIds.Contains(s.ReviewChannelId)) ctx.Error("helpChannelIds", "must not contain the review channel");
        ctx.Positive("staleAfterDays", s.StaleAfterDays);
        if (s.Nudge.MinScore is <= 0 or > 1) ctx.Error("nudge.minScore", $"must be above 0 and at most 1 (found {s.Nudge.MinScore})");
        ctx.NotNegative("nudge.cooldownMinutes", s.Nudge.CooldownMinutes);
        if (s.Capture.WhoMayPropose == FaqCaptureRule.Roles && s.Capture.ProposerRoleIds.Length == 0)
            ctx.Error("capture.proposerRoleIds", "must list at least one role when whoMayPropose is \"roles\"");
    }
}
