using CommunityBot.Features.Faq;
using CommunityBot.Storage;
using CommunityBot.Storage.Migrations;
using CommunityBot.TestSupport;
using Microsoft.Extensions.Configuration;

namespace CommunityBot.Tests.Features.Faq;

/// <summary><c>faq export</c> on the command line: reads the database from configuration, never Discord.</summary>
[Category("Faq")]
public class FaqExportVerbTests
{
    [TestCaseSource(typeof(TestDatabase), nameof(TestDatabase.Providers))]
    public async Task Exports_the_published_faq_to_a_file_byte_identical_on_every_run(DatabaseProvider provider)
    {
        await using var db = await TestDatabase.CreateMigratedAsync(provider, new MigrationSource(FaqFeature.Module, typeof(FaqSettings)));
        var repo = new FaqRepository(db.Factory());
        var now = new DateTimeOffset(2025, 5, 1, 0, 0, 0, TimeSpan.Zero);
        await repo.CreateAsync(new FaqDraft(42, "비밀번호 변경 방법", "설정 → 계정.", "계정", 1, 2, 3, 4, FaqOrigin.Saved), publish: true, now);
        await repo.CreateAsync(new FaqDraft(42, "Proposed only", "Not yet.", "", 1, 5, 3, 4, FaqOrigin.Saved), publish: false, now);
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Database:Provider"] = provider.ToString(), ["Database:ConnectionString"] = db.ConnectionString,
        }).Build();
        var directory = Directory.CreateTempSubdirectory("faq-export-");
        try
        {
            var first = Path.Combine(directory.FullName, "a.md");
            var second = Path.Combine(directory.FullName, "b.md");
            Assert.That(await FaqExportVerb.RunAsync(["export", "--guild", "42", "--format", "markdown", "--out", first], TextWriter.Null, TextWriter.Null, configuration), Is.EqualTo(0));
            Assert.That(await FaqExportVerb.RunAsync(["export", "--guild", "42", "--format", "markdown", "--out", second], TextWriter.Null, TextWriter.Null, configuration), Is.EqualTo(0));

            var bytes = await File.ReadAllBytesAsync(first);
            Assert.That(bytes, Is.EqualTo(await File.ReadAllBytesAsync(second)));
            Assert.That(bytes, Is.EqualTo(FaqExporter.Export(await repo.PublishedAsync(42), FaqExportFormat.Markdown)));
            var text = System.Text.Encoding.UTF8.GetString(bytes);
            Assert.That(text, Does.Contain("### 비밀번호 변경 방법"));
            Assert.That(text, Does.Not.Contain("Proposed only"));
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    [TestCase(new[] { "export", "--format", "markdown" }, "--guild is required")]
    [TestCase(new[] { "export", "--guild", "abc" }, "--guild must be a Discord guild id")]
    [TestCase(new[] { "export", "--guild", "42", "--format", "pdf" }, "--format must be markdown or json")]
    [TestCase(new[] { "import" }, "usage: faq export")]
    public async Task Bad_arguments_are_refused_with_a_clear_message(string[] args, string message)
    {
        var error = new StringWriter();
        Assert.That(await FaqExportVerb.RunAsync(args, TextWriter.Null, error), Is.EqualTo(2));
        Assert.That(error.ToString(), Does.Contain(message));
    }
}
