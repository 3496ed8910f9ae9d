namespace CommunityBot.Features.Moderation.Automod;

/// <summary>
/// Finds every occurrence of many patterns in one pass over the text (Aho–Corasick automaton). Used for the
/// opt-in substring word rules, so 1,000 of them cost one scan per word rather than 1,000.
/// </summary>
public sealed class AhoCorasick
{
    private readonly Dictionary<(int State, char C), int> _goto = [];
    private readonly List<int> _fail = [0];
    private readonly List<List<int>?> _outputs = [null];
    private readonly List<int> _lengths = [];

    public AhoCorasick(IReadOnlyList<string> patterns)
    {
        for (var p = 0; p < patterns.Count; p++)
        {
            var state = 0;
            foreach (var c in patterns[p])
            {
                if (!_goto.TryGetValue((state, c), out var next))
                {
                    next = _fail.Count;
                    _fail.Add(0);
                    _outputs.Add(null);
                    _goto[(state, c)] = next;
                }
                state = next;
            }
            (_outputs[state] ??= []).Add(p);
            _lengths.Add(patterns[p].Length);
        }
        BuildFailureLinks();
    }

    public int PatternCount => _lengths.Count;

    private void BuildFailureLinks()
    {
        var children = new Dictionary<int, List<(char C, int Next)>>();
        foreach (var ((state, c), next) in _goto)
        {
            if (!children.TryGetValue(state, out var list)) children[state] = list = [];
            list.Add((c, next));
        }
        var queue = new Queue<int>();
        foreach (var (_, next) in children.GetValueOrDefault(0) ?? []) queue.Enqueue(next);
        while (queue.Count > 0)
        {
            var state = queue.Dequeue();
            foreach (var (c, next) in children.GetValueOrDefault(state) ?? [])
            {
                var f = _fail[state];
                while (f != 0 && !_goto.ContainsKey((f, c))) f = _fail[f];
                _fail[next] = _goto.TryGetValue((f, c), out var target) && target != next ? target : 0;
                if (_outputs[_fail[next]] is { } inherited) (_outputs[next] ??= []).AddRange(inherited);
                queue.Enqueue(next);
            }
        }
    }

    /// <summary>Adds the index of every pattern occurring in <paramref name="text"/> to <paramref name="found"/> (once per occurrence).</summary>
    public void Scan(ReadOnlySpan<char> text, List<int> found)
    {
        var state = 0;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            int next;
            while (!_goto.TryGetValue((state, c), out next) && state != 0) state = _fail[state];
            state = _goto.TryGetValue((state, c), out next) ? next : 0;
            if (_outputs[state] is { } outputs) found.AddRange(outputs);
        }
    }
}
