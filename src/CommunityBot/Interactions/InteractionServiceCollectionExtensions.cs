using CommunityBot.Discord.Gateway;
using CommunityBot.Hosting;
using Microsoft.Extensions.DependencyInjection;

namespace CommunityBot.Interactions;

public static class InteractionServiceCollectionExtensions
{
    public static IServiceCollection AddApplicationCommand<T>(this IServiceCollection services) where T : class, IApplicationCommand =>
        services.AddScoped<IApplicationCommand, T>();

    public static IServiceCollection AddComponentHandler<T>(this IServiceCollection services) where T : class, IComponentHandler =>
        services.AddScoped<IComponentHandler, T>();

    internal static IServiceCollection AddInteractionFramework(this IServiceCollection services) =>
        services
            .AddEventHandler<InteractionCreateEvent, InteractionDispatcher>()
            .AddEventHandler<ReadyEvent, CommandRegistrar>()
            .AddEventHandler<GuildCreateEvent, CommandRegistrar>();
}
