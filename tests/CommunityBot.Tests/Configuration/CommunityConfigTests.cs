using System.Text.Json.Nodes;
using CommunityBot.Configuration;
using CommunityBot.Hosting;
using CommunityBot.TestSupport;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace CommunityBot.Tests.Configuration;

[Category("Config")]
public sealed class CommunityConfigTests
{
    /// <summary>A feature section used only here, to exercise thresholds and admin regexes through the real loader.</summary>
    private sealed class SampleSettings
    {
        public int Threshold { get; init; }
        public string[] Patterns { get; init; } = [];
        public ulong? ChannelId { get; init; }
    }

    private static readonly ConfigSection Sample = new("sample", typeof(SampleSettings), (o, ctx) =>
    {
        var s = (SampleSettings)o;
        ctx.NotNegative("threshold", s.Threshold);
        for (var i = 0; i < s.Patterns.Length; i++) ctx.Regex($"patterns[{i}]", s.Patterns[i]);
    });

    /// <summary>The shipped schema, extended with the sample section the way a feature extends it.</summary>
    private static string SchemaWithSample()
    {
        var schema = JsonNode.Parse(CommunitySchema.Text)!;
        schema["definitions"]!["guild"]!["properties"]!["sample"] = JsonNode.Parse("""
            { "type": "object", "additionalProperties": false, "properties": {
                "threshold": { "type": "integer" }, "patterns": { "type": "array", "items": { "type": "string" } },
                "channelId": { "$ref": "#/definitions/snowflake" } } }
            """);
        return schema.ToJsonString();
    }

    private static CommunityConfigLoader Loader() => new([Sample], SchemaWithSample());

    private static IReadOnlyList<ConfigError> ErrorsOf(string json) => Loader().Parse(json, "community.json").Errors;

    [Test]
    public void Shipped_example_validates_against_the_schema_and_every_registered_section()
    {
        var root = RepoFiles.Root();
        var services = new ServiceCollection().AddCommunityBot(new ConfigurationBuilder().Build());
        var loader = new CommunityConfigLoader(services.Where(d => d.ServiceType == typeof(ConfigSection)).Select(d => (ConfigSection)d.ImplementationInstance!));
        var result = loader.Load(Path.Combine(root, "config", "community.example.json"));
        Assert.That(result.Errors, Is.Empty);
        Assert.That(result.Config!.Guilds, Is.Not.Empty);
    }

    [Test]
    public void Shipped_schema_file_is_the_embedded_one() =>
        Assert.That(File.ReadAllText(Path.Combine(RepoFiles.Root(), "config", "community.schema.json")), Is.EqualTo(CommunitySchema.Text));

    [Test]
    public void Unknown_key_names_file_path_and_key()
    {
        var errors = ErrorsOf("""{ "guilds": { "123": { "adminChanelId": "456" } } }""");
        Assert.That(errors.Select(e => e.ToString()), Has.Some.EqualTo("community.json: $.guilds[\"123\"].adminChanelId: unknown key 'adminChanelId'"));
    }

    [Test]
    public void Channel_id_that_is_not_a_snowflake_is_refused()
    {
        var errors = ErrorsOf("""{ "guilds": { "123": { "adminChannelId": "general" } } }""");
        Assert.That(errors.Select(e => e.ToString()), Has.Some.StartsWith("community.json: $.guilds[\"123\"].adminChannelId: expected a Discord id"));
    }

    [Test]
    public void Negative_threshold_is_refused()
    {
        var errors = ErrorsOf("""{ "guilds": { "123": { "sample": { "threshold": -3 } } } }""");
        Assert.That(errors.Select(e => e.ToString()), Is.EquivalentTo(new[] { "community.json: $.guilds[\"123\"].sample.threshold: must not be negative (found -3)" }));
    }

    [Test]
    public void Regex_that_does_not_compile_is_refused_with_its_path()
    {
        var errors = ErrorsOf("""{ "guilds": { "123": { "sample": { "patterns": ["ok", "(unclosed"] } } } }""");
        Assert.That(errors, Has.Count.EqualTo(1));
        Assert.That(errors[0].Path, Is.EqualTo("$.guilds[\"123\"].sample.patterns[1]"));
        Assert.That(errors[0].Problem, Does.StartWith("regular expression does not compile"));
    }

