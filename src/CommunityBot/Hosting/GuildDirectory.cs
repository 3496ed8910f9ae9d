using System.Collections.Concurrent;
using CommunityBot.Discord.Gateway;
using CommunityBot.Discord.Models;
using CommunityBot.Discord.Rest;

namespace CommunityBot.Hosting;

/// <summary>What permission and hierarchy checks need of a guild: its owner and roles (with positions).</summary>
public sealed record GuildSnapshot(ulong Id, string Name, ulong OwnerId, IReadOnlyDictionary<ulong, Role> Roles)
{
    /// <summary>The highest position among <paramref name="roleIds"/> (0 = only @everyone).</summary>
    public int TopPosition(IEnumerable<ulong> roleIds) => roleIds.Select(id => Roles.TryGetValue(id, out var r) ? r.Position : 0).DefaultIfEmpty(0).Max();
}

/// <summary>
/// A small cache of guild owner and roles: filled by GUILD_CREATE, refreshed from REST on demand. Members are
/// deliberately not cached (large guilds; interactions carry what we need).
/// </summary>
public sealed class GuildDirectory(IDiscordRestClient rest)
{
    private readonly ConcurrentDictionary<ulong, GuildSnapshot> _guilds = new();

    public async Task<GuildSnapshot> GetAsync(ulong guildId, CancellationToken ct = default)
    {
        if (_guilds.TryGetValue(guildId, out var cached)) return cached;
        return await RefreshAsync(guildId, ct);
    }

    public async Task<GuildSnapshot> RefreshAsync(ulong guildId, CancellationToken ct = default)
    {
        var guild = await rest.GetGuildAsync(guildId, ct);
        return _guilds[guildId] = ToSnapshot(guild);
    }

    private static GuildSnapshot ToSnapshot(Guild guild) => new(guild.Id, guild.Name, guild.OwnerId, guild.Roles.ToDictionary(r => r.Id));

    internal sealed class OnGuildCreate(GuildDirectory directory) : IEventHandler<GuildCreateEvent>
    {
        public Task HandleAsync(GuildCreateEvent evt, CancellationToken ct)
        {
            directory._guilds[evt.Guild.Id] = ToSnapshot(evt.Guild);
            return Task.CompletedTask;
        }
    }

    internal sealed class OnGuildDelete(GuildDirectory directory) : IEventHandler<GuildDeleteEvent>
    {
        public Task HandleAsync(GuildDeleteEvent evt, CancellationToken ct)
        {
            directory._guilds.TryRemove(evt.Id, out _);
            return Task.CompletedTask;
        }
    }

    /// <summary>Role and guild updates are not modelled as typed events; any of them invalidates the cached snapshot.</summary>
    internal sealed class OnGuildChanged(GuildDirectory directory) : IEventHandler<UnknownDispatchEvent>
    {
        private static readonly HashSet<string> Invalidating = ["GUILD_UPDATE", "GUILD_ROLE_CREATE", "GUILD_ROLE_UPDATE", "GUILD_ROLE_DELETE"];

        public Task HandleAsync(UnknownDispatchEvent evt, CancellationToken ct)
        {
            if (Invalidating.Contains(evt.Name) && evt.Data.ValueKind == System.Text.Json.JsonValueKind.Object)
            {
                var idProperty = evt.Data.TryGetProperty("guild_id", out var g) ? g : evt.Data.TryGetProperty("id", out var i) ? i : default;
                if (idProperty.ValueKind == System.Text.Json.JsonValueKind.String && ulong.TryParse(idProperty.GetString(), out var guildId))
                    directory._guilds.TryRemove(guildId, out _);
            }
            return Task.CompletedTask;
        }
    }
}
