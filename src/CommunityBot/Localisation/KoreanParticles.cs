namespace CommunityBot.Localisation;

/// <summary>
/// Picks the form of a Korean particle that fits the word before it: 이/가, 을/를, 은/는, 과/와, 아/야, 이나/나,
/// 이라/라, 으로/로. The choice depends on whether the word's last sound ends in a consonant (받침), read from
/// the Hangul syllable itself ((c - 0xAC00) % 28), from the Korean reading of a number (1 일, 10 십, 100 백…),
/// or, for Latin names, from how the word is usually written in Hangul (Bob 밥, Alice 앨리스). When the end
/// cannot be read (an emoji, a mention) both forms are shown the way Korean UIs do: 을(를), (으)로.
/// </summary>
public static class KoreanParticles
{
    private enum Ending { Vowel, Consonant, Rieul, Unknown }

    /// <summary>The pairs we know, as (after a consonant, after a vowel); either half names the pair in a template.</summary>
    private static readonly (string Consonant, string Vowel)[] Pairs =
        [("이", "가"), ("을", "를"), ("은", "는"), ("과", "와"), ("아", "야"), ("이나", "나"), ("이라", "라"), ("으로", "로")];

    /// <summary>True when <paramref name="particle"/> is one half of a pair we can choose between.</summary>
    public static bool IsKnown(string particle) => Find(particle) is not null;

    /// <summary>The form of <paramref name="particle"/> (either half of a pair) that follows <paramref name="word"/>.</summary>
    public static string After(string word, string particle)
    {
        var pair = Find(particle) ?? throw new ArgumentException($"'{particle}' is not a particle with two forms.", nameof(particle));
        var ending = EndingOf(word);
        if (pair.Consonant == "으로")
            return ending switch
            {
                Ending.Consonant => "으로",
                Ending.Vowel or Ending.Rieul => "로", // ㄹ takes 로: 서울로, 칠로
                _ => "(으)로",
            };
        return ending switch
        {
            Ending.Consonant or Ending.Rieul => pair.Consonant,
            Ending.Vowel => pair.Vowel,
            // 이(가), 을(를): the consonant form first, the other in brackets.
            _ => pair.Consonant == "이나" || pair.Consonant == "이라" ? $"({pair.Consonant[..1]}){pair.Vowel}" : $"{pair.Consonant}({pair.Vowel})",
        };
    }

    private static (string Consonant, string Vowel)? Find(string particle)
    {
        foreach (var pair in Pairs)
            if (pair.Consonant == particle || pair.Vowel == particle) return pair;
        return null;
    }

    private static Ending EndingOf(string word)
    {
        // Discord markup (<@id>, <#id>, <t:…>, <:emoji:id>) shows as a name or time we cannot read here.
        if (word.TrimEnd().EndsWith('>')) return Ending.Unknown;
        // Ignore what is not spoken at the end: markdown, quotes, closing brackets, punctuation.
        var end = word.Length - 1;
        while (end >= 0 && !char.IsLetterOrDigit(word[end])) end--;
        if (end < 0) return Ending.Unknown;
        var last = word[end];
        if (last is >= '\uAC00' and <= '\uD7A3')
        {
            var batchim = (last - 0xAC00) % 28;
            return batchim == 0 ? Ending.Vowel : batchim == 8 ? Ending.Rieul : Ending.Consonant;
        }
        if (char.IsAsciiDigit(last)) return NumberEnding(word.AsSpan(0, end + 1));
        if (char.IsAsciiLetter(last)) return LatinEnding(word.AsSpan(0, end + 1));
        return Ending.Unknown;
    }

    /// <summary>How the number is read in Sino-Korean: the last non-zero digit, or the power of ten it ends on.</summary>
    private static Ending NumberEnding(ReadOnlySpan<char> text)
    {
        var digits = text.Length;
        var start = digits;
        while (start > 0 && (char.IsAsciiDigit(text[start - 1]) || text[start - 1] == ',')) start--;
        var number = text[start..digits].ToString().Replace(",", "", StringComparison.Ordinal).TrimStart('0');
        if (number.Length == 0) return Ending.Consonant; // 영
        var zeros = number.Length - number.TrimEnd('0').Length;
        return zeros switch
        {
            0 => number[^1] switch
            {
                '1' or '7' or '8' => Ending.Rieul,        // 일 칠 팔
                '3' or '6' => Ending.Consonant,            // 삼 육
                _ => Ending.Vowel,                          // 이 사 오 구
            },
            1 or 2 or 3 => Ending.Consonant,               // 십 백 천
            >= 4 and < 8 => Ending.Consonant,              // 만
            >= 8 and < 12 => Ending.Consonant,             // 억
            _ => Ending.Vowel,                              // 조
        };
    }

    /// <summary>
    /// Latin words as they are usually written in Hangul: a final b, c(k), k, m, n, p, t or "ng" closes the syllable
    /// (Bob 밥, Jack 잭, Ben 벤), a final l is ㄹ (Bill 빌); vowels and d, f, g, s, x, z, r… end on a vowel sound
    /// (Alice 앨리스, Max 맥스, Peter 피터).
    /// </summary>
    private static Ending LatinEnding(ReadOnlySpan<char> text)
    {
        var last = char.ToLowerInvariant(text[^1]);
        var before = text.Length > 1 ? char.ToLowerInvariant(text[^2]) : '\0';
        return last switch
        {
            'l' => Ending.Rieul,
            'm' or 'n' or 'b' or 'k' or 'p' or 't' or 'c' => Ending.Consonant,
            'g' when before == 'n' => Ending.Consonant,
            _ => Ending.Vowel,
        };
    }
}
