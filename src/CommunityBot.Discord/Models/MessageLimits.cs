namespace CommunityBot.Discord.Models;

/// <summary>
/// MSG § Create Message: <c>content</c> holds at most 2000 characters. Checked with the embed limits before a
/// message leaves the process, so the caller learns which limit it broke instead of getting a bare 50035.
/// </summary>
public static class MessageLimits
{
    public const int Content = 2000;

    /// <summary>Throws <see cref="ArgumentException"/> when the content or an embed is over its limit; null passes.</summary>
    public static void Validate(string? content, IReadOnlyList<Embed>? embeds)
    {
        // Characters as Discord counts them (code points), like the embed limits.
        var length = content is null ? 0 : content.EnumerateRunes().Count();
        if (length > Content)
            throw new ArgumentException($"content has {length} characters; Discord allows at most {Content}.", nameof(content));
        EmbedLimits.Validate(embeds);
    }
}
