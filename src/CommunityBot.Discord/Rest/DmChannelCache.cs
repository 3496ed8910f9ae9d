using CommunityBot.Discord.Models;

namespace CommunityBot.Discord.Rest;

/// <summary>
/// The DM channel of each recipient, so a DM costs one request instead of <c>POST /users/@me/channels</c> every time
/// (Discord answers that call with the same channel for the same user). At most <c>capacity</c> recipients are kept,
/// least recently used dropped first; concurrent first DMs to one user share one request; a failed open is not kept,
/// and a channel Discord no longer knows (10003) is forgotten so the next DM opens it again.
/// </summary>
internal sealed class DmChannelCache(int capacity)
{
    private readonly object _gate = new();
    private readonly Dictionary<ulong, LinkedListNode<(ulong UserId, Task<Channel> Channel)>> _byUser = new();
    private readonly LinkedList<(ulong UserId, Task<Channel> Channel)> _recency = new();

    public int Count { get { lock (_gate) return _byUser.Count; } }

    public Task<Channel> GetOrOpenAsync(ulong userId, Func<Task<Channel>> open)
    {
        if (capacity <= 0) return open();
        Task<Channel> task;
        lock (_gate)
        {
            if (_byUser.TryGetValue(userId, out var node))
            {
                _recency.Remove(node);
                _recency.AddFirst(node);
                return node.Value.Channel;
            }
            task = open();
            _byUser[userId] = _recency.AddFirst((userId, task));
            while (_byUser.Count > capacity)
            {
                var oldest = _recency.Last!;
                _recency.RemoveLast();
                _byUser.Remove(oldest.Value.UserId);
            }
        }
        return ForgetOnFailure(userId, task);
    }

    private async Task<Channel> ForgetOnFailure(ulong userId, Task<Channel> task)
    {
        try
        {
            return await task.ConfigureAwait(false);
        }
        catch
        {
            Forget(n => n.UserId == userId && n.Channel == task);
            throw;
        }
    }

    /// <summary>Drops the entry for a channel Discord answered 10003 Unknown Channel for.</summary>
    public void ForgetChannel(ulong channelId) =>
        Forget(n => n.Channel.IsCompletedSuccessfully && n.Channel.Result.Id == channelId);

    private void Forget(Func<(ulong UserId, Task<Channel> Channel), bool> matches)
    {
        lock (_gate)
        {
            for (var node = _recency.First; node is not null; node = node.Next)
            {
                if (!matches(node.Value)) continue;
                _recency.Remove(node);
                _byUser.Remove(node.Value.UserId);
                return;
            }
        }
    }
}
