using System.Collections.Concurrent;
using System.Text.Json;
using CommunityBot.Discord.Gateway;
using CommunityBot.Discord.Models;
using CommunityBot.Discord.Rest;
using CommunityBot.Hosting;

namespace CommunityBot.Features.Faq;

/// <summary>
/// Which parent channel a thread (or forum post) belongs to, and its title. MESSAGE_CREATE names only the thread,
/// so nudges in help forums need this; GUILD_CREATE (channels and threads) and THREAD_CREATE fill it, REST fills
/// the gaps. Bounded: it is
/// emptied when it grows past <see cref="Capacity"/> and refills on demand.
/// </summary>
public sealed class HelpThreads(IDiscordRestClient rest)
{
    private const int Capacity = 20_000;
    private readonly ConcurrentDictionary<ulong, ThreadInfo> _threads = new();

    public sealed record ThreadInfo(ulong? ParentId, string? Name, ulong? OwnerId, bool IsThread);

    public bool TryGet(ulong channelId, out ThreadInfo info) => _threads.TryGetValue(channelId, out info!);

    public async Task<ThreadInfo> GetAsync(ulong channelId, CancellationToken ct)
    {
        if (_threads.TryGetValue(channelId, out var known)) return known;
        return Remember(await rest.GetChannelAsync(channelId, ct));
    }

    public ThreadInfo Remember(Channel channel)
    {
        if (_threads.Count >= Capacity) _threads.Clear();
        var info = new ThreadInfo(channel.ParentId, channel.Name, channel.OwnerId, channel.Type is ChannelTypes.PublicThread or ChannelTypes.PrivateThread);
        _threads[channel.Id] = info;
        return info;
    }

    internal sealed class OnGuildCreate(HelpThreads threads) : IEventHandler<GuildCreateEvent>
    {
        public Task HandleAsync(GuildCreateEvent evt, CancellationToken ct)
        {
            foreach (var channel in evt.Channels.Concat(evt.Threads)) threads.Remember(channel);
            return Task.CompletedTask;
        }
    }

    /// <summary>THREAD_CREATE / THREAD_UPDATE are not modelled as typed events; read the few fields we need.</summary>
    internal sealed class OnThreadChanged(HelpThreads threads) : IEventHandler<UnknownDispatchEvent>
    {
        public Task HandleAsync(UnknownDispatchEvent evt, CancellationToken ct)
        {
            if (evt.Name is not ("THREAD_CREATE" or "THREAD_UPDATE") || evt.Data.ValueKind != JsonValueKind.Object) return Task.CompletedTask;
            if (Snowflake(evt.Data, "id") is not { } id) return Task.CompletedTask;
            var type = evt.Data.TryGetProperty("type", out var t) && t.ValueKind == JsonValueKind.Number ? t.GetInt32() : ChannelTypes.PublicThread;
            var name = evt.Data.TryGetProperty("name", out var n) && n.ValueKind == JsonValueKind.String ? n.GetString() : null;
            threads.Remember(new Channel { Id = id, Type = type, Name = name, ParentId = Snowflake(evt.Data, "parent_id"), OwnerId = Snowflake(evt.Data, "owner_id") });
            return Task.CompletedTask;
        }

        private static ulong? Snowflake(JsonElement data, string name) =>
            data.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String && ulong.TryParse(v.GetString(), out var id) ? id : null;
    }
}
