using CommunityBot.Discord.Gateway.Compression;
using CommunityBot.Discord.Gateway.Socket;

namespace CommunityBot.Discord.Gateway;

/// <summary>
/// The state of one WebSocket connection. A new one is made for every (re)connect so nothing — the
/// awaiting-ACK flag, the send budget, the heartbeat task — leaks from a dead socket into the next.
/// </summary>
internal sealed class GatewayConnection(IGatewaySocket socket, GatewaySendLimiter sendLimiter, CancellationTokenSource lifetime, bool resuming)
{
    private ConnectionEnd? _end;

    public IGatewaySocket Socket { get; } = socket;
    public GatewaySendLimiter SendLimiter { get; } = sendLimiter;
    /// <summary>Cancelled when the connection ends; stops the heartbeat and any pending send.</summary>
    public CancellationTokenSource Lifetime { get; } = lifetime;
    /// <summary>Guards the socket's output only (one send at a time); connect/reconnect never take it.</summary>
    public SemaphoreSlim SendLock { get; } = new(1, 1);
    /// <summary>True when this connection went to resume_gateway_url to RESUME rather than IDENTIFY.</summary>
    public bool Resuming { get; } = resuming;
    /// <summary>This connection's own zlib-stream context; null without transport compression.</summary>
    public ZlibStreamInflater? Inflater { get; init; }

    public volatile bool HelloReceived;
    public volatile bool AwaitingAck;
    /// <summary>The receive loop is waiting for room in the event queue, so ACKs cannot be read right now.</summary>
    public volatile bool BlockedOnQueue;
    public volatile bool ReachedSession;
    public long LastHeartbeatAt;
    public CancellationTokenSource? HeartbeatStop;
    public Task? HeartbeatTask;

    public ConnectionEnd? End => Volatile.Read(ref _end);

    /// <summary>The first reason to end the connection wins; later ones are ignored.</summary>
    public bool TryEnd(ConnectionEnd end) => Interlocked.CompareExchange(ref _end, end, null) is null;
}
