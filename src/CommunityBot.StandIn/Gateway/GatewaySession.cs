using System.Text;
using System.Text.Json;

namespace CommunityBot.StandIn.Gateway;

/// <summary>
/// One gateway session (created by IDENTIFY, continued by RESUME). Owns the sequence counter and the replay buffer,
/// so a dispatch made while no connection is attached is still delivered on resume.
/// </summary>
internal sealed class GatewaySession(string id, ulong intents, JsonElement identify, int shardId, int shardCount, int bufferSize)
{
    private readonly object _lock = new();
    private readonly LinkedList<(int Seq, byte[] Frame)> _buffer = new();
    private int _seq;

    public string Id { get; } = id;
    public ulong Intents { get; } = intents;
    public JsonElement Identify { get; } = identify;
    public int ShardId { get; } = shardId;
    public int ShardCount { get; } = shardCount;
    public GatewayConnection? Connection { get; private set; }
    public bool Invalidated { get; private set; }
    public int Sequence { get { lock (_lock) return _seq; } }

    /// <summary>A guild event goes to the shard that owns the guild (G § Sharding Formula); DMs go to shard 0.</summary>
    public bool OwnsGuild(ulong? guildId) =>
        guildId is { } g ? (int)((g >> 22) % (ulong)ShardCount) == ShardId : ShardId == 0;

    public void Dispatch(string name, string dataJson)
    {
        lock (_lock)
        {
            if (Invalidated) return;
            var seq = ++_seq;
            var frame = Encoding.UTF8.GetBytes($"{{\"op\":0,\"t\":{JsonSerializer.Serialize(name)},\"s\":{seq},\"d\":{dataJson}}}");
            _buffer.AddLast((seq, frame));
            while (_buffer.Count > bufferSize) _buffer.RemoveFirst();
            Connection?.Enqueue(frame);
        }
    }

    public void Attach(GatewayConnection connection)
    {
        lock (_lock)
        {
            var previous = Connection;
            Connection = connection;
            if (previous is not null && previous != connection) previous.Abort();
        }
    }

    public void Detach(GatewayConnection connection)
    {
        lock (_lock) if (Connection == connection) Connection = null;
    }

    /// <summary>
    /// Attaches <paramref name="connection"/> and queues every dispatch after <paramref name="seq"/> in order.
    /// False when <paramref name="seq"/> is ahead of the session or older than the buffer (Discord: close 4007).
    /// </summary>
    public bool TryResume(GatewayConnection connection, int seq)
    {
        lock (_lock)
        {
            if (Invalidated || seq > _seq || seq < 0) return false;
            var oldest = _buffer.First?.Value.Seq ?? _seq + 1;
            if (seq + 1 < oldest && seq != _seq) return false;
            var previous = Connection;
            Connection = connection;
            if (previous is not null && previous != connection) previous.Abort();
            foreach (var (s, frame) in _buffer)
                if (s > seq) connection.Enqueue(frame);
            return true;
        }
    }

    public void Invalidate()
    {
        lock (_lock)
        {
            Invalidated = true;
            _buffer.Clear();
        }
    }
}
