using System.Text.Json;
using System.Text.RegularExpressions;
using CommunityBot.StandIn;

namespace CommunityBot.TestSupport;

/// <summary>One piece of text a person sees, and where it was (for the failure message).</summary>
public sealed record VisibleText(string Where, string Text);

/// <summary>
/// Finds English left in what a Korean member sees. Collect what the bot showed — replies, follow-ups, modals,
/// DMs, public posts — with <see cref="From(InteractionHandle)"/> / <see cref="From(StandInMessage, string)"/>,
/// then <see cref="AssertKorean"/>. A line is a leak when, after removing what is not language (code spans,
/// URLs, mentions, timestamps, emoji, numbers and the names a test allows: member, channel and role names,
/// text an admin wrote in the config), it still holds a Latin word but no Hangul.
/// </summary>
public sealed partial class LocaleLeaks
{
    /// <summary>Words that stay as they are in Korean UI text.</summary>
    private static readonly string[] Loanwords = ["FAQ", "ID", "CSV", "JSON", "Markdown", "ACK", "DM", "URL", "Discord", "ms", "OK"];

    private readonly List<string> _allowed = [.. Loanwords];

    /// <summary>Names and texts that may appear untranslated (people, channels, roles, config-written text, ids).</summary>
    public LocaleLeaks Allow(params IEnumerable<string> words)
    {
        _allowed.AddRange(words.Where(w => !string.IsNullOrWhiteSpace(w)));
        return this;
    }

    /// <summary>The lines among <paramref name="texts"/> that are English only.</summary>
    public IReadOnlyList<string> Find(IEnumerable<VisibleText> texts)
    {
        var allowed = _allowed.OrderByDescending(w => w.Length).ToArray();
        var leaks = new List<string>();
        foreach (var (where, text) in texts)
            foreach (var line in text.Split('\n'))
            {
                var rest = NotLanguage().Replace(line, " ");
                foreach (var word in allowed) rest = rest.Replace(word, " ", StringComparison.OrdinalIgnoreCase);
                if (LatinWord().IsMatch(rest) && !Hangul().IsMatch(rest)) leaks.Add($"{where}: {line}");
            }
        return leaks;
    }

    public void AssertKorean(IEnumerable<VisibleText> texts)
    {
        var list = texts.ToList();
        Assert.That(list, Is.Not.Empty, "nothing visible was collected: the check would pass vacuously");
        var leaks = Find(list);
        if (leaks.Count > 0) Assert.Fail($"{leaks.Count} line(s) shown to a Korean member are English only:\n  " + string.Join("\n  ", leaks));
    }

    /// <summary>Everything an interaction showed its user: the callback (message or modal), the original response and follow-ups.</summary>
    public static IEnumerable<VisibleText> From(InteractionHandle handle)
    {
        var where = $"interaction {handle.Id}";
        if (handle.Response?.Data is { ValueKind: JsonValueKind.Object } data)
            foreach (var text in FromPayload(data, handle.Response.Type == 9 ? $"{where} modal" : $"{where} callback")) yield return text;
        if (handle.OriginalResponse is { } original)
            foreach (var text in From(original, $"{where} response")) yield return text;
        foreach (var followup in handle.Followups)
            foreach (var text in From(followup, $"{where} follow-up")) yield return text;
    }

    public static IEnumerable<VisibleText> From(StandInMessage message, string where)
    {
        if (message.Content.Length > 0) yield return new(where, message.Content);
        if (message.Embeds is { } embeds) foreach (var t in Embeds(embeds, where)) yield return t;
        if (message.Components is { } components) foreach (var t in Components(components, where)) yield return t;
    }

    /// <summary>A callback or message body as JSON (content, embeds, components, a modal's title).</summary>
    public static IEnumerable<VisibleText> FromPayload(JsonElement data, string where)
    {
        foreach (var key in new[] { "content", "title" })
            if (data.TryGetProperty(key, out var v) && v.ValueKind == JsonValueKind.String && v.GetString() is { Length: > 0 } s)
                yield return new($"{where} {key}", s);
        if (data.TryGetProperty("embeds", out var embeds)) foreach (var t in Embeds(embeds, where)) yield return t;
        if (data.TryGetProperty("components", out var components)) foreach (var t in Components(components, where)) yield return t;
    }

    private static IEnumerable<VisibleText> Embeds(JsonElement embeds, string where)
    {
        if (embeds.ValueKind != JsonValueKind.Array) yield break;
        foreach (var embed in embeds.EnumerateArray())
        {
            foreach (var t in Strings(embed, $"{where} embed", "title", "description")) yield return t;
            if (embed.TryGetProperty("footer", out var footer)) foreach (var t in Strings(footer, $"{where} embed footer", "text")) yield return t;
            if (embed.TryGetProperty("author", out var author)) foreach (var t in Strings(author, $"{where} embed author", "name")) yield return t;
            if (embed.TryGetProperty("fields", out var fields) && fields.ValueKind == JsonValueKind.Array)
                foreach (var field in fields.EnumerateArray())
                    foreach (var t in Strings(field, $"{where} embed field", "name", "value")) yield return t;
        }
    }

    /// <summary>Buttons, selects and their options, text inputs, labels and text displays, at any depth.</summary>
    private static IEnumerable<VisibleText> Components(JsonElement components, string where)
    {
        if (components.ValueKind != JsonValueKind.Array) yield break;
        foreach (var component in components.EnumerateArray())
        {
            if (component.ValueKind != JsonValueKind.Object) continue;
            foreach (var t in Strings(component, $"{where} component", "label", "placeholder", "content", "description")) yield return t;
            if (component.TryGetProperty("options", out var options) && options.ValueKind == JsonValueKind.Array)
                foreach (var option in options.EnumerateArray())
                    foreach (var t in Strings(option, $"{where} select option", "label", "description")) yield return t;
            if (component.TryGetProperty("components", out var inner)) foreach (var t in Components(inner, where)) yield return t;
            if (component.TryGetProperty("component", out var child)) foreach (var t in Components(JsonSerializer.SerializeToElement(new[] { child }), where)) yield return t;
        }
    }

    private static IEnumerable<VisibleText> Strings(JsonElement o, string where, params string[] keys)
    {
        foreach (var key in keys)
            if (o.TryGetProperty(key, out var v) && v.ValueKind == JsonValueKind.String && v.GetString() is { Length: > 0 } s)
                yield return new($"{where} {key}", s);
    }

    /// <summary>Code, URLs, Discord markup (mentions, channels, roles, timestamps, custom emoji), :emoji: and custom ids.</summary>
    [GeneratedRegex(@"```[\s\S]*?```|`[^`]*`|https?://\S+|<[@#][!&]?\d+>|<t:\d+(:[tTdDfFR])?>|<a?:\w+:\d+>|:\w+:|\b\w*\d\w*\b")]
    private static partial Regex NotLanguage();

    [GeneratedRegex(@"[A-Za-z]{2,}")]
    private static partial Regex LatinWord();

    [GeneratedRegex(@"[\uAC00-\uD7A3\u3131-\u318E]")]
    private static partial Regex Hangul();
}
