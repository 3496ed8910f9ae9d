using CommunityBot.Configuration;

namespace CommunityBot.Features.Ambassadors;

/// <summary>The <c>ambassadors</c> section of a guild: what earns points, tiers, rewards and where staff review.</summary>
public sealed class AmbassadorSettings
{
    /// <summary>A note for people editing the file.</summary>
    [System.Text.Json.Serialization.JsonPropertyName("$comment")]
    public string? Comment { get; init; }
    public PointWeights Weights { get; init; } = new();
    public MessagePointRules Messages { get; init; } = new();
    public ReactionPointRules Reactions { get; init; } = new();
    public TierSettings Tiers { get; init; } = new();
    public IReadOnlyList<RewardSettings> Rewards { get; init; } = [];
    /// <summary>Where redemption cards with Approve / Deny are posted. Required when rewards are configured.</summary>
    public ulong? ReviewChannelId { get; init; }
    /// <summary>How many members /leaderboard shows.</summary>
    public int LeaderboardSize { get; init; } = 10;

    /// <summary>The configured points for a source kind (0: that kind earns nothing).</summary>
    public int WeightOf(string sourceKind) => sourceKind switch
    {
        PointSources.Message => Weights.Message,
        PointSources.ReactionReceived => Weights.Reaction,
        PointSources.FaqAnswer => Weights.FaqAnswer,
        PointSources.IdeaAccepted => Weights.IdeaAccepted,
        PointSources.EventAttendance => Weights.EventAttendance,
        _ => 0,
    };

    public RewardSettings? Reward(string id) => Rewards.FirstOrDefault(r => string.Equals(r.Id, id, StringComparison.OrdinalIgnoreCase));

    internal static void Validate(AmbassadorSettings s, ConfigValidationContext ctx)
    {
        ctx.NotNegative("weights.message", s.Weights.Message);
        ctx.NotNegative("weights.reaction", s.Weights.Reaction);
        ctx.NotNegative("weights.faqAnswer", s.Weights.FaqAnswer);
        ctx.NotNegative("weights.ideaAccepted", s.Weights.IdeaAccepted);
        ctx.NotNegative("weights.eventAttendance", s.Weights.EventAttendance);
        ctx.NotNegative("messages.cooldownSeconds", s.Messages.CooldownSeconds);
        ctx.NotNegative("messages.minLength", s.Messages.MinLength);
        ctx.NotNegative("messages.dailyCap", s.Messages.DailyCap);
        ctx.NotNegative("messages.duplicateWindowHours", s.Messages.DuplicateWindowHours);
        ctx.NotNegative("reactions.dailyCap", s.Reactions.DailyCap);
        ctx.NotNegative("reactions.perMessageCap", s.Reactions.PerMessageCap);
        if (s.LeaderboardSize is < 1 or > 25) ctx.Error("leaderboardSize", $"must be between 1 and 25 (found {s.LeaderboardSize})");

        for (var i = 0; i < s.Tiers.Levels.Count; i++)
        {
            var level = s.Tiers.Levels[i];
            if (string.IsNullOrWhiteSpace(level.Name) || level.Name.Length > 50) ctx.Error($"tiers.levels[{i}].name", "must be 1 to 50 characters");
            ctx.Positive($"tiers.levels[{i}].threshold", level.Threshold);
            if (i > 0 && level.Threshold <= s.Tiers.Levels[i - 1].Threshold)
                ctx.Error($"tiers.levels[{i}].threshold", "thresholds must increase from one level to the next");
        }
        if (s.Tiers.Levels.Select(l => l.RoleId).Distinct().Count() != s.Tiers.Levels.Count)
            ctx.Error("tiers.levels", "each level needs its own role");

        var ids = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < s.Rewards.Count; i++)
        {
            var reward = s.Rewards[i];
            var path = $"rewards[{i}]";
            if (!RewardSettings.IsValidId(reward.Id)) ctx.Error($"{path}.id", "must be 1 to 40 characters of letters, digits and '-'");
            else if (!ids.Add(reward.Id)) ctx.Error($"{path}.id", $"'{reward.Id}' is used by another reward");
            if (reward.Name.All.Any(n => string.IsNullOrWhiteSpace(n) || n.Length > 80)) ctx.Error($"{path}.name", "must be 1 to 80 characters (in every language)");
            if (reward.Description?.All.Any(d => d.Length > 200) == true) ctx.Error($"{path}.description", "must be at most 200 characters (in every language)");
            ctx.Positive($"{path}.cost", reward.Cost);
            if (reward.Stock is { } stock) ctx.NotNegative($"{path}.stock", stock);
            if (reward.PerMemberLimit is { } limit) ctx.Positive($"{path}.perMemberLimit", limit);
            if (reward.Kind == RewardKind.Role && reward.RoleId is null) ctx.Error($"{path}.roleId", "a role reward needs the role to grant");
        }
        if (s.Rewards.Count > 0 && s.ReviewChannelId is null)
            ctx.Error("reviewChannelId", "required when rewards are configured (staff approve redemptions there)");
    }
}

