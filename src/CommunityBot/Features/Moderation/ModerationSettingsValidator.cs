using CommunityBot.Configuration;
using CommunityBot.Features.Moderation.Automod;
using CommunityBot.Features.Moderation.Queue;

namespace CommunityBot.Features.Moderation;

/// <summary>The checks a schema cannot express: regexes compile safely, names are unique, thresholds make sense.</summary>
public static class ModerationSettingsValidator
{
    public static void Validate(ModerationSettings s, ConfigValidationContext ctx)
    {
        var names = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < s.Rules.Length; i++)
        {
            var rule = s.Rules[i];
            var path = $"rules[{i}]";
            if (string.IsNullOrWhiteSpace(rule.Name)) ctx.Error($"{path}.name", "every rule needs a name (it is shown on cards and in cases)");
            else if (!names.Add(rule.Name)) ctx.Error($"{path}.name", $"two rules are called '{rule.Name}'; names must be unique");
            switch (rule.Type)
            {
                case AutomodRuleType.Words when rule.Words.Length == 0:
                    ctx.Error($"{path}.words", "a words rule needs at least one word");
                    break;
                case AutomodRuleType.Words:
                    for (var w = 0; w < rule.Words.Length; w++)
                        if (TextNormalizer.NormalizeWord(rule.Words[w]).All(c => !char.IsLetterOrDigit(c)))
                            ctx.Error($"{path}.words[{w}]", "has no letters or digits to match");
                    break;
                case AutomodRuleType.Regex when string.IsNullOrEmpty(rule.Pattern):
                    ctx.Error($"{path}.pattern", "a regex rule needs a pattern");
                    break;
                case AutomodRuleType.Regex:
                    ctx.Regex($"{path}.pattern", rule.Pattern!);
                    break;
                case AutomodRuleType.Links when rule.DenyDomains.Length == 0 && rule.AllowDomains.Length == 0:
                    ctx.Error(path, "a links rule needs denyDomains or allowDomains");
                    break;
                case AutomodRuleType.Flood or AutomodRuleType.Duplicates:
                    ctx.Positive($"{path}.seconds", rule.Seconds);
                    if (rule.Seconds > 600) ctx.Error($"{path}.seconds", "must be at most 600 (recent activity is kept for 10 minutes)");
                    ctx.Positive(rule.Type == AutomodRuleType.Flood ? $"{path}.messages" : $"{path}.channels", rule.Type == AutomodRuleType.Flood ? rule.Messages : rule.Channels);
                    break;
                case AutomodRuleType.Caps when rule.MaxCapsRatio is <= 0 or > 1:
                    ctx.Error($"{path}.maxCapsRatio", "must be between 0 and 1 (e.g. 0.7 = 70% capitals)");
                    break;
            }
            if (rule.Action == AutomodAction.Timeout && (rule.TimeoutMinutes <= 0 || rule.TimeoutMinutes > 28 * 24 * 60))
                ctx.Error($"{path}.timeoutMinutes", "must be between 1 and 40320 (28 days, Discord's limit)");
        }
        for (var i = 0; i < s.Escalation.Length; i++)
        {
            ctx.Positive($"escalation[{i}].warnings", s.Escalation[i].Warnings);
            ctx.Positive($"escalation[{i}].withinDays", s.Escalation[i].WithinDays);
            if (s.Escalation[i].Action == EscalationAction.Timeout && s.Escalation[i].DurationMinutes is <= 0 or > 28 * 24 * 60)
                ctx.Error($"escalation[{i}].durationMinutes", "must be between 1 and 40320 (28 days, Discord's limit)");
        }
        if (s.Escalation.GroupBy(e => e.Warnings).FirstOrDefault(g => g.Count() > 1) is { } twice)
            ctx.Error("escalation", $"two steps fire at {twice.Key} warnings; keep one");
        ctx.Positive("queue.timeoutMinutes", s.Queue.TimeoutMinutes);
        var emoji = QueueReactions.All(s.Queue).Select(r => r.Emoji).ToList();
        if (emoji.Any(string.IsNullOrWhiteSpace) || emoji.Distinct().Count() != emoji.Count) ctx.Error("queue", "each queue action needs its own, non-empty emoji");
        if (s.Rules.Length > 0 && s.ModQueueChannelId is null && s.Rules.Any(r => r.Action is AutomodAction.Flag or AutomodAction.DeleteAndFlag))
            ctx.Error("modQueueChannelId", "rules that flag need a mod-queue channel to flag to");
    }
}
