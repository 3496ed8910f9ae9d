using CommunityBot.Discord.Gateway;
using CommunityBot.Discord.Rest;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace CommunityBot.Discord;

public static class DiscordServiceCollectionExtensions
{
    /// <summary>
    /// Registers the REST client and the gateway session as singletons (one shard per process).
    /// Configure <see cref="DiscordClientOptions"/> separately, e.g. bound from the <c>Discord</c> section.
    /// </summary>
    public static IServiceCollection AddDiscordClient(this IServiceCollection services)
    {
        services.AddOptions<DiscordClientOptions>();
        services.TryAddSingleton<DiscordRestClient>();
        services.TryAddSingleton<IDiscordRestClient>(sp => sp.GetRequiredService<DiscordRestClient>());
        services.TryAddSingleton<DiscordGatewayClient>();
        services.TryAddSingleton<IGatewayClient>(sp => sp.GetRequiredService<DiscordGatewayClient>());
        return services;
    }
}
