namespace CommunityBot.StandIn.Rest;

/// <summary>
/// Matches a concrete path against Discord-style templates (<c>/channels/{channel_id}/messages</c>). Literal segments
/// win over parameters, so <c>…/reactions/{emoji}/@me</c> beats <c>…/reactions/{emoji}/{user_id}</c>.
/// </summary>
internal sealed class RouteTable<T>
{
    private readonly List<(string Method, string Template, string[] Segments, T Value)> _routes = new();

    public IEnumerable<(string Method, string Template, T Value)> All => _routes.Select(r => (r.Method, r.Template, r.Value));

    public void Add(string method, string template, T value) =>
        _routes.Add((method.ToUpperInvariant(), template, Split(template), value));

    public bool TryMatch(string method, string path, out RouteMatch<T> match)
    {
        var segments = Split(path);
        match = default;
        var bestScore = -1;
        foreach (var route in _routes)
        {
            if (route.Method != method || route.Segments.Length != segments.Length) continue;
            var score = 0;
            var ok = true;
            for (var i = 0; i < segments.Length && ok; i++)
            {
                if (IsParameter(route.Segments[i])) continue;
                if (route.Segments[i] == segments[i]) score++;
                else ok = false;
            }
            if (!ok || score <= bestScore) continue;
            bestScore = score;
            var values = new Dictionary<string, string>(StringComparer.Ordinal);
            for (var i = 0; i < segments.Length; i++)
                if (IsParameter(route.Segments[i])) values[route.Segments[i][1..^1]] = Uri.UnescapeDataString(segments[i]);
            match = new RouteMatch<T>(route.Template, route.Value, values);
        }
        return bestScore >= 0;
    }

    /// <summary>Whether any method is registered for this path (to tell 405 from 404).</summary>
    public bool PathExists(string path) =>
        _routes.Select(r => r.Method).Distinct().Any(m => TryMatch(m, path, out _));

    private static bool IsParameter(string segment) => segment.Length > 2 && segment[0] == '{' && segment[^1] == '}';

    private static string[] Split(string path) => path.Trim('/').Split('/');
}

internal readonly record struct RouteMatch<T>(string Template, T Value, IReadOnlyDictionary<string, string> Parameters);
