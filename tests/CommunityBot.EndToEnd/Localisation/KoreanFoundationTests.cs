using System.Text.Json;
using CommunityBot.Localisation;
using CommunityBot.TestSupport;

namespace CommunityBot.EndToEnd.Localisation;

/// <summary>
/// The language foundation end to end: the member's Discord language picks the reply's, the server's language
/// comes from Discord when the config names none, the member's language is remembered for DMs, and the command
/// definitions Discord receives carry Korean descriptions that pass its OpenAPI schema.
/// </summary>
[Category("Localisation")]
public sealed class KoreanFoundationTests
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(10);

    [Test]
    public async Task A_Korean_member_gets_Korean_answers_and_refusals()
    {
        await using var bot = await BotTestHost.StartAsync(KoreanCommunity.Options());
        var c = bot.Community;
        var leaks = KoreanCommunity.Leaks(c);

        var ping = await bot.StandIn.InvokeSlashCommandAsync(bot.GuildId, c.Channel("general"), c.Person("alice"), "ping");
        Assert.That((await ping.WaitForResponseAsync(Wait)).Content, Does.StartWith("퐁!"));

        // Permission refusals come from the shared plumbing, before any feature code runs.
        var refused = await bot.StandIn.InvokeSlashCommandAsync(bot.GuildId, c.Channel("general"), c.Person("alice"), "onboarding",
            new StandIn.SlashOption("publish"));
        Assert.That((await refused.WaitForResponseAsync(Wait)).Content, Does.Contain("멤버 타임아웃"));

        leaks.AssertKorean(LocaleLeaks.From(ping).Concat(LocaleLeaks.From(refused)));
        bot.StandIn.AssertNoSpecViolations();
    }

    [Test]
    public async Task An_English_member_in_the_same_server_still_gets_English()
    {
        await using var bot = await BotTestHost.StartAsync(KoreanCommunity.Options());
        var bob = bot.Community.Person("bob");
        bot.StandIn.User(bob).Locale = "en-GB";
        var ping = await bot.StandIn.InvokeSlashCommandAsync(bot.GuildId, bot.Community.Channel("general"), bob, "ping");
        Assert.That((await ping.WaitForResponseAsync(Wait)).Content, Does.StartWith("Pong!"));
        Assert.That(new LocaleLeaks().Find(LocaleLeaks.From(ping)), Is.Not.Empty, "the leak check does see English");
    }

    [TestCaseSource(typeof(TestDatabase), nameof(TestDatabase.Providers))]
    public async Task The_servers_language_comes_from_Discord_unless_configured_and_members_languages_are_remembered(Storage.DatabaseProvider provider)
    {
        await using var bot = await BotTestHost.StartAsync(KoreanCommunity.Options(provider: provider));
        var audiences = bot.Service<Audiences>();
        await Eventually.TrueAsync(() => audiences.ForGuild(bot.GuildId).Name == "ko", "GUILD_CREATE's preferred_locale to be known", Wait);

        var alice = bot.Community.Person("alice");
        var ping = await bot.StandIn.InvokeSlashCommandAsync(bot.GuildId, bot.Community.Channel("general"), alice, "ping");
        await ping.WaitForResponseAsync(Wait);
        await bot.RestartAsync();
        var restarted = bot.Service<Audiences>();
        await Eventually.TrueAsync(async () => (await restarted.ForMemberAsync(alice, null)).Name == "ko",
            "alice's language to be read back after a restart", Wait);

        await bot.WriteConfigAsync((_, guild) => guild["language"] = "en");
        await Eventually.TrueAsync(() => restarted.ForGuild(bot.GuildId).Name == "en-US", "the configured language to win", Wait);
    }

    [Test]
    public async Task Registered_commands_carry_Korean_descriptions_that_Discords_schema_accepts()
    {
        await using var bot = await BotTestHost.StartAsync(KoreanCommunity.Options());
        var ping = bot.StandIn.RegisteredCommands(bot.GuildId).Single(c => c.Name == "ping").Definition;
        Assert.That(ping.GetProperty("description_localizations").GetProperty("ko").GetString(), Does.Contain("봇이 살아 있는지"));
        Assert.That(ping.TryGetProperty("name_localizations", out var names) && names.ValueKind == JsonValueKind.Object, Is.False,
            "slash command names stay English");
        bot.StandIn.AssertNoSpecViolations();
    }
}
