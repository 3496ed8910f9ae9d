using System.Buffers;
using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace CommunityBot.Features.Faq;

/// <summary>
/// The nudge's in-memory index of each guild's published questions and aliases, so checking a help-channel
/// message never touches the database. Texts become sets of word-padded character trigrams (after dropping
/// question filler words and Korean particles); a message scores against an entry by cosine similarity of
/// those sets, found through an inverted index. Changes to entries rebuild the guild's index in the
/// background; the previous snapshot keeps answering until the new one is ready.
/// </summary>
public sealed class FaqMatcher(FaqRepository repository, TimeProvider time, ILogger<FaqMatcher> logger)
{
    /// <summary>A safety net for edits made by another process sharing the database.</summary>
    private static readonly TimeSpan MaxAge = TimeSpan.FromMinutes(10);

    private readonly ConcurrentDictionary<ulong, Lazy<Task<Snapshot>>> _guilds = new();

    public sealed record Match(long EntryId, double Score);

    /// <summary>The best-matching entry for <paramref name="text"/>, or null when the guild has none sharing a trigram.</summary>
    public async ValueTask<Match?> BestAsync(ulong guildId, string text, CancellationToken ct = default)
    {
        var snapshot = await SnapshotAsync(guildId);
        if (time.GetUtcNow() - snapshot.BuiltAt > MaxAge) Invalidate(guildId);
        return snapshot.Index.Best(text);
    }

    /// <summary>Rebuilds the guild's index in the background (call after anything that changes published entries).</summary>
    public void Invalidate(ulong guildId)
    {
        if (!_guilds.TryGetValue(guildId, out var current)) return;
        var next = new Lazy<Task<Snapshot>>(() => LoadAsync(guildId));
        if (!_guilds.TryUpdate(guildId, next, current)) return;
        // Keep serving the old snapshot until the new one has loaded.
        _ = next.Value.ContinueWith(t =>
        {
            if (t.IsFaulted)
            {
                logger.LogWarning(t.Exception, "Rebuilding the FAQ nudge index of guild {Guild} failed; keeping the previous one", guildId);
                _guilds.TryUpdate(guildId, current, next);
            }
        }, TaskScheduler.Default);
    }

    private async Task<Snapshot> SnapshotAsync(ulong guildId)
    {
        var lazy = _guilds.GetOrAdd(guildId, id => new Lazy<Task<Snapshot>>(() => LoadAsync(id)));
        try
        {
            return await lazy.Value;
        }
        catch
        {
            _guilds.TryRemove(new KeyValuePair<ulong, Lazy<Task<Snapshot>>>(guildId, lazy));
            throw;
        }
    }

    private async Task<Snapshot> LoadAsync(ulong guildId)
    {
        var rows = await repository.PublishedTitlesAsync(guildId);
        var docs = new List<(long, string)>(rows.Count);
        foreach (var (id, question, aliases) in rows)
        {
            docs.Add((id, question));
            foreach (var alias in aliases.Split('\n', StringSplitOptions.RemoveEmptyEntries)) docs.Add((id, alias));
        }
        return new Snapshot(TrigramIndex.Build(docs), time.GetUtcNow());
    }

    private sealed record Snapshot(TrigramIndex Index, DateTimeOffset BuiltAt);
}

/// <summary>An immutable inverted index from trigram to the documents (questions, aliases) containing it.</summary>
public sealed class TrigramIndex
{
    private static readonly HashSet<string> FillerWords = new(StringComparer.Ordinal)
    {
        "how", "what", "why", "where", "when", "who", "which", "do", "does", "did", "can", "could", "would", "should", "will",
        "is", "are", "was", "were", "be", "i", "you", "my", "me", "we", "our", "your", "it", "its", "the", "a", "an", "to", "of", "for",
        "in", "on", "at", "with", "and", "or", "there", "any", "anyone", "way", "please", "pls", "help", "hi", "hello", "hey", "thanks", "get",
        "어떻게", "어떡해", "왜", "뭐", "뭔가요", "무엇", "무엇인가요", "어디", "어디서", "언제", "누가", "하나요", "하면", "되나요", "있나요", "없나요",
        "인가요", "건가요", "해야", "하죠", "좀", "혹시", "안녕하세요", "질문", "궁금합니다", "궁금해요", "도와주세요", "수", "있을까요", "방법", "하는", "합니까",
    };

    private readonly long[] _entryIds;
    private readonly int[] _sizes;
    private readonly Dictionary<ulong, int[]> _postings;

    private TrigramIndex(long[] entryIds, int[] sizes, Dictionary<ulong, int[]> postings)
    {
        _entryIds = entryIds;
        _sizes = sizes;
        _postings = postings;
    }

    public int Count => _entryIds.Length;

    public static TrigramIndex Build(IReadOnlyList<(long EntryId, string Text)> docs)
    {
        var ids = new long[docs.Count];
        var sizes = new int[docs.Count];
        var lists = new Dictionary<ulong, List<int>>();
        for (var d = 0; d < docs.Count; d++)
        {
            ids[d] = docs[d].EntryId;
            var grams = Trigrams(docs[d].Text);
            sizes[d] = grams.Count;
            foreach (var g in grams)
            {
                if (!lists.TryGetValue(g, out var list)) lists[g] = list = [];
                list.Add(d);
            }
        }
        return new TrigramIndex(ids, sizes, lists.ToDictionary(kv => kv.Key, kv => kv.Value.ToArray()));
    }

    /// <summary>The entry whose question or alias is most similar (cosine over trigram sets) to <paramref name="text"/>.</summary>
    public FaqMatcher.Match? Best(string text)
    {
        if (_entryIds.Length == 0) return null;
        var grams = Trigrams(text);
        if (grams.Count == 0) return null;
        var counts = ArrayPool<int>.Shared.Rent(_entryIds.Length);
        var touched = new List<int>();
        try
        {
            foreach (var g in grams)
            {
                if (!_postings.TryGetValue(g, out var docs)) continue;
                foreach (var d in docs)
                    if (counts[d]++ == 0) touched.Add(d);
            }
            var best = -1;
            var bestScore = 0.0;
            foreach (var d in touched)
            {
                var score = counts[d] / Math.Sqrt((double)grams.Count * _sizes[d]);
                if (best < 0 || score > bestScore || (score == bestScore && _entryIds[d] < _entryIds[best])) (best, bestScore) = (d, score);
                counts[d] = 0;
            }
            return best < 0 ? null : new FaqMatcher.Match(_entryIds[best], Math.Min(1.0, bestScore));
        }
        finally
        {
            foreach (var d in touched) counts[d] = 0;
            ArrayPool<int>.Shared.Return(counts);
        }
    }

    /// <summary>Word-padded trigrams of the meaningful words: " pa", "pas", …, "rd " for "password".</summary>
    public static HashSet<ulong> Trigrams(string text)
    {
        var set = new HashSet<ulong>();
        foreach (var word in FaqText.Words(FaqText.Normalize(text)))
        {
            if (FillerWords.Contains(word)) continue;
            var stem = FaqText.Stem(word);
            if (FillerWords.Contains(stem)) continue;
            var padded = " " + stem + " ";
            for (var i = 0; i + 3 <= padded.Length; i++)
                set.Add(((ulong)padded[i] << 32) | ((ulong)padded[i + 1] << 16) | padded[i + 2]);
        }
        return set;
    }
}
