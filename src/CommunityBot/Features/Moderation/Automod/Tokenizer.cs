using System.Globalization;

namespace CommunityBot.Features.Moderation.Automod;

/// <summary>
/// A word of normalised text: [<see cref="Start"/>, <see cref="End"/>) including look-alike punctuation attached to
/// it, and [<see cref="CoreStart"/>, <see cref="CoreEnd"/>) without leading or trailing punctuation, so both "@ss"
/// (the @ is a letter) and "ass!" (the ! is punctuation) read as "ass".
/// </summary>
public readonly record struct Token(int Start, int End, int CoreStart, int CoreEnd)
{
    public int CoreLength => CoreEnd - CoreStart;
}

public static class Tokenizer
{
    public static List<Token> Tokenize(string normalized)
    {
        var tokens = new List<Token>();
        var i = 0;
        while (i < normalized.Length)
        {
            if (!IsWordChar(normalized[i]))
            {
                i++;
                continue;
            }
            var start = i;
            var hasLetter = false;
            while (i < normalized.Length && IsWordChar(normalized[i]))
            {
                hasLetter |= !TextNormalizer.IsLeetPunctuation(normalized[i]);
                i++;
            }
            if (!hasLetter) continue;
            var coreStart = start;
            var coreEnd = i;
            while (TextNormalizer.IsLeetPunctuation(normalized[coreStart])) coreStart++;
            while (TextNormalizer.IsLeetPunctuation(normalized[coreEnd - 1])) coreEnd--;
            tokens.Add(new Token(start, i, coreStart, coreEnd));
        }
        return tokens;
    }

    private static bool IsWordChar(char c)
    {
        if (c < 0x80) return char.IsAsciiLetterOrDigit(c) || TextNormalizer.IsLeetPunctuation(c);
        if (char.IsLetterOrDigit(c)) return true;
        var category = CharUnicodeInfo.GetUnicodeCategory(c);
        // Marks kept by the normaliser (Devanagari vowel signs, …) and surrogate halves (astral letters) stay inside words.
        return category is UnicodeCategory.NonSpacingMark or UnicodeCategory.SpacingCombiningMark or UnicodeCategory.Surrogate;
    }
}
