using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace CommunityBot.Features.Faq;

public enum FaqExportFormat { Markdown, Json }

/// <summary>
/// Renders the published FAQ for a website build, grouped by tag. Output depends only on the data: no export
/// time, ordinal ordering everywhere, "\n" line ends, UTF-8 without BOM — so the same data gives the same bytes
/// and a site rebuild shows a clean diff. Anchors are derived from ids and tag names (<c>faq-12</c>,
/// <c>tag-account</c>), so links survive edits to a question's wording.
/// </summary>
public static class FaqExporter
{
    public const string UntaggedGroup = "general";
    private static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false);

    public static byte[] Export(IReadOnlyList<FaqEntry> entries, FaqExportFormat format) =>
        format == FaqExportFormat.Json ? Json(entries) : Utf8.GetBytes(Markdown(entries));

    public static string FileName(ulong guildId, FaqExportFormat format) => $"faq-{guildId}.{(format == FaqExportFormat.Json ? "json" : "md")}";

    public static string EntryAnchor(long id) => "faq-" + id.ToString(CultureInfo.InvariantCulture);

    /// <summary>Tag → entries (by id), tags in ordinal order with untagged entries last under "general".</summary>
    public static IReadOnlyList<(string Tag, string Anchor, IReadOnlyList<FaqEntry> Entries)> Groups(IReadOnlyList<FaqEntry> entries)
    {
        var byTag = new SortedDictionary<string, List<FaqEntry>>(StringComparer.Ordinal);
        var untagged = new List<FaqEntry>();
        foreach (var e in entries.OrderBy(e => e.Id))
        {
            if (e.TagList.Count == 0) untagged.Add(e);
            foreach (var tag in e.TagList)
            {
                if (!byTag.TryGetValue(tag, out var list)) byTag[tag] = list = [];
                list.Add(e);
            }
        }
        var groups = byTag.Select(kv => (kv.Key, (IReadOnlyList<FaqEntry>)kv.Value)).ToList();
        if (untagged.Count > 0) groups.Add((UntaggedGroup, untagged));
        var used = new HashSet<string>(StringComparer.Ordinal);
        return groups.Select(g =>
        {
            var anchor = "tag-" + Slug(g.Item1);
            for (var n = 2; !used.Add(anchor); n++) anchor = $"tag-{Slug(g.Item1)}-{n}";
            return (g.Item1, anchor, g.Item2);
        }).ToList();
    }

    public static string Markdown(IReadOnlyList<FaqEntry> entries)
    {
        var groups = Groups(entries);
        var md = new StringBuilder();
        md.Append("# Frequently asked questions\n\n");
        if (entries.Count == 0) return md.Append("No entries yet.\n").ToString();
        md.Append("## Topics\n\n");
        foreach (var (tag, anchor, list) in groups) md.Append($"- [{Inline(tag)}](#{anchor}) ({list.Count})\n");

        // Each entry is written out once, under its first tag; its other tags link to it.
        var homeTag = entries.ToDictionary(e => e.Id, e => e.TagList.Count > 0 ? e.TagList[0] : UntaggedGroup);
        foreach (var (tag, anchor, list) in groups)
        {
            md.Append($"\n<a id=\"{anchor}\"></a>\n\n## {Inline(tag)}\n");
            foreach (var e in list)
            {
                if (homeTag[e.Id] != tag)
                {
                    md.Append($"\n- See [{Inline(e.Question)}](#{EntryAnchor(e.Id)})\n");
                    continue;
                }
                md.Append($"\n<a id=\"{EntryAnchor(e.Id)}\"></a>\n\n### {Inline(e.Question)}\n\n");
                md.Append(e.Answer.Replace("\r\n", "\n").TrimEnd()).Append("\n\n");
                if (e.AliasList.Count > 0) md.Append($"*Also asked as:* {string.Join(" · ", e.AliasList.Select(Inline))}\n\n");
                var meta = new List<string>();
                if (e.TagList.Count > 0) meta.Add("*Tags:* " + string.Join(", ", e.TagList.Select(t => $"[{Inline(t)}](#{groups.First(g => g.Tag == t).Anchor})")));
                if (e.LastReviewed is { } r) meta.Add("*Last reviewed:* " + r.UtcDateTime.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
                if (e.SourceLink is { } link) meta.Add($"[Source]({link})");
                if (meta.Count > 0) md.Append(string.Join(" · ", meta)).Append('\n');
            }
        }
        return md.ToString();
    }

    public static byte[] Json(IReadOnlyList<FaqEntry> entries)
    {
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping, NewLine = "\n" }))
        {
            w.WriteStartObject();
            w.WriteString("format", "communitybot-faq/1");
            w.WriteStartArray("tags");
            foreach (var (tag, anchor, list) in Groups(entries))
            {
                w.WriteStartObject();
                w.WriteString("tag", tag);
                w.WriteString("anchor", anchor);
                w.WriteStartArray("entries");
                foreach (var e in list) w.WriteNumberValue(e.Id);
                w.WriteEndArray();
                w.WriteEndObject();
            }
            w.WriteEndArray();
            w.WriteStartArray("entries");
            foreach (var e in entries.OrderBy(e => e.Id))
            {
                w.WriteStartObject();
                w.WriteNumber("id", e.Id);
                w.WriteString("anchor", EntryAnchor(e.Id));
                w.WriteString("question", e.Question);
                w.WriteString("answer", e.Answer.Replace("\r\n", "\n"));
                w.WriteStartArray("tags");
                foreach (var t in e.TagList) w.WriteStringValue(t);
                w.WriteEndArray();
                w.WriteStartArray("aliases");
                foreach (var a in e.AliasList) w.WriteStringValue(a);
                w.WriteEndArray();
                if (e.SourceLink is { } link) w.WriteString("source", link); else w.WriteNull("source");
                if (e.AnswerAuthorId is { } author) w.WriteString("answerAuthorId", author.ToString(CultureInfo.InvariantCulture)); else w.WriteNull("answerAuthorId");
                if (e.LastReviewed is { } r) w.WriteString("lastReviewed", r.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture)); else w.WriteNull("lastReviewed");
                w.WriteNumber("helpfulYes", e.HelpfulYes);
                w.WriteNumber("helpfulNo", e.HelpfulNo);
                w.WriteNumber("uses", e.UseCount);
                w.WriteEndObject();
            }
            w.WriteEndArray();
            w.WriteEndObject();
        }
        buffer.WriteByte((byte)'\n');
        return buffer.ToArray();
    }

    /// <summary>Letters and digits of any script kept, everything else collapsed to single hyphens.</summary>
    public static string Slug(string text)
    {
        var sb = new StringBuilder();
        foreach (var c in FaqText.Normalize(text))
        {
            if (char.IsLetterOrDigit(c)) sb.Append(c);
            else if (sb.Length > 0 && sb[^1] != '-') sb.Append('-');
        }
        var slug = sb.ToString().Trim('-');
        return slug.Length == 0 ? "x" : slug;
    }

    /// <summary>One line, safe inside headings and link text.</summary>
    private static string Inline(string text) => string.Join(' ', text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries)).Replace("[", "\\[").Replace("]", "\\]");
}
