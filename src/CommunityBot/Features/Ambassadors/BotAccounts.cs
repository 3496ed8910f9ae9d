using System.Collections.Concurrent;
using CommunityBot.Hosting;
using CommunityBot.Storage;
using Dapper;

namespace CommunityBot.Features.Ambassadors;

/// <summary>
/// The accounts that never earn ambassador points: the bot itself (<see cref="BotIdentity.UserId"/>, from READY) and
/// every account seen with Discord's <c>bot</c> flag or posting through a webhook, remembered in
/// <c>ambassador_bot_accounts</c> so they stay known across restarts. There are few of them (the bots and webhooks of
/// the served guilds), so the set is held in memory and every award checks it without a database read.
/// </summary>
public sealed class BotAccounts(IDbConnectionFactory db, BotIdentity identity, TimeProvider time)
{
    private readonly SemaphoreSlim _loading = new(1, 1);
    private ConcurrentDictionary<ulong, byte>? _known;

    public async ValueTask<bool> IsBotAsync(ulong userId, CancellationToken ct = default) =>
        (identity.UserId != 0 && userId == identity.UserId) || (await KnownAsync(ct)).ContainsKey(userId);

    /// <summary>Records an account as a bot; true when it was not known before (its earlier points still need taking back).</summary>
    public async Task<bool> RememberAsync(ulong userId, CancellationToken ct = default)
    {
        var known = await KnownAsync(ct);
        if (known.ContainsKey(userId)) return false;
        await using (var c = await db.OpenAsync(ct))
            await c.ExecuteAsync(new CommandDefinition(
                "INSERT INTO ambassador_bot_accounts (user_id, first_seen_at) VALUES (@userId, @at) ON CONFLICT (user_id) DO NOTHING",
                new { userId, at = time.GetUtcNow() }, cancellationToken: ct));
        // Added only once stored: a failed write leaves it unknown here, so the next sighting tries again.
        return known.TryAdd(userId, 0);
    }

    /// <summary>Recorded bots whose earlier points have not been taken back yet (the process stopped in between).</summary>
    public async Task<IReadOnlyList<ulong>> NotClearedAsync(CancellationToken ct = default)
    {
        await using var c = await db.OpenAsync(ct);
        return (await c.QueryAsync<ulong>(new CommandDefinition(
            "SELECT user_id FROM ambassador_bot_accounts WHERE points_cleared_at IS NULL", cancellationToken: ct))).AsList();
    }

    public async Task MarkClearedAsync(ulong userId, CancellationToken ct = default)
    {
        await using var c = await db.OpenAsync(ct);
        await c.ExecuteAsync(new CommandDefinition(
            "UPDATE ambassador_bot_accounts SET points_cleared_at = @at WHERE user_id = @userId AND points_cleared_at IS NULL",
            new { userId, at = time.GetUtcNow() }, cancellationToken: ct));
    }

    private async ValueTask<ConcurrentDictionary<ulong, byte>> KnownAsync(CancellationToken ct)
    {
        if (Volatile.Read(ref _known) is { } known) return known;
        await _loading.WaitAsync(ct);
        try
        {
            if (_known is not null) return _known;
            await using var c = await db.OpenAsync(ct);
            var ids = await c.QueryAsync<ulong>(new CommandDefinition("SELECT user_id FROM ambassador_bot_accounts", cancellationToken: ct));
            known = new ConcurrentDictionary<ulong, byte>(ids.Select(id => KeyValuePair.Create(id, (byte)0)));
            Volatile.Write(ref _known, known);
            return known;
        }
        finally
        {
            _loading.Release();
        }
    }
}
