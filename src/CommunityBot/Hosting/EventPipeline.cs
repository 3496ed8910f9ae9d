using System.Diagnostics;
using CommunityBot.Discord.Gateway;
using Microsoft.Extensions.DependencyInjection;

namespace CommunityBot.Hosting;

/// <summary>A feature's reaction to one kind of gateway dispatch. Runs in its own DI scope; must be idempotent.</summary>
public interface IEventHandler<in TEvent> where TEvent : GatewayEvent
{
    Task HandleAsync(TEvent evt, CancellationToken ct);
}

/// <summary>Which handler types listen to which event types; filled by <c>AddEventHandler</c> at start-up.</summary>
public sealed class EventHandlerRegistry
{
    private readonly Dictionary<Type, List<Registration>> _byEvent = [];

    public sealed record Registration(Type HandlerType, Func<IServiceProvider, GatewayEvent, CancellationToken, Task> Invoke);

    public void Add<TEvent, THandler>() where TEvent : GatewayEvent where THandler : IEventHandler<TEvent>
    {
        if (!_byEvent.TryGetValue(typeof(TEvent), out var list)) _byEvent[typeof(TEvent)] = list = [];
        list.Add(new Registration(typeof(THandler), (sp, evt, ct) => sp.GetRequiredService<THandler>().HandleAsync((TEvent)evt, ct)));
    }

    public IReadOnlyList<Registration> For(Type eventType) => _byEvent.TryGetValue(eventType, out var list) ? list : [];
}

public static class EventHandlerServiceCollectionExtensions
{
    public static IServiceCollection AddEventHandler<TEvent, THandler>(this IServiceCollection services)
        where TEvent : GatewayEvent where THandler : class, IEventHandler<TEvent>
    {
        services.AddScoped<THandler>();
        var registry = (EventHandlerRegistry?)services.FirstOrDefault(d => d.ServiceType == typeof(EventHandlerRegistry))?.ImplementationInstance;
        if (registry is null)
        {
            registry = new EventHandlerRegistry();
            services.AddSingleton(registry);
        }
        registry.Add<TEvent, THandler>();
        return services;
    }
}

/// <summary>When an event was received (monotonic Stopwatch timestamp), for the 3-second interaction deadline.</summary>
public readonly record struct EventReceipt(long Timestamp)
{
    public static EventReceipt Now() => new(Stopwatch.GetTimestamp());
    public TimeSpan Elapsed => Stopwatch.GetElapsedTime(Timestamp);
}
