namespace CommunityBot.Localisation;

/// <summary>
/// Answers people type, read the same whatever their language: yes/no words and lists of choices. (Durations are
/// <see cref="DurationWords"/>.)
/// </summary>
public static class InputWords
{
    private static readonly HashSet<string> Yes = new(StringComparer.OrdinalIgnoreCase)
        { "yes", "y", "true", "on", "ok", "네", "예", "응", "어", "그래", "좋아요", "ㅇㅇ", "ㅇ" };

    private static readonly HashSet<string> No = new(StringComparer.OrdinalIgnoreCase)
        { "no", "n", "false", "off", "아니요", "아니오", "아뇨", "아니", "싫어요", "ㄴㄴ", "ㄴ" };

    /// <summary>A yes or no in English or Korean (<c>yes</c>, <c>네</c>, <c>예</c>, <c>no</c>, <c>아니요</c>…); false when it is neither.</summary>
    public static bool TryParseYesNo(string? text, out bool yes)
    {
        var word = text?.Trim().TrimEnd('.', '!', '?', '~') ?? "";
        yes = Yes.Contains(word);
        return yes || No.Contains(word);
    }

    /// <summary>
    /// Separators between choices in one line: <c>|</c>, its full-width form <c>｜</c> (what Korean and Japanese
    /// input methods type), and line breaks. Commas stay part of a choice ("Seoul, Korea").
    /// </summary>
    public static readonly char[] ListSeparators = ['|', '｜', '\n'];

    /// <summary>The trimmed, non-empty parts of <paramref name="text"/> between <see cref="ListSeparators"/>.</summary>
    public static IReadOnlyList<string> SplitList(string text) =>
        text.Split(ListSeparators, StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
}
