using System.Text.Json.Serialization;
using CommunityBot.Configuration;
using CommunityBot.Localisation;

namespace CommunityBot.Features.Onboarding;

/// <summary>The <c>onboarding</c> section of a guild in <c>community.json</c>. Every part is optional: absent = off.</summary>
public sealed class OnboardingSettings
{
    /// <summary>A note for people editing the file ("$comment").</summary>
    [JsonPropertyName("$comment")] public string? Comment { get; init; }

    /// <summary>Named channels for <c>{channel:name}</c> links in templates (e.g. "rules", "intros", "faq").</summary>
    public Dictionary<string, ulong> Channels { get; init; } = [];
    public WelcomeSettings? Welcome { get; init; }
    public AutoRoleSettings? AutoRoles { get; init; }
    public RulesSettings? Rules { get; init; }
    public InterestSettings? Interests { get; init; }
    public NudgeSettings? Nudge { get; init; }
    public RejoinSettings Rejoin { get; init; } = new();
}

public sealed class WelcomeSettings
{
    [JsonPropertyName("$comment")] public string? Comment { get; init; }
    /// <summary>Where the public welcome goes; without it only the DM (if any) is sent.</summary>
    public ulong? ChannelId { get; init; }
    public LocalizedText? Message { get; init; }
    /// <summary>Used instead of <see cref="Message"/> for someone who was here before.</summary>
    public LocalizedText? RejoinMessage { get; init; }
    /// <summary>A private welcome; members with closed DMs are recorded and skipped.</summary>
    public LocalizedText? DirectMessage { get; init; }
    /// <summary>
    /// Sent instead of <see cref="DirectMessage"/> (and only when that is set) to a returning member whose acceptance
    /// was restored: they know the rules already. Default: a short welcome-back in the member's language.
    /// </summary>
    public LocalizedText? RejoinDirectMessage { get; init; }
    /// <summary>Whether <c>{user}</c> in the public welcome notifies the newcomer (nobody else is ever pinged).</summary>
    public bool PingMember { get; init; } = true;
}

public sealed class AutoRoleSettings
{
    [JsonPropertyName("$comment")] public string? Comment { get; init; }
    public ulong[] RoleIds { get; init; } = [];
    /// <summary>0 = at join; otherwise a durable delay (e.g. a "verified for 10 minutes" role).</summary>
    public int DelayMinutes { get; init; }
}

public sealed class RulesSettings
{
    [JsonPropertyName("$comment")] public string? Comment { get; init; }
    public ulong ChannelId { get; init; }
    /// <summary>Default: "Server rules" in the server's language.</summary>
    public LocalizedText? Title { get; init; }
    public LocalizedText Text { get; init; } = "";
    /// <summary>Default: "I accept" in the server's language.</summary>
    public LocalizedText? ButtonLabel { get; init; }
    /// <summary>Granted on accept.</summary>
    public ulong MemberRoleId { get; init; }
    /// <summary>Given at join and removed on accept.</summary>
    public ulong? NewcomerRoleId { get; init; }
    /// <summary>The ephemeral answer to "I accept": links to the intro channel, FAQ, events. Default: a short thanks.</summary>
    public LocalizedText? FirstSteps { get; init; }
}

public sealed class InterestSettings
{
    [JsonPropertyName("$comment")] public string? Comment { get; init; }
    /// <summary>Default: "Pick your interests" in the server's language.</summary>
    public LocalizedText? Placeholder { get; init; }
    public int MinValues { get; init; }
    /// <summary>Defaults to the number of roles.</summary>
    public int? MaxValues { get; init; }
    public InterestRole[] Roles { get; init; } = [];

    public int EffectiveMaxValues => MaxValues ?? Roles.Length;
}

public sealed class InterestRole
{
    public ulong RoleId { get; init; }
    public LocalizedText Label { get; init; } = "";
    public LocalizedText? Description { get; init; }
    /// <summary>A unicode emoji shown beside the label.</summary>
    public string? Emoji { get; init; }
}

public sealed class NudgeSettings
{
    [JsonPropertyName("$comment")] public string? Comment { get; init; }
    /// <summary>Hours after joining; the reminder is skipped for anyone who accepted or left by then.</summary>
    public double AfterHours { get; init; } = 24;
    /// <summary>Default: a friendly reminder in the member's language linking {channel:rules}.</summary>
    public LocalizedText? Message { get; init; }
}

public enum RejoinMode
{
    /// <summary>Someone who accepted the rules before gets the member role back at once.</summary>
    Restore,
    /// <summary>Everyone goes through the rules gate again.</summary>
    AskAgain,
}

public sealed class RejoinSettings
{
    [JsonPropertyName("$comment")] public string? Comment { get; init; }
    public RejoinMode Mode { get; init; } = RejoinMode.Restore;
}

