using System.Globalization;
using CommunityBot.Storage;
using CommunityBot.Storage.Migrations;
using Microsoft.Extensions.Configuration;

namespace CommunityBot.Features.Faq;

/// <summary>
/// <c>faq export --guild ID --format markdown|json [--out FILE]</c>: the published FAQ for a website build, read
/// straight from the database named in appsettings.json / environment (Database__Provider,
/// Database__ConnectionString). It never connects to Discord and never writes to the database.
/// </summary>
public static class FaqExportVerb
{
    public const string Usage = "usage: faq export --guild <guild id> --format markdown|json [--out <file>]";

    /// <summary>Adds the <c>faq</c> verb to the command line (called once from Program.cs).</summary>
    public static void Register(IDictionary<string, Func<string[], Task<int>>> verbs) => verbs["faq"] = args => RunAsync(args, Console.Out, Console.Error);

    public static async Task<int> RunAsync(string[] args, TextWriter stdout, TextWriter stderr, IConfiguration? configuration = null)
    {
        if (args.Length == 0 || args[0] != "export")
        {
            await stderr.WriteLineAsync(Usage);
            return 2;
        }
        if (!TryParse(args[1..], out var guildId, out var format, out var outPath, out var problem))
        {
            await stderr.WriteLineAsync(problem);
            await stderr.WriteLineAsync(Usage);
            return 2;
        }

        configuration ??= new ConfigurationBuilder()
            .SetBasePath(Directory.GetCurrentDirectory())
            .AddJsonFile("appsettings.json", optional: true)
            .AddEnvironmentVariables()
            .Build();
        var options = new DatabaseOptions();
        configuration.GetSection(DatabaseOptions.SectionName).Bind(options);
        DapperSetup.Configure();
        IDbConnectionFactory db = options.Provider == DatabaseProvider.Postgres
            ? new PostgresConnectionFactory(options.ConnectionString)
            : new SqliteConnectionFactory(options.ConnectionString);

        try
        {
            await using (var connection = await db.OpenAsync())
            {
                if (await MigrationRunner.CurrentVersionAsync(connection, null, FaqFeature.Module, default) == 0)
                {
                    await stderr.WriteLineAsync($"The database ({options.Provider}) has no FAQ tables yet: start the bot once so it creates them.");
                    return 1;
                }
            }
            var entries = await new FaqRepository(db).PublishedAsync(guildId);
            var bytes = FaqExporter.Export(entries, format);
            if (outPath is null)
            {
                await stdout.FlushAsync();
                await using var raw = Console.OpenStandardOutput();
                if (ReferenceEquals(stdout, Console.Out)) await raw.WriteAsync(bytes);
                else await stdout.WriteAsync(new System.Text.UTF8Encoding(false).GetString(bytes));
            }
            else
            {
                await File.WriteAllBytesAsync(outPath, bytes);
                await stderr.WriteLineAsync($"Wrote {entries.Count} entries ({bytes.Length} bytes) to {outPath}");
            }
            return 0;
        }
        catch (Exception ex) when (ex is System.Data.Common.DbException or IOException or UnauthorizedAccessException)
        {
            await stderr.WriteLineAsync($"FAQ export failed: {ex.Message}");
            return 1;
        }
        finally
        {
            if (db is IAsyncDisposable disposable) await disposable.DisposeAsync();
        }
    }

    private static bool TryParse(string[] args, out ulong guildId, out FaqExportFormat format, out string? outPath, out string problem)
    {
        guildId = 0;
        format = FaqExportFormat.Markdown;
        outPath = null;
        problem = "";
        for (var i = 0; i < args.Length; i++)
        {
            var value = i + 1 < args.Length ? args[i + 1] : null;
            switch (args[i])
            {
                case "--guild" when value is not null:
                    if (!ulong.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out guildId) || guildId == 0)
                        return Fail($"--guild must be a Discord guild id (digits), not '{value}'.", out problem);
                    i++;
                    break;
                case "--format" when value is not null:
                    if (value is not ("markdown" or "md" or "json")) return Fail($"--format must be markdown or json, not '{value}'.", out problem);
                    format = value == "json" ? FaqExportFormat.Json : FaqExportFormat.Markdown;
                    i++;
                    break;
                case "--out" when value is not null:
                    outPath = value;
                    i++;
                    break;
                default:
                    return Fail($"unexpected argument '{args[i]}'.", out problem);
            }
        }
        return guildId != 0 || Fail("--guild is required.", out problem);
    }

    private static bool Fail(string message, out string problem)
    {
        problem = "faq export: " + message;
        return false;
    }
}
