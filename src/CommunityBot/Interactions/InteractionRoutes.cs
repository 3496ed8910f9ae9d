using Microsoft.Extensions.DependencyInjection;

namespace CommunityBot.Interactions;

/// <summary>The command and component handler types registered with <c>AddApplicationCommand</c> / <c>AddComponentHandler</c>.</summary>
public sealed class InteractionHandlerTypes
{
    public List<Type> Commands { get; } = [];
    public List<Type> Components { get; } = [];
}

/// <summary>
/// Which handler type answers which command (name + type) or custom_id feature. Built once, on the first
/// interaction, so each interaction constructs only the handler it needs rather than every command and its
/// dependencies.
/// </summary>
public sealed class InteractionRoutes(InteractionHandlerTypes types, IServiceScopeFactory scopes)
{
    private readonly Lazy<(Dictionary<(string Name, int Type), Type> Commands, Dictionary<string, Type> Components)> _routes =
        new(() => Build(types, scopes));

    public Type? Command(string? name, int? type) =>
        name is not null && _routes.Value.Commands.TryGetValue((name, type ?? 1), out var t) ? t : null;

    public Type? Component(string feature) => _routes.Value.Components.GetValueOrDefault(feature);

    private static (Dictionary<(string, int), Type>, Dictionary<string, Type>) Build(InteractionHandlerTypes types, IServiceScopeFactory scopes)
    {
        using var scope = scopes.CreateScope();
        var commands = new Dictionary<(string, int), Type>();
        foreach (var type in types.Commands)
        {
            var definition = ((IApplicationCommand)scope.ServiceProvider.GetRequiredService(type)).Definition;
            commands.Add((definition.Name, definition.Type ?? 1), type);
        }
        var components = new Dictionary<string, Type>();
        foreach (var type in types.Components)
            components.Add(((IComponentHandler)scope.ServiceProvider.GetRequiredService(type)).Feature, type);
        return (commands, components);
    }
}