public sealed class PointWeights
{
    public int Message { get; init; } = 1;
    public int Reaction { get; init; } = 1;
    public int FaqAnswer { get; init; } = 10;
    public int IdeaAccepted { get; init; } = 15;
    public int EventAttendance { get; init; } = 5;
}

public sealed class MessagePointRules
{
    /// <summary>After a message earns points, the author's next messages earn nothing for this long.</summary>
    public int CooldownSeconds { get; init; } = 60;
    /// <summary>Messages shorter than this (trimmed) earn nothing.</summary>
    public int MinLength { get; init; } = 10;
    /// <summary>At most this many message points per member per UTC day (0: no cap).</summary>
    public int DailyCap { get; init; } = 50;
    public IReadOnlyList<ulong> ExcludedChannelIds { get; init; } = [];
    /// <summary>A message whose normalised text the member already earned points for within this window earns nothing.</summary>
    public int DuplicateWindowHours { get; init; } = 24;
}

public sealed class ReactionPointRules
{
    /// <summary>At most this many reaction points per member per UTC day (0: no cap).</summary>
    public int DailyCap { get; init; } = 20;
    /// <summary>At most this many reaction points for any single message (0: no cap).</summary>
    public int PerMessageCap { get; init; } = 5;
}

public enum TierMode { HighestOnly, Stacking }

public enum TierBasis { Earned, Balance }

public sealed class TierSettings
{
    /// <summary>highestOnly: a member holds only the role of their highest level; stacking: every level reached.</summary>
    public TierMode Mode { get; init; } = TierMode.HighestOnly;
    /// <summary>earned: points earned all-time (spending does not demote); balance: the spendable balance.</summary>
    public TierBasis Basis { get; init; } = TierBasis.Earned;
    /// <summary>Where promotions are announced (none: not announced).</summary>
    public ulong? AnnounceChannelId { get; init; }
    /// <summary>Ordered by increasing threshold.</summary>
    public IReadOnlyList<TierLevel> Levels { get; init; } = [];
}

public sealed class TierLevel
{
    public string Name { get; init; } = "";
    public long Threshold { get; init; }
    public ulong RoleId { get; init; }
}

public enum RewardKind { Role, Manual }

public sealed class RewardSettings
{
    /// <summary>Stable id used by /rewards redeem and stored with each redemption.</summary>
    public string Id { get; init; } = "";
    /// <summary>One name, or one per language; the English (or only) one is kept with each redemption.</summary>
    public Localisation.LocalizedText Name { get; init; } = "";
    public Localisation.LocalizedText? Description { get; init; }
    public int Cost { get; init; }
    /// <summary>How many can be handed out in total (absent: unlimited). Denied redemptions return their unit.</summary>
    public int? Stock { get; init; }
    /// <summary>How many times one member may redeem it (absent: unlimited). Denied redemptions do not count.</summary>
    public int? PerMemberLimit { get; init; }
    public RewardKind Kind { get; init; } = RewardKind.Manual;
    /// <summary>For <see cref="RewardKind.Role"/>: the role granted on approval.</summary>
    public ulong? RoleId { get; init; }

    internal static bool IsValidId(string id) => id.Length is > 0 and <= 40 && id.All(c => char.IsAsciiLetterOrDigit(c) || c == '-');
}
