using Microsoft.Extensions.Configuration;
using Serilog;
using Serilog.Events;

namespace CommunityBot.Hosting;

/// <summary>
/// Serilog, structured, to the console and a daily rolling file; overridable in the <c>Serilog</c> section.
/// The token is never a log property: options redact it in ToString and nothing logs request headers.
/// </summary>
public static class LoggingSetup
{
    public static Serilog.ILogger Create(IConfiguration configuration)
    {
        var logger = new LoggerConfiguration()
            .MinimumLevel.Information()
            .MinimumLevel.Override("Microsoft", LogEventLevel.Warning)
            .MinimumLevel.Override("System.Net.Http.HttpClient", LogEventLevel.Warning)
            .Enrich.FromLogContext()
            // A refused start-up is explained by its own message (CommandLine prints it); the host's stack trace would bury it.
            .Filter.ByExcluding(e => StartupRefusedException.IsHostReportOfARefusal(SourceContext(e), e.Exception));

        if (configuration.GetSection("Serilog").Exists())
            logger.ReadFrom.Configuration(configuration);
        else
            logger
                .WriteTo.Console(outputTemplate: "[{Timestamp:HH:mm:ss} {Level:u3}] {SourceContext}: {Message:lj}{NewLine}{Exception}")
                .WriteTo.File("logs/communitybot-.log", rollingInterval: RollingInterval.Day, retainedFileCountLimit: 14,
                    outputTemplate: "{Timestamp:O} [{Level:u3}] {SourceContext}: {Message:lj} {Properties:j}{NewLine}{Exception}");
        return logger.CreateLogger();
    }

    private static string? SourceContext(LogEvent e) =>
        e.Properties.TryGetValue("SourceContext", out var value) && value is ScalarValue { Value: string name } ? name : null;
}
