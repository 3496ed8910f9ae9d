using System.Globalization;
using System.Text;

namespace CommunityBot.Features.Faq;

/// <summary>
/// Text rules shared by search, nudges and storage: one normal form (NFKC, lower case, single spaces), how a
/// query splits into search terms, and Korean particle (josa) stripping so "비밀번호를" looks for "비밀번호".
/// </summary>
public static class FaqText
{
    /// <summary>Longest first, so "에서는" is stripped before "는". Only stripped when a stem of 2+ syllables remains.</summary>
    private static readonly string[] Particles =
    [
        "에서부터", "으로부터", "에게서는", "이라고는",
        "에서는", "에서도", "으로는", "으로도", "에게는", "에게도", "한테는", "한테서", "까지는", "부터는", "이라고", "이라는", "이랑은", "처럼은",
        "에서", "으로", "에게", "한테", "까지", "부터", "처럼", "보다", "이나", "라고", "라는", "이랑", "하고", "마다", "조차", "밖에", "에는", "에도", "로는", "와는", "과는", "이요",
        "을", "를", "은", "는", "이", "가", "에", "로", "와", "과", "의", "도", "만", "랑", "나", "요",
    ];

    /// <summary>NFKC, lower case, whitespace collapsed: the form stored in the search columns and used for queries.</summary>
    public static string Normalize(string? text)
    {
        if (string.IsNullOrWhiteSpace(text)) return "";
        var folded = text.Normalize(NormalizationForm.FormKC).ToLowerInvariant();
        var sb = new StringBuilder(folded.Length);
        var space = false;
        foreach (var c in folded)
        {
            if (char.IsWhiteSpace(c) || char.IsControl(c))
            {
                space = sb.Length > 0;
                continue;
            }
            if (space) sb.Append(' ');
            space = false;
            sb.Append(c);
        }
        return sb.ToString();
    }

    /// <summary>Words of a normalized text: runs of letters and digits (Hangul included); punctuation separates.</summary>
    public static IEnumerable<string> Words(string normalized)
    {
        var start = -1;
        for (var i = 0; i <= normalized.Length; i++)
        {
            var inWord = i < normalized.Length && IsWordChar(normalized[i]);
            if (inWord && start < 0) start = i;
            else if (!inWord && start >= 0)
            {
                yield return normalized[start..i];
                start = -1;
            }
        }
    }

    public static bool IsWordChar(char c) => char.IsLetterOrDigit(c) || CharUnicodeInfo.GetUnicodeCategory(c) is UnicodeCategory.NonSpacingMark or UnicodeCategory.SpacingCombiningMark;

    public static bool IsHangul(char c) => c is >= '\uAC00' and <= '\uD7A3';

    /// <summary>
    /// The search terms of a query, in query order without repeats: each word reduced to its stem
    /// (Korean particle stripped; a plain English plural "s" dropped), at most <paramref name="max"/> of them.
    /// </summary>
    public static IReadOnlyList<string> SearchTerms(string query, int max = 8)
    {
        var terms = new List<string>();
        foreach (var word in Words(Normalize(query)))
        {
            var stem = Stem(word);
            if (stem.Length > 0 && !terms.Contains(stem)) terms.Add(stem);
            if (terms.Count == max) break;
        }
        return terms;
    }

    public static string Stem(string word)
    {
        if (word.Length >= 3 && IsHangul(word[^1]))
        {
            foreach (var particle in Particles)
                if (word.Length - particle.Length >= 2 && word.EndsWith(particle, StringComparison.Ordinal))
                    return word[..^particle.Length];
            return word;
        }
        // "passwords" → "password" (substring search then finds both); "class", "status" stay.
        if (word.Length >= 5 && word[^1] == 's' && word[^2] is not ('s' or 'u' or 'i') && char.IsAsciiLetter(word[^2])) return word[..^1];
        return word;
    }

    /// <summary>Marks a two-character pair in the title index (a private-use character nobody types).</summary>
    public const char PairMark = '\uE000';

    /// <summary>
    /// Every pair of adjacent word characters followed by <see cref="PairMark"/>: a trigram index over this text
    /// finds two-character words, which have no trigram of their own.
    /// </summary>
    public static string Pairs(string normalized)
    {
        var sb = new StringBuilder();
        foreach (var word in Words(normalized))
            for (var i = 0; i + 1 < word.Length; i++)
                sb.Append(word[i]).Append(word[i + 1]).Append(PairMark).Append(' ');
        return sb.ToString().TrimEnd();
    }

    /// <summary>Tags as stored: lower case, trimmed, no '#', unique, sorted, comma-separated.</summary>
    public static string NormalizeTags(string? raw) =>
        string.Join(',', (raw ?? "").Split([',', ';', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(t => Normalize(t.TrimStart('#')))
            .Where(t => t.Length > 0)
            .Select(t => t.Length > 32 ? t[..32] : t)
            .Distinct(StringComparer.Ordinal)
            .Order(StringComparer.Ordinal)
            .Take(10));

    public static IReadOnlyList<string> SplitTags(string stored) => stored.Length == 0 ? [] : stored.Split(',');

    /// <summary>A one-line preview for lists and autocomplete (Discord caps choice names at 100).</summary>
    public static string Clip(string text, int max)
    {
        var line = string.Join(' ', text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
        return line.Length <= max ? line : line[..(max - 1)] + "…";
    }
}
