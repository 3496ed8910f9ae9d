using System.Globalization;
using CommunityBot.Configuration;
using CommunityBot.Localisation;
using CommunityBot.Storage;
using CommunityBot.Storage.Migrations;
using CommunityBot.TestSupport;
using Microsoft.Extensions.Logging.Abstractions;
using Moq;

namespace CommunityBot.Tests.Localisation;

[Category("Localisation")]
public sealed class AudiencesTests
{
    private const ulong GuildId = 100000000000000001, UserId = 200000000000000002;

    private static ICommunityConfig Config(CultureInfo? language)
    {
        var guild = new GuildConfig { GuildId = GuildId, Language = language, Sections = new Dictionary<Type, object>() };
        var config = new Mock<ICommunityConfig>();
        config.Setup(c => c.Guild(It.IsAny<ulong?>())).Returns((ulong? id) => id == GuildId ? guild : null);
        return config.Object;
    }

    private static Audiences Create(ICommunityConfig config, IDbConnectionFactory? db = null) =>
        new(config, db ?? Mock.Of<IDbConnectionFactory>(), TimeProvider.System, NullLogger<Audiences>.Instance);

    [Test]
    public void Public_posts_use_the_configured_language_then_Discords_then_English()
    {
        var discordOnly = Create(Config(null));
        Assert.That(discordOnly.ForGuild(GuildId), Is.EqualTo(Languages.Fallback), "nothing known yet");
        discordOnly.RememberGuild(GuildId, "ko");
        Assert.That(discordOnly.ForGuild(GuildId).Name, Is.EqualTo("ko"), "Discord's Server Primary Language");
        discordOnly.RememberGuild(GuildId, "fr");
        Assert.That(discordOnly.ForGuild(GuildId), Is.EqualTo(Languages.Fallback), "a language we lack falls back to English");

        var configured = Create(Config(CultureInfo.GetCultureInfo("en-GB")));
        configured.RememberGuild(GuildId, "ko");
        Assert.That(configured.ForGuild(GuildId).Name, Is.EqualTo("en-GB"), "the config beats Discord's setting");
    }

    [TestCaseSource(typeof(TestDatabase), nameof(TestDatabase.Providers))]
    public async Task A_DM_uses_the_members_last_language_even_after_a_restart(DatabaseProvider provider)
    {
        await using var db = await TestDatabase.CreateMigratedAsync(provider, new MigrationSource("localisation", typeof(Audiences)));
        var config = Config(null);
        var before = Create(config, db.Factory());
        before.RememberGuild(GuildId, "en-US");
        Assert.That((await before.ForMemberAsync(UserId, GuildId)).Name, Is.EqualTo("en-US"), "never seen: the server's language");

        await before.RememberMemberAsync(UserId, "ko");
        Assert.That((await before.ForMemberAsync(UserId, GuildId)).Name, Is.EqualTo("ko"));

        var restarted = Create(config, db.Factory());
        Assert.That((await restarted.ForMemberAsync(UserId, GuildId)).Name, Is.EqualTo("ko"), "read back from member_locales");
        await restarted.RememberMemberAsync(UserId, "en-GB");
        Assert.That((await Create(config, db.Factory()).ForMemberAsync(UserId, GuildId)).Name, Is.EqualTo("en-GB"), "a change is written");
    }
}
