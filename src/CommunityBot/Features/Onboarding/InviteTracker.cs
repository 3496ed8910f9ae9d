using System.Collections.Concurrent;
using System.Net;
using CommunityBot.Discord.Gateway;
using CommunityBot.Discord.Models;
using CommunityBot.Discord.Rest;
using CommunityBot.Hosting;
using Microsoft.Extensions.Logging;

namespace CommunityBot.Features.Onboarding;

/// <summary>
/// Works out which invite a newcomer used. Discord does not say; the uses counter does. We snapshot every
/// invite's uses at GUILD_CREATE (and add new ones on INVITE_CREATE), and on each join read the invites again:
/// the one whose uses went up is the one. An invite that vanished when it was one use from its limit was used
/// up by this join. Two joins between two reads are ambiguous and stay unattributed rather than guessed.
/// Reading invites needs Manage Server; without it the tracker says so once and stays out of the way.
/// </summary>
public sealed class InviteTracker(IDiscordRestClient rest, ILogger<InviteTracker> logger)
{
    private sealed class GuildInvites
    {
        public readonly SemaphoreSlim Gate = new(1, 1);
        public Dictionary<string, (int Uses, int MaxUses)>? Snapshot;
        public bool Forbidden;
    }

    private readonly ConcurrentDictionary<ulong, GuildInvites> _guilds = new();

    /// <summary>False once Discord refused to list this guild's invites (missing Manage Server).</summary>
    public bool CanTrack(ulong guildId) => !_guilds.TryGetValue(guildId, out var g) || !g.Forbidden;

    public async Task SnapshotAsync(ulong guildId, CancellationToken ct)
    {
        var state = _guilds.GetOrAdd(guildId, _ => new GuildInvites());
        await state.Gate.WaitAsync(ct);
        try
        {
            state.Snapshot = await ReadAsync(guildId, state, ct);
        }
        finally
        {
            state.Gate.Release();
        }
    }

    public void Added(ulong guildId, string code, int uses, int maxUses)
    {
        if (_guilds.TryGetValue(guildId, out var state))
            lock (state) state.Snapshot?.TryAdd(code, (uses, maxUses));
    }

    /// <summary>The code the member most likely joined with, or null when unknown or ambiguous.</summary>
    public async Task<string?> AttributeJoinAsync(ulong guildId, CancellationToken ct)
    {
        var state = _guilds.GetOrAdd(guildId, _ => new GuildInvites());
        if (state.Forbidden) return null;
        await state.Gate.WaitAsync(ct);
        try
        {
            var before = state.Snapshot;
            var after = await ReadAsync(guildId, state, ct);
            state.Snapshot = after;
            if (before is null || after is null) return null;
            lock (state) return Diff(before, after);
        }
        finally
        {
            state.Gate.Release();
        }
    }

    /// <summary>Pure diff of two snapshots (code → uses, max uses), exposed for tests.</summary>
    internal static string? Diff(IReadOnlyDictionary<string, (int Uses, int MaxUses)> before, IReadOnlyDictionary<string, (int Uses, int MaxUses)> after)
    {
        var increased = after.Where(a => a.Value.Uses > (before.TryGetValue(a.Key, out var b) ? b.Uses : 0)).Select(a => a.Key).ToList();
        if (increased.Count == 1 && Grew(before, after, increased[0]) == 1) return increased[0];
        if (increased.Count > 0) return null;
        var usedUp = before.Where(b => !after.ContainsKey(b.Key) && b.Value.MaxUses > 0 && b.Value.Uses == b.Value.MaxUses - 1).Select(b => b.Key).ToList();
        return usedUp.Count == 1 ? usedUp[0] : null;

        static int Grew(IReadOnlyDictionary<string, (int Uses, int MaxUses)> before, IReadOnlyDictionary<string, (int Uses, int MaxUses)> after, string code) =>
            after[code].Uses - (before.TryGetValue(code, out var b) ? b.Uses : 0);
    }

    private async Task<Dictionary<string, (int, int)>?> ReadAsync(ulong guildId, GuildInvites state, CancellationToken ct)
    {
        try
        {
            var invites = await rest.GetGuildInvitesAsync(guildId, ct);
            return invites.GroupBy(i => i.Code).ToDictionary(g => g.Key, g => (g.First().Uses ?? 0, g.First().MaxUses ?? 0));
        }
        catch (DiscordRestException ex) when (ex.Status == HttpStatusCode.Forbidden)
        {
            if (!state.Forbidden)
                logger.LogInformation("Invite tracking is off in guild {GuildId}: the bot needs the Manage Server permission to read invites", guildId);
            state.Forbidden = true;
            return null;
        }
        catch (DiscordRestException ex)
        {
            logger.LogWarning("Could not read invites of guild {GuildId}: {Error}", guildId, ex.Message);
            return null;
        }
    }

    internal sealed class OnGuildCreate(InviteTracker tracker, GuildMemberCounts counts, Configuration.ICommunityConfig config) : IEventHandler<GuildCreateEvent>
    {
        public async Task HandleAsync(GuildCreateEvent evt, CancellationToken ct)
        {
            counts.Set(evt.Guild.Id, evt.MemberCount);
            if (config.Guild(evt.Guild.Id)?.Section<OnboardingSettings>() is null) return;
            await tracker.SnapshotAsync(evt.Guild.Id, ct);
        }
    }

    internal sealed class OnInviteCreate(InviteTracker tracker) : IEventHandler<InviteCreateEvent>
    {
        public Task HandleAsync(InviteCreateEvent evt, CancellationToken ct)
        {
            if (evt.GuildId is { } guildId) tracker.Added(guildId, evt.Code, evt.Uses, evt.MaxUses);
            return Task.CompletedTask;
        }
    }
}

/// <summary>Member counts for <c>{memberCount}</c>: GUILD_CREATE's member_count, then +1/−1 for each new join or leave we record.</summary>
public sealed class GuildMemberCounts
{
    private readonly ConcurrentDictionary<ulong, int> _counts = new();

    public void Set(ulong guildId, int count)
    {
        if (count > 0) _counts[guildId] = count;
    }

    public int? Current(ulong guildId) => _counts.TryGetValue(guildId, out var c) ? c : null;

    public int? Joined(ulong guildId) => _counts.TryGetValue(guildId, out _) ? _counts.AddOrUpdate(guildId, 1, (_, c) => c + 1) : null;

    public void Left(ulong guildId)
    {
        if (_counts.TryGetValue(guildId, out _)) _counts.AddOrUpdate(guildId, 0, (_, c) => Math.Max(0, c - 1));
    }
}
