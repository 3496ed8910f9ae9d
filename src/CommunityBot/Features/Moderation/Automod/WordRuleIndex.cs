namespace CommunityBot.Features.Moderation.Automod;

/// <summary>A word rule hit: which rule, and which stretch of normalised text (to quote the original).</summary>
public readonly record struct WordHit(int Rule, int Start, int End);

/// <summary>
/// Every word rule of a guild in one index, so a message costs a dictionary lookup per word whatever the number of
/// rules. Words match whole words by default (so "ass" never fires on "assistance" or "class"); each word is tried
/// as written, without attached punctuation, and with stretched letters collapsed ("fuuuck"). Two neighbouring
/// words are tried joined ("as s"), and a run of single letters is read as one word ("a s s", "a.s.s").
/// Multi-word phrases match consecutive words; substring entries (opt-in) use one Aho–Corasick pass per word.
/// </summary>
public sealed class WordRuleIndex
{
    private readonly Dictionary<string, int[]> _words = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int[]>.AlternateLookup<ReadOnlySpan<char>> _lookup;
    private readonly Dictionary<string, List<(string[] Tail, int Rule)>> _phrases = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<(string[] Tail, int Rule)>>.AlternateLookup<ReadOnlySpan<char>> _phraseLookup;
    private readonly AhoCorasick? _substrings;
    private readonly int[] _substringRules = [];
    private readonly int _maxWordLength;
    [ThreadStatic] private static List<int>? _foundPerThread;
    private static List<int> Found => _foundPerThread ??= [];

    /// <param name="entries">(rule index, word or phrase as the admin wrote it, substring?)</param>
    public WordRuleIndex(IEnumerable<(int Rule, string Word, bool Substring)> entries)
    {
        var words = new Dictionary<string, HashSet<int>>(StringComparer.Ordinal);
        var substringPatterns = new List<string>();
        var substringRules = new List<int>();
        foreach (var (rule, word, substring) in entries)
        {
            var normalized = TextNormalizer.NormalizeWord(word);
            var parts = Tokenizer.Tokenize(normalized).Select(t => Mapped(normalized.AsSpan(t.Start, t.End - t.Start))).ToArray();
            if (parts.Length == 0) continue;
            if (parts.Length > 1)
            {
                if (!_phrases.TryGetValue(parts[0], out var list)) _phrases[parts[0]] = list = [];
                list.Add((parts[1..], rule));
            }
            else if (substring)
            {
                substringPatterns.Add(parts[0]);
                substringRules.Add(rule);
            }
            else
            {
                if (!words.TryGetValue(parts[0], out var set)) words[parts[0]] = set = [];
                set.Add(rule);
                _maxWordLength = Math.Max(_maxWordLength, parts[0].Length);
            }
        }
        foreach (var (word, rules) in words) _words[word] = [.. rules];
        _lookup = _words.GetAlternateLookup<ReadOnlySpan<char>>();
        _phraseLookup = _phrases.GetAlternateLookup<ReadOnlySpan<char>>();
        if (substringPatterns.Count > 0)
        {
            _substrings = new AhoCorasick(substringPatterns);
            _substringRules = [.. substringRules];
        }
    }

    public bool IsEmpty => _words.Count == 0 && _phrases.Count == 0 && _substrings is null;

    public void Find(string text, List<Token> tokens, List<WordHit> hits)
    {
        if (IsEmpty || tokens.Count == 0) return;
        Span<char> scratch = text.Length <= 512 ? stackalloc char[text.Length * 2 + 2] : new char[text.Length * 2 + 2];
        var singlesStart = -1;
        for (var i = 0; i < tokens.Count; i++)
        {
            var token = tokens[i];
            var core = Map(text.AsSpan(token.CoreStart, token.CoreLength), scratch);
            MatchWord(core, token.Start, token.End, hits, scratch[core.Length..]);
            if (token.CoreStart != token.Start || token.CoreEnd != token.End)
                MatchWord(Map(text.AsSpan(token.Start, token.End - token.Start), scratch), token.Start, token.End, hits, scratch[(token.End - token.Start)..]);

            MatchPhrases(text, tokens, i, hits, scratch);
            if (i + 1 < tokens.Count) MatchJoinedPair(text, token, tokens[i + 1], hits, scratch);

            // Runs of single letters ("a s s") are read as one word once the run ends.
            if (token.CoreLength == 1)
            {
                if (singlesStart < 0) singlesStart = i;
                var runEnds = i + 1 == tokens.Count || tokens[i + 1].CoreLength != 1;
                if (runEnds && i - singlesStart >= 1) MatchSingles(text, tokens, singlesStart, i, hits, scratch);
                if (runEnds) singlesStart = -1;
            }
        }
    }

