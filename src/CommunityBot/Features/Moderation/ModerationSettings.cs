using System.Text.Json.Serialization;

namespace CommunityBot.Features.Moderation;

/// <summary>The <c>moderation</c> section of a guild: where cards and cases go, the automod rules and the escalation ladder.</summary>
public sealed class ModerationSettings
{
    /// <summary>Free text for people editing the file.</summary>
    [JsonPropertyName("$comment")]
    public string? Comment { get; init; }

    /// <summary>Flagged messages and reports become cards here.</summary>
    public ulong? ModQueueChannelId { get; init; }
    /// <summary>Every case is posted here.</summary>
    public ulong? ModlogChannelId { get; init; }
    /// <summary>Appeal cards go here; without it the Appeal button is not offered.</summary>
    public ulong? AppealsChannelId { get; init; }
    /// <summary>Nobody with these roles is checked by automod (moderator and admin roles are always exempt).</summary>
    public ulong[] ExemptRoleIds { get; init; } = [];
    public ulong[] ExemptChannelIds { get; init; } = [];
    public QueueSettings Queue { get; init; } = new();
    public AutomodRuleSettings[] Rules { get; init; } = [];
    public EscalationStep[] Escalation { get; init; } = [];
    /// <summary>Invite codes of this server that are always allowed (the server's own live invites are fetched too).</summary>
    public string[] AllowedInviteCodes { get; init; } = [];
}

/// <summary>The reactions that act on a queue card, and what ⏱️ means.</summary>
public sealed class QueueSettings
{
    public string Dismiss { get; init; } = "✅";
    public string Delete { get; init; } = "🗑️";
    public string Warn { get; init; } = "⚠️";
    public string Timeout { get; init; } = "⏱️";
    public string Ban { get; init; } = "🔨";
    public int TimeoutMinutes { get; init; } = 60;
}

public enum AutomodRuleType { Words, Regex, Invites, Links, MentionSpam, Caps, Flood, Duplicates }

/// <summary>What a matching rule does. Ordered by severity: when several rules match, the most severe wins.</summary>
public enum AutomodAction { Flag, DeleteAndFlag, DeleteAndWarn, Timeout, Kick, Ban }

public sealed class AutomodRuleSettings
{
    /// <summary>Free text for people editing the file.</summary>
    [JsonPropertyName("$comment")]
    public string? Comment { get; init; }

    public string Name { get; init; } = "";
    public AutomodRuleType Type { get; init; }
    public AutomodAction Action { get; init; } = AutomodAction.Flag;
    /// <summary>Shown to the member and in the case; defaults to "Automod: &lt;name&gt;".</summary>
    public string? Reason { get; init; }
    public int TimeoutMinutes { get; init; } = 10;

    // words
    public string[] Words { get; init; } = [];
    /// <summary>Match inside words too ("class" would match "ass"). Off by default: word boundaries only.</summary>
    public bool Substring { get; init; }

    // regex
    public string? Pattern { get; init; }
    public bool IgnoreCase { get; init; } = true;
    /// <summary>Run the pattern on the normalised text (lower case, look-alikes folded) instead of the raw message.</summary>
    public bool MatchNormalized { get; init; }

    // links
    public string[] DenyDomains { get; init; } = [];
    /// <summary>When set, every other domain is flagged.</summary>
    public string[] AllowDomains { get; init; } = [];

    // mentionSpam
    public int MaxMentions { get; init; } = 5;

    // caps
    public int MinLetters { get; init; } = 12;
    public double MaxCapsRatio { get; init; } = 0.7;

    // flood and duplicates
    public int Messages { get; init; } = 5;
    public int Seconds { get; init; } = 5;
    public int Channels { get; init; } = 3;

    public RuleConditions? When { get; init; }
    public ulong[] ExemptRoleIds { get; init; } = [];
    public ulong[] ExemptChannelIds { get; init; } = [];
}

/// <summary>The rule applies only to members matching every condition set (e.g. new accounts posting links).</summary>
public sealed class RuleConditions
{
    public double? AccountYoungerThanDays { get; init; }
    public double? JoinedWithinHours { get; init; }
}

/// <summary>"N warnings within D days → action". Fires once, when the N-th warning lands.</summary>
public sealed class EscalationStep
{
    public int Warnings { get; init; }
    public int WithinDays { get; init; } = 30;
    public EscalationAction Action { get; init; }
    public int DurationMinutes { get; init; } = 60;
}

public enum EscalationAction { Timeout, Kick, Ban }
