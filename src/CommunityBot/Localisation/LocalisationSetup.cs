using CommunityBot.Discord.Gateway;
using CommunityBot.Hosting;
using CommunityBot.Storage.Migrations;
using Microsoft.Extensions.DependencyInjection;

namespace CommunityBot.Localisation;

public static class LocalisationSetup
{
    /// <summary>
    /// <see cref="Localiser{TStrings}"/> for every feature's resources, the audience rules (member, server and DM
    /// languages) and the table that remembers members' languages.
    /// </summary>
    public static IServiceCollection AddLocalisation(this IServiceCollection services)
    {
        services.AddLocalization();
        services.AddSingleton(typeof(Localiser<>));
        services.AddSingleton<Audiences>();
        services.AddSingleton(new MigrationSource("localisation", typeof(Audiences)));
        services.AddEventHandler<GuildCreateEvent, Audiences.OnGuildCreate>();
        services.AddEventHandler<UnknownDispatchEvent, Audiences.OnGuildUpdate>();
        return services;
    }
}
