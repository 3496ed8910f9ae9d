using System.Runtime.CompilerServices;
using System.Text.RegularExpressions;
using CommunityBot.Discord.Models;

namespace CommunityBot.Features.Moderation.Automod;

/// <summary>
/// A guild's automod rules compiled once per config snapshot: every word rule in one <see cref="WordRuleIndex"/>,
/// every regex in one non-backtracking alternation used as a pre-filter (a message that matches none — nearly
/// all of them — costs one linear scan), then the cheap structural checks. Evaluation is pure except for the
/// flood and duplicate rules, which read the <see cref="MemberActivityTracker"/> when one is given.
/// </summary>
public sealed partial class AutomodEngine
{
    private static readonly ConditionalWeakTable<ModerationSettings, AutomodEngine> Compiled = [];
    private const RegexOptions Safe = RegexOptions.NonBacktracking | RegexOptions.CultureInvariant;
    private static readonly TimeSpan RegexBudget = TimeSpan.FromMilliseconds(100);

    private readonly AutomodRuleSettings[] _rules;
    private readonly WordRuleIndex _words;
    private readonly RegexSet _rawRegexes;
    private readonly RegexSet _normalizedRegexes;
    private readonly bool _needsTokens;

    private AutomodEngine(ModerationSettings settings)
    {
        _rules = settings.Rules;
        var wordEntries = new List<(int, string, bool)>();
        var raw = new List<(int, Regex, string)>();
        var normalized = new List<(int, Regex, string)>();
        for (var i = 0; i < _rules.Length; i++)
        {
            var rule = _rules[i];
            if (rule.Type == AutomodRuleType.Words)
                wordEntries.AddRange(rule.Words.Select(w => (i, w, rule.Substring)));
            else if (rule.Type == AutomodRuleType.Regex && rule.Pattern is { } pattern)
                (rule.MatchNormalized ? normalized : raw).Add((i, Compile(pattern, rule.IgnoreCase), pattern));
        }
        _words = new WordRuleIndex(wordEntries);
        _rawRegexes = new RegexSet(raw);
        _normalizedRegexes = new RegexSet(normalized);
        _needsTokens = !_words.IsEmpty || normalized.Count > 0;
    }

    public static AutomodEngine For(ModerationSettings settings) => Compiled.GetValue(settings, s => new AutomodEngine(s));

    /// <summary>How admin patterns run: linear-time engine, so no input can make them hang.</summary>
    public static Regex Compile(string pattern, bool ignoreCase) =>
        new(pattern, Safe | (ignoreCase ? RegexOptions.IgnoreCase : RegexOptions.None), RegexBudget);

    public IReadOnlyList<AutomodRuleSettings> Rules => _rules;

    /// <param name="allowedInvites">Invite codes of this server (its own invites are never flagged).</param>
    /// <param name="activity">The author's recent messages including this one; null skips the flood and duplicate rules.</param>
    public List<AutomodMatch> Evaluate(AutomodMessage message, IReadOnlySet<string> allowedInvites, IReadOnlyList<MemberActivityTracker.Entry>? activity)
    {
        var matches = new List<AutomodMatch>();
        NormalizedText? normalized = null;
        if (_needsTokens)
        {
            normalized = TextNormalizer.Normalize(message.Content);
            var tokens = Tokenizer.Tokenize(normalized.Text);
            var hits = new List<WordHit>();
            _words.Find(normalized.Text, tokens, hits);
            foreach (var hit in hits) Add(matches, message, hit.Rule, normalized.OriginalSpan(hit.Start, hit.End));
        }
        foreach (var (rule, evidence) in _rawRegexes.Matches(message.Content)) Add(matches, message, rule, evidence);
        if (normalized is not null)
            foreach (var (rule, evidence) in _normalizedRegexes.Matches(normalized.Text)) Add(matches, message, rule, evidence);

        for (var i = 0; i < _rules.Length; i++)
        {
            var evidence = _rules[i].Type switch
            {
                AutomodRuleType.Invites => ForeignInvite(message.Content, allowedInvites),
                AutomodRuleType.Links => DisallowedLink(message.Content, _rules[i]),
                AutomodRuleType.MentionSpam => MentionSpam(message, _rules[i]),
                AutomodRuleType.Caps => Shouting(message.Content, _rules[i]),
                AutomodRuleType.Flood when activity is not null => Flood(message, activity, _rules[i]),
                AutomodRuleType.Duplicates when activity is not null => Duplicates(message, activity, _rules[i]),
                _ => null,
            };
            if (evidence is not null) Add(matches, message, i, evidence);
        }
        return matches;
    }

    private void Add(List<AutomodMatch> matches, AutomodMessage message, int ruleIndex, string evidence)
    {
        var rule = _rules[ruleIndex];
        if (matches.Any(m => m.RuleIndex == ruleIndex) || !Applies(rule, message)) return;
        matches.Add(new AutomodMatch(ruleIndex, rule.Name, rule.Type, rule.Action, evidence));
    }

