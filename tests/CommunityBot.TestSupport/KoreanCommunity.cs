using System.Text.Json.Nodes;
using CommunityBot.Sandbox;
using CommunityBot.StandIn;
using CommunityBot.Storage;

namespace CommunityBot.TestSupport;

/// <summary>
/// The seeded community as Korean members see it: the server's language and every person's Discord client set to
/// Korean. Use <see cref="Options"/> to start the bot, then drive a feature and pass what each person saw to
/// <see cref="Leaks"/>, which already allows the seeded names (people, channels, roles, the server).
/// </summary>
public static class KoreanCommunity
{
    public static BotTestHostOptions Options(Action<SeededCommunity, JsonObject>? configureGuild = null, DatabaseProvider provider = DatabaseProvider.Sqlite) => new()
    {
        ConfigureGuild = configureGuild,
        Provider = provider,
        ConfigureStandIn = (standIn, community) =>
        {
            standIn.Guild(community.GuildId).PreferredLocale = "ko";
            foreach (var id in community.People.Values) standIn.User(id).Locale = "ko";
        },
    };

    /// <summary>A leak check that knows the seeded names; add the texts your test configured with <see cref="LocaleLeaks.Allow"/>.</summary>
    public static LocaleLeaks Leaks(SeededCommunity community) =>
        new LocaleLeaks()
            .Allow(SeededCommunity.MemberPersonas.Append(SeededCommunity.NewcomerPersona))
            .Allow(SeededCommunity.ChannelNames)
            .Allow(SeededCommunity.RoleNames)
            .Allow("Sandbox Community");
}
