namespace CommunityBot.Discord.Gateway;

/// <summary>
/// The end of a session's start-up (checklist §1.5): every guild READY listed as unavailable has arrived as
/// GUILD_CREATE or GUILD_DELETE, or the timeout passed first and <see cref="Missing"/> names the stragglers.
/// </summary>
public sealed record GuildsReadyInfo(int Expected, IReadOnlyList<ulong> Missing, TimeSpan Elapsed)
{
    public bool TimedOut => Missing.Count > 0;
}

/// <summary>
/// Counts READY's unavailable guilds down as their GUILD_CREATE / GUILD_DELETE dispatches arrive, and completes
/// once all have, or when <c>timeout</c> passes (a guild in an outage may not arrive for a long time; the bot
/// should not wait on it). One instance per READY: a RESUME keeps it, because the replay brings the rest.
/// </summary>
internal sealed class GuildStartup : IDisposable
{
    private readonly object _gate = new();
    private readonly HashSet<ulong> _pending;
    private readonly int _expected;
    private readonly TimeProvider _time;
    private readonly long _startedAt;
    private readonly Action<GuildsReadyInfo> _completed;
    private readonly ITimer _timeout;
    private GuildsReadyInfo? _result;
    private bool _disposed;

    public GuildStartup(IEnumerable<ulong> guildIds, TimeProvider time, TimeSpan timeout, Action<GuildsReadyInfo> completed)
    {
        _pending = [.. guildIds];
        _expected = _pending.Count;
        _time = time;
        _startedAt = time.GetTimestamp();
        _completed = completed;
        _timeout = time.CreateTimer(_ => Finish(), null, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        if (_expected == 0) Finish();
        else _timeout.Change(timeout, Timeout.InfiniteTimeSpan);
    }

    /// <summary>How start-up ended, once it has; set exactly once.</summary>
    public GuildsReadyInfo? Result { get { lock (_gate) return _result; } }

    /// <summary>A GUILD_CREATE or GUILD_DELETE for <paramref name="guildId"/> was handed to the event queue.</summary>
    public void Arrived(ulong guildId)
    {
        lock (_gate)
        {
            if (_result is not null || _disposed || !_pending.Remove(guildId) || _pending.Count > 0) return;
        }
        Finish();
    }

    private void Finish()
    {
        GuildsReadyInfo result;
        lock (_gate)
        {
            if (_result is not null || _disposed) return;
            result = _result = new GuildsReadyInfo(_expected, [.. _pending.Order()], _time.GetElapsedTime(_startedAt));
        }
        _timeout.Dispose();
        _completed(result);
    }

    public void Dispose()
    {
        lock (_gate) _disposed = true;
        _timeout.Dispose();
    }
}
