using CommunityBot.Configuration;
using CommunityBot.Interactions;
using Microsoft.Extensions.DependencyInjection;

namespace CommunityBot.Features.Diagnostics;

public sealed class DiagnosticsSettings
{
    public bool Enabled { get; init; } = true;
}

public static class DiagnosticsFeature
{
    public static IServiceCollection AddDiagnostics(this IServiceCollection services) =>
        services
            .AddConfigSection<DiagnosticsSettings>("diagnostics")
            .AddApplicationCommand<PingCommand>();
}
