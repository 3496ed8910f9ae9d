using System.Globalization;
using System.Text;

namespace CommunityBot.Features.Moderation.Automod;

/// <summary>
/// Text folded for matching, with the position in the original message of every folded character so a match can
/// quote what the member actually typed.
/// </summary>
public sealed class NormalizedText(string text, int[] origin, string original)
{
    public string Text { get; } = text;
    public string Original { get; } = original;

    /// <summary>The original characters behind folded characters [start, end).</summary>
    public string OriginalSpan(int start, int end)
    {
        if (start >= end || start >= origin.Length) return "";
        var from = origin[start];
        var to = end < origin.Length ? origin[end] : Original.Length;
        // Zero-width characters dropped after the last matched character stay out of the quote.
        while (to > from && TextNormalizer.IsInvisible(Original[to - 1])) to--;
        return Original[from..to];
    }
}

/// <summary>
/// Folds text so evasions look like the word they hide: NFKC compatibility forms (full-width, ligatures, styled
/// letters), case folding, zero-width and other invisible characters removed, accents and "zalgo" marks stripped
/// from Latin, Greek and Cyrillic letters, and common look-alikes and leet digits mapped to letters.
/// Marks on other scripts are kept: Devanagari vowel signs, for example, are part of the word. Hangul is safe by
/// construction — decomposed syllables are recomposed (NFC), and conjoining jamo typed one by one become the same
/// syllables a rule was written with.
/// Punctuation that doubles as a letter (<c>@ $ ! | +</c>) is left in place; <see cref="Tokenizer"/> decides per
/// word whether it stands for a letter ("@ss") or is just punctuation ("ass!").
/// </summary>
public static class TextNormalizer
{
    private static readonly Dictionary<char, char> LookAlikes = BuildLookAlikes();

    public static NormalizedText Normalize(string text)
    {
        var output = new StringBuilder(text.Length);
        var origin = new List<int>(text.Length);
        var i = 0;
        while (i < text.Length)
        {
            var c = text[i];
            // Fast path: plain ASCII not followed by something that could combine with it.
            if (c < 0x80 && (i + 1 == text.Length || text[i + 1] < 0x80))
            {
                output.Append(Fold(char.ToLowerInvariant(c)));
                origin.Add(i);
                i++;
                continue;
            }

            var length = StringInfo.GetNextTextElementLength(text.AsSpan(i));
            if (length <= 0) length = 1;
            AppendElement(text.AsSpan(i, length), i, output, origin);
            i += length;
        }
        return new NormalizedText(output.ToString(), [.. origin], text);
    }

    /// <summary>Folds a rule word the same way as messages, so "A$$" in config means what the admin meant.</summary>
    public static string NormalizeWord(string word) => Normalize(word).Text;

    private static void AppendElement(ReadOnlySpan<char> element, int start, StringBuilder output, List<int> origin)
    {
        var decomposed = element.ToString().Normalize(NormalizationForm.FormKD);
        var stripMarks = decomposed.Length > 0 && IsMarkStrippingScript(decomposed[0]);
        var kept = new StringBuilder(decomposed.Length);
        foreach (var ch in decomposed)
        {
            if (IsInvisible(ch)) continue;
            var category = CharUnicodeInfo.GetUnicodeCategory(ch);
            if (stripMarks && category is UnicodeCategory.NonSpacingMark or UnicodeCategory.EnclosingMark) continue;
            kept.Append(ch);
        }
        if (kept.Length == 0) return;
        var composed = kept.ToString().Normalize(NormalizationForm.FormC);
        foreach (var ch in composed)
        {
            output.Append(Fold(char.ToLowerInvariant(ch)));
            origin.Add(start);
        }
    }

    /// <summary>Zero-width and format characters (ZWSP, ZWJ, soft hyphen, BOM, word joiner…) and the blank Hangul fillers used as invisible text.</summary>
    public static bool IsInvisible(char c) =>
        c is '\u3164' or '\uFFA0' or '\u115F' or '\u034F' || CharUnicodeInfo.GetUnicodeCategory(c) == UnicodeCategory.Format;

    /// <summary>Latin, Greek and Cyrillic: scripts whose accents are decoration that evaders add and readers ignore.</summary>
    private static bool IsMarkStrippingScript(char c) =>
        c < '\u0250' || c is >= '\u0370' and < '\u0530' || c is >= '\u1E00' and < '\u2000';

    private static char Fold(char c) => c < 0x80 && !char.IsAsciiDigit(c) ? c : LookAlikes.TryGetValue(c, out var mapped) ? mapped : c;

    /// <summary>Punctuation that often stands in for a letter.</summary>
    public static bool IsLeetPunctuation(char c) => c is '@' or '$' or '!' or '|' or '+';

    public static char LeetLetter(char c) => c switch
    {
        '@' => 'a',
        '$' => 's',
        '!' => 'i',
        '|' => 'l',
        '+' => 't',
        _ => c,
    };

    private static Dictionary<char, char> BuildLookAlikes()
    {
        var map = new Dictionary<char, char>
        {
            // leet digits
            ['0'] = 'o', ['1'] = 'i', ['3'] = 'e', ['4'] = 'a', ['5'] = 's', ['7'] = 't', ['8'] = 'b',
        };
        // Cyrillic and Greek letters that render like Latin ones (lower case; input is lower-cased first).
        const string confusables = "аaеeоoрpсcуyхxіiјjѕsԁdһhӏlɡgοoαaεeιiκkνvρpτtυuχxϲcԛqԝwʏyɪiᴀa";
        for (var k = 0; k < confusables.Length; k += 2) map[confusables[k]] = confusables[k + 1];
        return map;
    }
}
