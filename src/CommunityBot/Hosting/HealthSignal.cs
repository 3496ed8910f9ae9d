using CommunityBot.Discord.Gateway;
using CommunityBot.Storage.Health;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CommunityBot.Hosting;

public sealed class HealthOptions
{
    public const string SectionName = "Health";
    /// <summary>Touched on every heartbeat ACK; a container health check tests that it is fresh.</summary>
    public string FilePath { get; set; } = "data/healthy";
}

/// <summary>
/// Liveness means "Discord is acknowledging our heartbeats", not "the process is up": the file is touched on
/// every HEARTBEAT_ACK once the session's guilds have arrived, and deleted on shutdown, so `find data/healthy -mmin -2` is a faithful health check.
/// While the database fails to take writes the file is left alone: a bot that answers Discord but records nothing is
/// not healthy, and an orchestrator should see that.
/// </summary>
public sealed class HealthSignal(IGatewayClient gateway, StorageHealth storage, IOptions<HealthOptions> options, ILogger<HealthSignal> logger) : IHostedService
{
    private readonly string _path = Path.GetFullPath(options.Value.FilePath);
    public DateTimeOffset? LastAck { get; private set; }

    public Task StartAsync(CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(_path)!);
        gateway.HeartbeatAcknowledged += OnAck;
        return Task.CompletedTask;
    }

    private void OnAck(GatewayHeartbeat beat)
    {
        LastAck = beat.AckedAt;
        // Healthy means serving: heartbeats alone are not enough while the guilds are still arriving after READY.
        if (!gateway.AreGuildsReady || storage.IsFailing) return;
        try
        {
            File.WriteAllText(_path, beat.AckedAt.ToString("O"));
        }
        catch (IOException ex)
        {
            logger.LogWarning(ex, "Could not touch the health file {Path}", _path);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        gateway.HeartbeatAcknowledged -= OnAck;
        try { File.Delete(_path); } catch (IOException) { }
        return Task.CompletedTask;
    }
}
