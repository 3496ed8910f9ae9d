using CommunityBot.Discord.Gateway;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace CommunityBot.Hosting;

/// <summary>
/// Runs the gateway session for the life of the host. The client reconnects by itself; only a fatal close
/// (bad token, disallowed intents, …) ends it, and then the whole process stops with exit code 2 so an
/// operator or orchestrator sees it instead of a bot that silently loops.
/// </summary>
public sealed class GatewayService(IGatewayClient gateway, IHostApplicationLifetime lifetime, ILogger<GatewayService> logger) : BackgroundService
{
    public const int FatalExitCode = 2;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await gateway.RunAsync(stoppingToken);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested) { }
        catch (GatewayFatalException ex)
        {
            logger.LogCritical("Stopping: {Reason}", ex.Message);
            Environment.ExitCode = FatalExitCode;
            lifetime.StopApplication();
        }
        catch (Exception ex)
        {
            logger.LogCritical(ex, "The gateway session ended unexpectedly; stopping");
            Environment.ExitCode = FatalExitCode;
            lifetime.StopApplication();
        }
    }
}
