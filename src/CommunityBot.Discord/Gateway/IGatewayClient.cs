using System.Threading.Channels;

namespace CommunityBot.Discord.Gateway;

/// <summary>
/// One gateway session (one shard). <see cref="RunAsync"/> owns the socket lifecycle — connect, identify
/// or resume, heartbeat, reconnect with backoff — until cancelled or a fatal close code
/// (4004, 4010–4014), where it throws <see cref="GatewayFatalException"/> after one clear log line.
/// Decoded dispatches are written, in arrival order, to the bounded <see cref="Events"/> queue;
/// nothing bot-specific ever runs on the receive loop.
/// </summary>
public interface IGatewayClient
{
    ChannelReader<GatewayEvent> Events { get; }
    Task RunAsync(CancellationToken ct);

    /// <summary>Raised (off the receive loop) on every HEARTBEAT_ACK: a liveness signal for health checks.</summary>
    event Action<GatewayHeartbeat>? HeartbeatAcknowledged;

    /// <summary>True between READY/RESUMED and the next disconnect.</summary>
    bool IsConnected { get; }
    string? SessionId { get; }
    int? LastSequence { get; }

    /// <summary>
    /// True once the session's start-up is over: READY plus a GUILD_CREATE (or GUILD_DELETE) for every guild it listed,
    /// or the start-up timeout (checklist §1.5). Wrappers that do not track guilds fall back to <see cref="IsConnected"/>.
    /// </summary>
    bool AreGuildsReady => IsConnected;
}

public readonly record struct GatewayHeartbeat(DateTimeOffset AckedAt, TimeSpan Latency);

/// <summary>A close code Discord documents as not reconnectable; the operator must fix something.</summary>
public sealed class GatewayFatalException(int closeCode, string reason)
    : Exception($"Discord closed the gateway with {closeCode}: {reason}")
{
    public int CloseCode { get; } = closeCode;
}
