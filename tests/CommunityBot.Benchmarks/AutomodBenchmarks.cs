using BenchmarkDotNet.Attributes;
using CommunityBot.Features.Moderation;
using CommunityBot.Features.Moderation.Automod;

namespace CommunityBot.Benchmarks;

/// <summary>
/// Automod cost per message with 1,000 word entries (words, phrases and substring entries) and 50 regex rules on
/// ordinary chat (target: &lt; 20 µs median). See <see cref="AutomodAdversarialBenchmarks"/> for hostile input.
/// Run: dotnet run -c Release --project tests/CommunityBot.Benchmarks -- --filter '*Automod*' --job short --inProcess
/// </summary>
[MemoryDiagnoser, MedianColumn, MaxColumn]
public class AutomodBenchmarks
{
    private AutomodEngine _engine = null!;
    private AutomodMessage[] _chat = null!;
    private int _next;

    private static readonly string[] Chat =
    [
        "hey everyone, has anyone tried the new release yet?",
        "I think the build is failing because of the cache, try clearing it",
        "lol that's hilarious 😂",
        "Can someone help me with async streams in C#? I keep getting a deadlock when I call .Result",
        "thanks for the assistance yesterday, it worked!",
        "meeting notes are in the docs channel: https://github.com/org/repo/wiki",
        "Good morning! ☕",
        "Does anyone know if Scunthorpe has a user group?",
        "안녕하세요, 처음 왔어요",
        "¿Alguien habla español aquí? Necesito ayuda con la configuración",
        "ok",
        "I'll be 10 minutes late to the stream, start without me",
        "the docs say to set RegexOptions.NonBacktracking for user patterns",
        "Has anybody benchmarked SQLite WAL vs rollback journal for this?",
        "see you all at the event on Friday!",
        "that's a great idea, let's put it in #ideas",
    ];

    [GlobalSetup]
    public void Setup()
    {
        _engine = RuleSet.Build();
        _chat = Chat.Select(c => new AutomodMessage { Content = c, AuthorId = 1, ChannelId = 2, SentAt = DateTimeOffset.UtcNow }).ToArray();
        foreach (var m in _chat) _engine.Evaluate(m, RuleSet.NoInvites, null);
    }

    /// <summary>One ordinary chat message (cycling through 16 realistic ones).</summary>
    [Benchmark]
    public int ChatMessage() => _engine.Evaluate(_chat[_next++ & 15], RuleSet.NoInvites, null).Count;
}

/// <summary>Hostile messages (up to 4,000 characters) aimed at the regexes and the normaliser: target none over 10 ms.</summary>
[MemoryDiagnoser, MedianColumn, MaxColumn]
public class AutomodAdversarialBenchmarks
{
    private static readonly Dictionary<string, string> Inputs = new()
    {
        ["a*4000!"] = new string('a', 4000) + "!",
        ["a-space*2000"] = string.Concat(Enumerable.Repeat("a ", 2000)),
        ["a-zwsp*2000"] = string.Concat(Enumerable.Repeat("a\u200B", 2000)),
        ["zalgo*1000"] = string.Concat(Enumerable.Repeat("é̷̛̖", 1000)),
        ["leet-punct*4000"] = string.Concat(Enumerable.Repeat("@$!|+", 800)),
        ["free*800"] = string.Concat(Enumerable.Repeat("free ", 800)),
        ["hangul*3900"] = string.Concat(Enumerable.Repeat("시발점", 1300)),
    };

    private AutomodEngine _engine = null!;
    private AutomodMessage _message = null!;

    [ParamsSource(nameof(Names))]
    public string Input { get; set; } = "";

    public static IEnumerable<string> Names() => Inputs.Keys;

    [GlobalSetup]
    public void Setup()
    {
        _engine = RuleSet.Build();
        _message = new AutomodMessage { Content = Inputs[Input], AuthorId = 1, SentAt = DateTimeOffset.UtcNow };
    }

    [Benchmark]
    public int AdversarialMessage() => _engine.Evaluate(_message, RuleSet.NoInvites, null).Count;
}

/// <summary>The benchmark guild: 1,000 word entries in 20 rules and 50 regex rules, plus the structural rules.</summary>
internal static class RuleSet
{
    public static readonly IReadOnlySet<string> NoInvites = new HashSet<string>();

    public static AutomodEngine Build()
    {
        var random = new Random(42);
        string Word(int min, int max) => new(Enumerable.Range(0, random.Next(min, max)).Select(_ => (char)('a' + random.Next(26))).ToArray());
        var rules = new List<AutomodRuleSettings>();
        // 800 single words, 150 two-word phrases, 50 substring entries.
        for (var r = 0; r < 20; r++)
            rules.Add(new AutomodRuleSettings
            {
                Name = $"words-{r}", Type = AutomodRuleType.Words, Substring = r == 19,
                Words = r == 19 ? [.. Enumerable.Range(0, 50).Select(_ => Word(6, 9))]
                    : r >= 16 ? [.. Enumerable.Range(0, 50).Select(_ => $"{Word(3, 7)} {Word(3, 7)}")]
                    : [.. Enumerable.Range(0, 50).Select(_ => Word(4, 10))],
            });
        // Includes the classic catastrophic-backtracking shapes.
        string[] shapes = [@"free\s+nitro{0}", @"(a+)+${0}", @"^(\w+\s?)*{0}$", @"buy\s+\w+\s+now{0}", @"\b\d{{3}}-\d{{4}}{0}\b", @"(?:https?://)?bit\.ly/\w+{0}", @"(x+x+)+y{0}", @"steam\s*gift{0}"];
        for (var i = 0; i < 50; i++)
            rules.Add(new AutomodRuleSettings { Name = $"regex-{i}", Type = AutomodRuleType.Regex, Pattern = string.Format(shapes[i % shapes.Length], i < shapes.Length ? "" : $"{i}") });
        rules.Add(new AutomodRuleSettings { Name = "invites", Type = AutomodRuleType.Invites });
        rules.Add(new AutomodRuleSettings { Name = "links", Type = AutomodRuleType.Links, DenyDomains = ["spam.test"] });
        rules.Add(new AutomodRuleSettings { Name = "caps", Type = AutomodRuleType.Caps });
        rules.Add(new AutomodRuleSettings { Name = "mentions", Type = AutomodRuleType.MentionSpam });
        return AutomodEngine.For(new ModerationSettings { Rules = [.. rules] });
    }
}
