namespace CommunityBot.Features.Faq;

/// <summary>
/// Cheap test whether a help-channel message reads as a question (English or Korean), run before any matching
/// so chatter, thanks and code dumps cost next to nothing.
/// </summary>
public static class QuestionDetector
{
    private static readonly HashSet<string> EnglishOpeners = new(StringComparer.Ordinal)
    {
        "how", "what", "why", "where", "when", "who", "which", "whats", "what's", "hows", "how's",
        "can", "could", "would", "should", "does", "do", "did", "is", "are", "was", "were", "will", "has", "have",
        "anyone", "anybody", "somebody", "someone", "any", "help", "pls", "please", "is there", "wondering",
    };

    private static readonly string[] EnglishPhrases = ["not working", "doesn't work", "does not work", "doesnt work", "can't ", "cannot ", "unable to", "any idea", "how do", "how to", "is there a way"];

    private static readonly string[] KoreanWords = ["어떻게", "어떡", "왜", "뭐", "뭔가", "무엇", "어디", "언제", "누가", "몇", "어느", "혹시", "안돼", "안 돼", "안되", "안 되", "궁금"];

    private static readonly string[] KoreanEndings = ["나요", "까요", "가요", "습니까", "는지", "은지", "을까", "ㄹ까", "건가", "인가", "니", "죠", "냐", "나"];

    public static bool LooksLikeQuestion(string? content)
    {
        if (string.IsNullOrWhiteSpace(content)) return false;
        var text = FaqText.Normalize(content);
        if (text.Length is < 6 or > 1500) return false;
        if (text.StartsWith("```", StringComparison.Ordinal)) return false;
        if (text.Contains('?') || text.Contains('？')) return true;

        var words = FaqText.Words(text).ToList();
        if (words.Count < 2) return false;
        if (EnglishOpeners.Contains(words[0])) return true;
        foreach (var phrase in EnglishPhrases)
            if (text.Contains(phrase, StringComparison.Ordinal)) return true;
        foreach (var word in KoreanWords)
            if (text.Contains(word, StringComparison.Ordinal)) return true;
        var last = words[^1];
        foreach (var ending in KoreanEndings)
            if (last.Length > ending.Length && last.EndsWith(ending, StringComparison.Ordinal)) return true;
        return false;
    }
}
