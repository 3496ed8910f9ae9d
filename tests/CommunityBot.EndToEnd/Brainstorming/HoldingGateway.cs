using System.Collections.Concurrent;
using System.Threading.Channels;
using CommunityBot.Discord.Gateway;

namespace CommunityBot.EndToEnd.Brainstorming;

/// <summary>
/// The real gateway client, except the dispatches a test chooses (say every MESSAGE_POLL_VOTE_*) are held back instead
/// of reaching the bot; the test then delivers the ones it wants, in the order and as often as it wants — what an
/// outage (lost events), a resume (repeats) and concurrent handling (reordering) do to them. Everything else passes
/// through unchanged.
/// </summary>
internal sealed class HoldingGateway : IGatewayClient
{
    private readonly DiscordGatewayClient _inner;
    private readonly Func<GatewayEvent, bool> _hold;
    private readonly Channel<GatewayEvent> _events = Channel.CreateUnbounded<GatewayEvent>();
    private readonly ConcurrentQueue<GatewayEvent> _held = new();

    public HoldingGateway(DiscordGatewayClient inner, Func<GatewayEvent, bool> hold)
    {
        _inner = inner;
        _hold = hold;
        _ = Task.Run(PumpAsync);
    }

    private async Task PumpAsync()
    {
        await foreach (var evt in _inner.Events.ReadAllAsync())
        {
            if (_hold(evt)) _held.Enqueue(evt);
            else await _events.Writer.WriteAsync(evt);
        }
        _events.Writer.TryComplete();
    }

    /// <summary>The held dispatches of one type, in the order Discord sent them.</summary>
    public IReadOnlyList<T> Held<T>() where T : GatewayEvent => _held.OfType<T>().ToList();

    public ValueTask DeliverAsync(GatewayEvent evt) => _events.Writer.WriteAsync(evt);

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