    private void MatchWord(ReadOnlySpan<char> word, int start, int end, List<WordHit> hits, Span<char> spare)
    {
        if (word.Length <= _maxWordLength && _lookup.TryGetValue(word, out var rules))
            foreach (var rule in rules) hits.Add(new WordHit(rule, start, end));
        if (HasStretch(word))
        {
            var once = Collapse(word, spare, keep: 1);
            if (_lookup.TryGetValue(once, out rules)) foreach (var rule in rules) hits.Add(new WordHit(rule, start, end));
            var twice = Collapse(word, spare, keep: 2);
            if (_lookup.TryGetValue(twice, out rules)) foreach (var rule in rules) hits.Add(new WordHit(rule, start, end));
        }
        if (_substrings is not null)
        {
            var found = Found;
            found.Clear();
            _substrings.Scan(word, found);
            foreach (var pattern in found) hits.Add(new WordHit(_substringRules[pattern], start, end));
        }
    }

    private void MatchPhrases(string text, List<Token> tokens, int first, List<WordHit> hits, Span<char> scratch)
    {
        if (_phrases.Count == 0) return;
        var head = Map(text.AsSpan(tokens[first].CoreStart, tokens[first].CoreLength), scratch);
        if (!_phraseLookup.TryGetValue(head, out var candidates)) return;
        foreach (var (rest, rule) in candidates)
        {
            if (first + rest.Length >= tokens.Count) continue;
            var all = true;
            for (var k = 0; k < rest.Length && all; k++)
            {
                var next = tokens[first + 1 + k];
                all = Map(text.AsSpan(next.CoreStart, next.CoreLength), scratch).SequenceEqual(rest[k]);
            }
            if (all) hits.Add(new WordHit(rule, tokens[first].Start, tokens[first + rest.Length].End));
        }
    }

    private void MatchJoinedPair(string text, Token a, Token b, List<WordHit> hits, Span<char> scratch)
    {
        var length = a.CoreLength + b.CoreLength;
        if (length > _maxWordLength || _words.Count == 0) return;
        var joined = scratch[..length];
        Map(text.AsSpan(a.CoreStart, a.CoreLength), joined);
        Map(text.AsSpan(b.CoreStart, b.CoreLength), joined[a.CoreLength..]);
        if (_lookup.TryGetValue(joined, out var rules))
            foreach (var rule in rules) hits.Add(new WordHit(rule, a.Start, b.End));
    }

    private void MatchSingles(string text, List<Token> tokens, int from, int to, List<WordHit> hits, Span<char> scratch)
    {
        var count = to - from + 1;
        for (var k = 0; k < count; k++) scratch[k] = TextNormalizer.LeetLetter(text[tokens[from + k].CoreStart]);
        MatchWord(scratch[..count], tokens[from].Start, tokens[to].End, hits, scratch[count..]);
    }

    private static string Mapped(ReadOnlySpan<char> word)
    {
        Span<char> buffer = stackalloc char[word.Length];
        return new string(Map(word, buffer));
    }

    private static ReadOnlySpan<char> Map(ReadOnlySpan<char> word, Span<char> into)
    {
        for (var k = 0; k < word.Length; k++) into[k] = TextNormalizer.LeetLetter(word[k]);
        return into[..word.Length];
    }

    private static bool HasStretch(ReadOnlySpan<char> word)
    {
        for (var k = 2; k < word.Length; k++)
            if (word[k] == word[k - 1] && word[k] == word[k - 2]) return true;
        return false;
    }

    /// <summary>Shortens every run of three or more equal letters to <paramref name="keep"/> letters.</summary>
    private static ReadOnlySpan<char> Collapse(ReadOnlySpan<char> word, Span<char> into, int keep)
    {
        var n = 0;
        for (var k = 0; k < word.Length;)
        {
            var run = 1;
            while (k + run < word.Length && word[k + run] == word[k]) run++;
            var take = run >= 3 ? keep : run;
            for (var r = 0; r < take; r++) into[n++] = word[k];
            k += run;
        }
        return into[..n];
    }
}