    [Test]
    public void Regex_with_backreference_is_refused_because_it_could_backtrack()
    {
        var errors = ErrorsOf("""{ "guilds": { "123": { "sample": { "patterns": ["(a)\\1"] } } } }""");
        Assert.That(errors.Single().Problem, Does.Contain("non-backtracking"));
    }

    [Test]
    public void Broken_json_says_where()
    {
        var errors = ErrorsOf("{ \"guilds\": { \"123\": { \"name\": \"x\", } ");
        Assert.That(errors.Single().Problem, Does.StartWith("not valid JSON (line 1"));
    }

    [Test]
    public void Comments_and_trailing_commas_are_accepted_in_hand_edited_files()
    {
        var result = Loader().Parse("""
            { // my community
              "guilds": { "123": { "name": "x", "sample": { "threshold": 2, }, }, },
            }
            """, "community.json");
        Assert.That(result.Errors, Is.Empty);
        Assert.That(result.Config!.Guild(123)!.Section<SampleSettings>()!.Threshold, Is.EqualTo(2));
    }

    [Test]
    public async Task Hot_reload_applies_a_good_edit_and_keeps_the_last_good_config_on_a_bad_one()
    {
        var directory = Directory.CreateTempSubdirectory("cb-config-");
        var path = Path.Combine(directory.FullName, "community.json");
        await File.WriteAllTextAsync(path, """{ "guilds": { "123": { "sample": { "threshold": 1 } } } }""");
        using var store = new CommunityConfigStore(Loader(), Options.Create(new CommunityConfigOptions { ConfigPath = path, ReloadDebounce = TimeSpan.FromMilliseconds(50) }),
            NullLogger<CommunityConfigStore>.Instance);
        var rejected = new TaskCompletionSource<IReadOnlyList<ConfigError>>(TaskCreationOptions.RunContinuationsAsynchronously);
        store.ReloadRejected += (_, errors) => rejected.TrySetResult(errors);
        store.LoadInitial();
        Assert.That(store.Current.Guild(123)!.Section<SampleSettings>()!.Threshold, Is.EqualTo(1));

        await File.WriteAllTextAsync(path, """{ "guilds": { "123": { "sample": { "threshold": 5 } } } }""");
        await Eventually.TrueAsync(() => store.Current.Guild(123)!.Section<SampleSettings>()!.Threshold == 5, "the good edit to take effect");
        var goodVersion = store.Current.Version;

        await File.WriteAllTextAsync(path, """{ "guilds": { "123": { "sample": { "threshold": -1 } } } }""");
        var errors = await rejected.Task.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.That(errors.Single().Path, Is.EqualTo("$.guilds[\"123\"].sample.threshold"));
        Assert.That(store.Current.Version, Is.EqualTo(goodVersion), "the last good config keeps running");
        Assert.That(store.Current.Guild(123)!.Section<SampleSettings>()!.Threshold, Is.EqualTo(5));
    }

    [Test]
    public void Start_up_with_an_invalid_file_refuses_with_the_same_messages()
    {
        var directory = Directory.CreateTempSubdirectory("cb-config-");
        var path = Path.Combine(directory.FullName, "community.json");
        File.WriteAllText(path, """{ "guilds": { "123": { "sample": { "threshold": -1 } } } }""");
        using var store = new CommunityConfigStore(Loader(), Options.Create(new CommunityConfigOptions { ConfigPath = path }), NullLogger<CommunityConfigStore>.Instance);
        var ex = Assert.Throws<ConfigInvalidException>(store.LoadInitial);
        Assert.That(ex!.Message, Does.Contain("community.json: $.guilds[\"123\"].sample.threshold: must not be negative (found -1)"));
    }

    [Test]
    public void Admin_channel_notice_lists_the_errors_and_the_version_still_running()
    {
        var text = ConfigErrorNotifier.Format([new ConfigError("community.json", "$.guilds[\"1\"].x", "unknown key 'x'")], 7);
        Assert.That(text, Does.Contain("not applied").And.Contain("version 7").And.Contain("unknown key 'x'"));
    }
}
