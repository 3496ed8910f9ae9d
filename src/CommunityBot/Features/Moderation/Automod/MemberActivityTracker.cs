using System.Collections.Concurrent;

namespace CommunityBot.Features.Moderation.Automod;

/// <summary>
/// Recent messages per member, in memory, for the flood and cross-channel duplicate rules. Windows are short
/// (seconds to minutes), so losing them on restart costs nothing; each member keeps at most
/// <see cref="MaxPerMember"/> entries and idle members are swept, so memory stays bounded in a large guild.
/// </summary>
public sealed class MemberActivityTracker
{
    public const int MaxPerMember = 100;
    private static readonly TimeSpan Horizon = TimeSpan.FromMinutes(10);
    private readonly ConcurrentDictionary<(ulong Guild, ulong Member), Window> _members = new();
    private long _recordsSinceSweep;

    public readonly record struct Entry(ulong MessageId, ulong ChannelId, DateTimeOffset At, int ContentHash);

    private sealed class Window
    {
        public readonly LinkedList<Entry> Entries = new();
        public DateTimeOffset Latest;
    }

    /// <summary>Records a message (a replayed one is not counted twice) and returns a copy of the member's recent entries.</summary>
    public IReadOnlyList<Entry> Record(ulong guildId, ulong memberId, Entry entry)
    {
        if (Interlocked.Increment(ref _recordsSinceSweep) % 1024 == 0) Sweep(entry.At);
        var window = _members.GetOrAdd((guildId, memberId), _ => new Window());
        lock (window)
        {
            if (!window.Entries.Any(e => e.MessageId == entry.MessageId))
            {
                window.Entries.AddLast(entry);
                if (entry.At > window.Latest) window.Latest = entry.At;
            }
            while (window.Entries.Count > MaxPerMember || window.Entries.First is { } first && first.Value.At < window.Latest - Horizon)
                window.Entries.RemoveFirst();
            return [.. window.Entries];
        }
    }

    /// <summary>Forgets a member's window once a rule has acted on it, so one burst is punished once.</summary>
    public void Reset(ulong guildId, ulong memberId)
    {
        if (_members.TryGetValue((guildId, memberId), out var window))
            lock (window) window.Entries.Clear();
    }

    private void Sweep(DateTimeOffset now)
    {
        foreach (var (key, window) in _members)
            if (window.Latest < now - Horizon) _members.TryRemove(key, out _);
    }
}
