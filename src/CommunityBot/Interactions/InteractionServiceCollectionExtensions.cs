using CommunityBot.Discord.Gateway;
using CommunityBot.Hosting;
using Microsoft.Extensions.DependencyInjection;

namespace CommunityBot.Interactions;

public static class InteractionServiceCollectionExtensions
{
    public static IServiceCollection AddApplicationCommand<T>(this IServiceCollection services) where T : class, IApplicationCommand
    {
        services.AddScoped<T>();
        services.AddScoped<IApplicationCommand>(sp => sp.GetRequiredService<T>());
        HandlerTypes(services).Commands.Add(typeof(T));
        return services;
    }

    public static IServiceCollection AddComponentHandler<T>(this IServiceCollection services) where T : class, IComponentHandler
    {
        services.AddScoped<T>();
        services.AddScoped<IComponentHandler>(sp => sp.GetRequiredService<T>());
        HandlerTypes(services).Components.Add(typeof(T));
        return services;
    }

    internal static IServiceCollection AddInteractionFramework(this IServiceCollection services)
    {
        HandlerTypes(services);
        services.AddSingleton<InteractionRoutes>();
        services.AddSingleton<RegistrationRefusals>();
        return services
            .AddEventHandler<InteractionCreateEvent, InteractionDispatcher>()
            .AddEventHandler<ReadyEvent, CommandRegistrar>()
            .AddEventHandler<GuildCreateEvent, CommandRegistrar>();
    }

    private static InteractionHandlerTypes HandlerTypes(IServiceCollection services)
    {
        if (services.FirstOrDefault(d => d.ServiceType == typeof(InteractionHandlerTypes))?.ImplementationInstance is InteractionHandlerTypes types) return types;
        types = new InteractionHandlerTypes();
        services.AddSingleton(types);
        return types;
    }
}
