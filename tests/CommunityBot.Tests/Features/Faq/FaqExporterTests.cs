using System.Text;
using System.Text.Json;
using CommunityBot.Features.Faq;

namespace CommunityBot.Tests.Features.Faq;

[Category("Faq")]
public class FaqExporterTests
{
    private static readonly long Reviewed = new DateTimeOffset(2025, 1, 2, 3, 4, 5, TimeSpan.Zero).ToUnixTimeMilliseconds();

    private static List<FaqEntry> Entries() =>
    [
        new() { Id = 3, GuildId = 1, Status = FaqStatus.Published, Question = "결제 취소는 어떻게 하나요?", Answer = "주문 내역에서 취소하세요.", Tags = "결제", ReviewedAt = Reviewed },
        new() { Id = 1, GuildId = 1, Status = FaqStatus.Published, Question = "How do I reset my [password]?", Answer = "Use the account page.\r\nThen log in.", Tags = "account,login",
                Aliases = "forgot password", SourceChannelId = 10, SourceMessageId = 11, AnswerAuthorId = 12, ReviewedAt = Reviewed, HelpfulYes = 2 },
        new() { Id = 2, GuildId = 1, Status = FaqStatus.Published, Question = "Where are the rules?", Answer = "In #rules.", ReviewedAt = Reviewed },
    ];

    [Test]
    public void Markdown_is_grouped_by_tag_with_stable_anchors()
    {
        var md = FaqExporter.Markdown(Entries());

        Assert.That(md, Does.StartWith("# Frequently asked questions\n"));
        Assert.That(md, Does.Contain("- [account](#tag-account) (1)\n- [login](#tag-login) (1)\n- [결제](#tag-결제) (1)\n- [general](#tag-general) (1)\n"));
        Assert.That(md, Does.Contain("<a id=\"faq-1\"></a>\n\n### How do I reset my \\[password\\]?\n\nUse the account page.\nThen log in.\n"));
        Assert.That(md, Does.Contain("- See [How do I reset my \\[password\\]?](#faq-1)"), "second tag links to the entry");
        Assert.That(md.IndexOf("## account", StringComparison.Ordinal), Is.LessThan(md.IndexOf("## general", StringComparison.Ordinal)), "untagged last");
        Assert.That(md, Does.Contain("*Last reviewed:* 2025-01-02"));
        Assert.That(md, Does.Not.Contain("\r"));
    }

    [Test]
    public void The_same_data_exports_to_the_same_bytes_whatever_the_input_order()
    {
        var shuffled = Entries();
        shuffled.Reverse();
        foreach (var format in new[] { FaqExportFormat.Markdown, FaqExportFormat.Json })
            Assert.That(FaqExporter.Export(shuffled, format), Is.EqualTo(FaqExporter.Export(Entries(), format)), format.ToString());
        Assert.That(FaqExporter.Export(Entries(), FaqExportFormat.Markdown).Take(3), Is.Not.EqualTo(Encoding.UTF8.GetPreamble()), "no BOM");
    }

    [Test]
    public void Json_lists_tags_and_entries()
    {
        using var doc = JsonDocument.Parse(FaqExporter.Json(Entries()));
        var root = doc.RootElement;
        Assert.That(root.GetProperty("tags").EnumerateArray().Select(t => t.GetProperty("tag").GetString()), Is.EqualTo(new[] { "account", "login", "결제", "general" }));
        var first = root.GetProperty("entries")[0];
        Assert.That(first.GetProperty("anchor").GetString(), Is.EqualTo("faq-1"));
        Assert.That(first.GetProperty("source").GetString(), Is.EqualTo("https://discord.com/channels/1/10/11"));
        Assert.That(first.GetProperty("lastReviewed").GetString(), Is.EqualTo("2025-01-02T03:04:05Z"));
        Assert.That(Encoding.UTF8.GetString(FaqExporter.Json(Entries())), Does.Contain("결제 취소"), "Hangul kept readable");
    }
}