/// <summary>The checks a JSON Schema cannot express: templates, Discord length limits, cross-references.</summary>
public static class OnboardingSettingsValidator
{
    public static void Validate(OnboardingSettings s, ConfigValidationContext ctx)
    {
        foreach (var name in s.Channels.Keys.Where(k => k.Length == 0 || k.Contains('}') || k.Contains('{')))
            ctx.Error($"channels[\"{name}\"]", "channel names must be non-empty and contain no braces");

        if (s.Welcome is { } w)
        {
            Template(ctx, "welcome.message", w.Message, 1800, TemplateScope.Member, s);
            Template(ctx, "welcome.rejoinMessage", w.RejoinMessage, 1800, TemplateScope.Member, s);
            Template(ctx, "welcome.directMessage", w.DirectMessage, 1800, TemplateScope.Member, s);
            Template(ctx, "welcome.rejoinDirectMessage", w.RejoinDirectMessage, 1800, TemplateScope.Member, s);
            if (w.ChannelId is null && (w.Message ?? w.RejoinMessage) is not null)
                ctx.Error("welcome.channelId", "is required when welcome.message or welcome.rejoinMessage is set");
        }

        if (s.AutoRoles is { } a)
        {
            ctx.NotNegative("autoRoles.delayMinutes", a.DelayMinutes);
            if (a.DelayMinutes > 60 * 24 * 28) ctx.Error("autoRoles.delayMinutes", "must be at most 40320 (28 days)");
        }

        if (s.Rules is { } r)
        {
            if (r.ChannelId == 0) ctx.Error("rules.channelId", "is required");
            if (r.MemberRoleId == 0) ctx.Error("rules.memberRoleId", "is required");
            if (r.NewcomerRoleId == r.MemberRoleId) ctx.Error("rules.newcomerRoleId", "must differ from rules.memberRoleId");
            Length(ctx, "rules.title", r.Title, 1, 200);
            Template(ctx, "rules.title", r.Title, 200, TemplateScope.Guild, s);
            Length(ctx, "rules.buttonLabel", r.ButtonLabel, 1, 80);
            Template(ctx, "rules.text", r.Text, 4096, TemplateScope.Guild, s, required: true);
            Template(ctx, "rules.firstSteps", r.FirstSteps, 1800, TemplateScope.Member, s);
        }

        if (s.Interests is { } i)
        {
            if (i.Roles.Length is 0 or > 25) ctx.Error("interests.roles", $"must list 1 to 25 roles (found {i.Roles.Length})");
            Length(ctx, "interests.placeholder", i.Placeholder, 0, 150);
            if (i.MinValues < 0 || i.MinValues > 25) ctx.Error("interests.minValues", $"must be between 0 and 25 (found {i.MinValues})");
            if (i.EffectiveMaxValues < 1 || i.EffectiveMaxValues > Math.Max(1, i.Roles.Length))
                ctx.Error("interests.maxValues", $"must be between 1 and the number of roles ({i.Roles.Length}) (found {i.EffectiveMaxValues})");
            if (i.MinValues > i.EffectiveMaxValues) ctx.Error("interests.minValues", $"must not exceed maxValues ({i.EffectiveMaxValues})");
            for (var n = 0; n < i.Roles.Length; n++)
            {
                var role = i.Roles[n];
                Length(ctx, $"interests.roles[{n}].label", role.Label, 1, 100);
                if (role.Description is { } d) Length(ctx, $"interests.roles[{n}].description", d, 0, 100);
                if (role.RoleId == 0) ctx.Error($"interests.roles[{n}].roleId", "is required");
                if (i.Roles.Take(n).Any(other => other.RoleId == role.RoleId)) ctx.Error($"interests.roles[{n}].roleId", "is listed twice");
                if (s.Rules is { } rules && (role.RoleId == rules.MemberRoleId || role.RoleId == rules.NewcomerRoleId))
                    ctx.Error($"interests.roles[{n}].roleId", "must not be the member or newcomer role: interests must never bypass the rules gate");
                if (ctx.Guild.ModeratorRoleIds.Contains(role.RoleId) || ctx.Guild.AdminRoleIds.Contains(role.RoleId))
                    ctx.Error($"interests.roles[{n}].roleId", "is a moderator or admin role and can never be self-assigned");
            }
        }

        if (s.Nudge is { } nudge)
        {
            if (nudge.AfterHours <= 0 || nudge.AfterHours > 24 * 28) ctx.Error("nudge.afterHours", $"must be more than 0 and at most 672 (28 days) (found {nudge.AfterHours})");
            Template(ctx, "nudge.message", nudge.Message, 1800, TemplateScope.Member, s);
            if (s.Rules is null) ctx.Error("nudge", "needs onboarding.rules: the nudge reminds members to accept the rules");
        }
    }

    /// <summary>Checks every language's text; a per-language problem names the language in the path (<c>rules.text.ko</c>).</summary>
    private static void Template(ConfigValidationContext ctx, string path, LocalizedText? text, int maxLength, TemplateScope scope, OnboardingSettings s, bool required = false)
    {
        if (text is null || text.All.All(t => t.Length == 0))
        {
            if (required) ctx.Error(path, "is required");
            return;
        }
        foreach (var (language, variant) in text.Variants)
        {
            var at = language.Length == 0 ? path : $"{path}.{language}";
            if (variant.Length == 0) ctx.Error(at, "must not be empty");
            if (variant.Length > maxLength) ctx.Error(at, $"must be at most {maxLength} characters (found {variant.Length})");
            foreach (var problem in OnboardingTemplate.Problems(variant, scope, s.Channels)) ctx.Error(at, problem);
        }
    }

    private static void Length(ConfigValidationContext ctx, string path, LocalizedText? text, int min, int max)
    {
        if (text is null) return;
        foreach (var (language, variant) in text.Variants)
            if (variant.Length < min || variant.Length > max)
                ctx.Error(language.Length == 0 ? path : $"{path}.{language}", $"must be {min} to {max} characters (found {variant.Length})");
    }
}
