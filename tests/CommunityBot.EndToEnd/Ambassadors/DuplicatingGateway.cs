using System.Threading.Channels;
using CommunityBot.Discord.Gateway;

namespace CommunityBot.EndToEnd.Ambassadors;

/// <summary>
/// The real gateway client, except every MESSAGE_CREATE it receives over the socket is handed to the bot
/// twice — what Discord does after a resume or a flaky connection. Everything else passes through unchanged.
/// </summary>
internal sealed class DuplicatingGateway : IGatewayClient
{
    private readonly DiscordGatewayClient _inner;
    private readonly Channel<GatewayEvent> _events = Channel.CreateUnbounded<GatewayEvent>();

    public DuplicatingGateway(DiscordGatewayClient inner)
    {
        _inner = inner;
        _ = Task.Run(PumpAsync);
    }

    private async Task PumpAsync()
    {
        await foreach (var evt in _inner.Events.ReadAllAsync())
        {
            await _events.Writer.WriteAsync(evt);
            if (evt is MessageCreateEvent) await _events.Writer.WriteAsync(evt);
        }
        _events.Writer.TryComplete();
    }

    public ChannelReader<GatewayEvent> Events => _events.Reader;
    public Task RunAsync(CancellationToken ct) => _inner.RunAsync(ct);

    public event Action<GatewayHeartbeat>? HeartbeatAcknowledged
    {
        add => _inner.HeartbeatAcknowledged += value;
        remove => _inner.HeartbeatAcknowledged -= value;
    }

    public bool IsConnected => _inner.IsConnected;
    public string? SessionId => _inner.SessionId;
    public int? LastSequence => _inner.LastSequence;
}
