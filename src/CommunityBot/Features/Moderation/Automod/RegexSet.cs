using System.Text.RegularExpressions;

namespace CommunityBot.Features.Moderation.Automod;

/// <summary>
/// Admin regexes checked together: one non-backtracking alternation answers "does any match?" in a single linear
/// pass; only when it says yes are the individual patterns run to say which rule matched and on what.
/// </summary>
internal sealed class RegexSet
{
    private readonly (int Rule, Regex Regex)[] _members;
    private readonly Regex? _any;

    public RegexSet(IReadOnlyList<(int Rule, Regex Regex, string Pattern)> members)
    {
        _members = members.Select(m => (m.Rule, m.Regex)).ToArray();
        if (members.Count == 0) return;
        var alternation = string.Join("|", members.Select(m => $"(?{((m.Regex.Options & RegexOptions.IgnoreCase) != 0 ? "i" : "")}:{m.Pattern})"));
        try
        {
            _any = AutomodEngine.Compile(alternation, ignoreCase: false);
        }
        catch (ArgumentException)
        {
            // A pattern that only compiles on its own (e.g. it relies on a top-level inline option): check one by one.
            _any = null;
        }
    }

    public List<(int Rule, string Evidence)> Matches(string text)
    {
        var found = new List<(int, string)>();
        if (_members.Length == 0) return found;
        // The non-backtracking engine is linear; the timeout is a second bound on a pathological automaton build.
        try
        {
            if (_any is not null && !_any.IsMatch(text)) return found;
            foreach (var (rule, regex) in _members)
                if (regex.Match(text) is { Success: true } match) found.Add((rule, match.Value.Length > 0 ? match.Value : "(empty match)"));
        }
        catch (RegexMatchTimeoutException) { }
        return found;
    }
}
