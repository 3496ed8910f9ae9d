namespace CommunityBot.Discord.Models;

/// <summary>
/// MSG § Embed Limits, checked before a message leaves the process: Discord would answer 50035 for the whole
/// message, naming the field only in a nested error tree; here the caller gets the path and the limit at once.
/// </summary>
public static class EmbedLimits
{
    public const int MaxEmbeds = 10;
    public const int Title = 256;
    public const int Description = 4096;
    public const int Fields = 25;
    public const int FieldName = 256;
    public const int FieldValue = 1024;
    public const int FooterText = 2048;
    public const int AuthorName = 256;
    /// <summary>Title, description, field names and values, footer text and author name of all embeds together.</summary>
    public const int TotalCharacters = 6000;

    /// <summary>Throws <see cref="ArgumentException"/> naming the first field over its limit; null and empty pass.</summary>
    public static void Validate(IReadOnlyList<Embed>? embeds)
    {
        if (embeds is null) return;
        if (embeds.Count > MaxEmbeds) throw Over("embeds", embeds.Count, MaxEmbeds, "embeds");
        var total = 0;
        for (var i = 0; i < embeds.Count; i++)
        {
            var embed = embeds[i];
            var at = $"embeds[{i}]";
            total += Check(embed.Title, Title, at + ".title");
            total += Check(embed.Description, Description, at + ".description");
            total += Check(embed.Footer?.Text, FooterText, at + ".footer.text");
            total += Check(embed.Author?.Name, AuthorName, at + ".author.name");
            var fields = embed.Fields ?? [];
            if (fields.Length > Fields) throw Over(at + ".fields", fields.Length, Fields, "fields");
            for (var f = 0; f < fields.Length; f++)
            {
                total += Check(fields[f].Name, FieldName, $"{at}.fields[{f}].name");
                total += Check(fields[f].Value, FieldValue, $"{at}.fields[{f}].value");
            }
        }
        if (total > TotalCharacters)
            throw new ArgumentException($"The embeds hold {total} characters together; Discord allows at most {TotalCharacters} per message.", nameof(embeds));
    }

    private static int Check(string? text, int limit, string path)
    {
        // Discord counts characters (code points), so an emoji is one, not the two UTF-16 units string.Length sees.
        var length = text is null ? 0 : text.EnumerateRunes().Count();
        if (length > limit) throw Over(path, length, limit, "characters");
        return length;
    }

    private static ArgumentException Over(string path, int actual, int limit, string unit) =>
        new($"{path} has {actual} {unit}; Discord allows at most {limit}.", "embeds");
}