    private static bool Applies(AutomodRuleSettings rule, AutomodMessage message)
    {
        if (rule.ExemptChannelIds.Contains(message.ChannelId) || message.RoleIds.Any(rule.ExemptRoleIds.Contains)) return false;
        if (rule.When is not { } when) return true;
        if (when.AccountYoungerThanDays is { } days && message.SentAt - Snowflake.CreatedAt(message.AuthorId) >= TimeSpan.FromDays(days)) return false;
        // Unknown join time: the condition cannot be shown to hold, so the rule stays quiet rather than guess.
        if (when.JoinedWithinHours is { } hours && (message.JoinedAt is not { } joined || message.SentAt - joined >= TimeSpan.FromHours(hours))) return false;
        return true;
    }

    [GeneratedRegex(@"(?:discord(?:app)?\.com/invite|discord\.gg)/([a-z0-9-]{2,32})", RegexOptions.IgnoreCase | RegexOptions.NonBacktracking | RegexOptions.CultureInvariant)]
    private static partial Regex InvitePattern();

    [GeneratedRegex(@"https?://([^\s/?#<>:@]+)", RegexOptions.IgnoreCase | RegexOptions.NonBacktracking | RegexOptions.CultureInvariant)]
    private static partial Regex LinkPattern();

    private static string? ForeignInvite(string content, IReadOnlySet<string> allowed)
    {
        if (!content.Contains("discord", StringComparison.OrdinalIgnoreCase)) return null;
        foreach (Match match in InvitePattern().Matches(content))
            if (!allowed.Contains(match.Groups[1].Value)) return match.Value;
        return null;
    }

    private static string? DisallowedLink(string content, AutomodRuleSettings rule)
    {
        if (!content.Contains("://", StringComparison.Ordinal)) return null;
        foreach (Match match in LinkPattern().Matches(content))
        {
            var host = match.Groups[1].Value.TrimEnd('.').ToLowerInvariant();
            if (rule.DenyDomains.Any(d => IsUnder(host, d))) return match.Value;
            if (rule.AllowDomains.Length > 0 && !rule.AllowDomains.Any(d => IsUnder(host, d))) return match.Value;
        }
        return null;
    }

    /// <summary>"cdn.example.com" is under "example.com"; "badexample.com" is not.</summary>
    public static bool IsUnder(string host, string domain)
    {
        domain = domain.Trim().TrimStart('.').ToLowerInvariant();
        return host == domain || host.EndsWith("." + domain, StringComparison.Ordinal);
    }

    private static string? MentionSpam(AutomodMessage message, AutomodRuleSettings rule)
    {
        var count = message.UserMentions + message.RoleMentions + (message.MentionsEveryone ? 1 : 0);
        return count >= rule.MaxMentions ? $"{count} mentions (limit {rule.MaxMentions})" : null;
    }

    private static string? Shouting(string content, AutomodRuleSettings rule)
    {
        int letters = 0, upper = 0;
        foreach (var c in content)
        {
            if (!char.IsLetter(c)) continue;
            letters++;
            if (char.IsUpper(c)) upper++;
        }
        if (letters < rule.MinLetters || letters == 0) return null;
        var ratio = (double)upper / letters;
        return ratio >= rule.MaxCapsRatio ? $"{ratio:P0} capitals (limit {rule.MaxCapsRatio:P0})" : null;
    }

    private static string? Flood(AutomodMessage message, IReadOnlyList<MemberActivityTracker.Entry> activity, AutomodRuleSettings rule)
    {
        var since = message.SentAt - TimeSpan.FromSeconds(rule.Seconds);
        var count = activity.Count(e => e.At > since && e.At <= message.SentAt);
        return count >= rule.Messages ? $"{count} messages in {rule.Seconds}s (limit {rule.Messages - 1})" : null;
    }

    private static string? Duplicates(AutomodMessage message, IReadOnlyList<MemberActivityTracker.Entry> activity, AutomodRuleSettings rule)
    {
        if (message.Content.Length == 0) return null;
        var since = message.SentAt - TimeSpan.FromSeconds(rule.Seconds);
        var hash = ContentHash(message.Content);
        var channels = activity.Where(e => e.At > since && e.ContentHash == hash).Select(e => e.ChannelId).Distinct().Count();
        return channels >= rule.Channels ? $"same message in {channels} channels within {rule.Seconds}s" : null;
    }

    /// <summary>Duplicates are compared after folding, so "BUY NOW" and "buy now" count as the same message.</summary>
    public static int ContentHash(string content) =>
        string.IsNullOrWhiteSpace(content) ? 0 : StringComparer.Ordinal.GetHashCode(TextNormalizer.Normalize(content.Trim()).Text);
}
