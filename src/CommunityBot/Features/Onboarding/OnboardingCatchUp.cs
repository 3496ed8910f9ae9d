using CommunityBot.Configuration;
using CommunityBot.Discord.Rest;
using CommunityBot.Hosting;
using CommunityBot.Storage;
using Dapper;

namespace CommunityBot.Features.Onboarding;

/// <summary>
/// Joins the bot missed while it was away get the onboarding they would have had (welcome, roles, nudge schedule),
/// once. Discord's member list (paged by user id) is compared with the last join recorded before the gap: every member
/// who joined after it and has no journey for that joined_at is recorded through <see cref="JoinRecorder"/>, the same
/// path and key as a live GUILD_MEMBER_ADD, so a join that also arrives live, or a second catch-up, changes nothing.
/// Members who joined and left again during the gap are not in the list and are not welcomed.
/// </summary>
public sealed class OnboardingCatchUp(ICommunityConfig config, IDbConnectionFactory db, IDiscordRestClient rest, JoinRecorder joins, TimeProvider time)
    : ICatchUpStep
{
    /// <summary>
    /// Joins recorded this close to the new session are left out of "the last join before the gap": they may be live
    /// joins handled while the catch-up starts, and the allowance covers Discord's clock and ours disagreeing. Starting
    /// from an earlier join only costs a few more look-ups.
    /// </summary>
    public static readonly TimeSpan SessionMargin = TimeSpan.FromMinutes(10);
    private const int PageSize = 1000;

    public string Name => "onboarding joins";

    public async Task<int> RunAsync(CatchUpRequest request, CancellationToken ct)
    {
        var guildId = request.GuildId;
        if (config.Guild(guildId)?.Section<OnboardingSettings>() is null) return 0;
        if (await SinceAsync(guildId, request.SessionStartedAt - SessionMargin, ct) is not { } since) return 0;

        var known = await KnownJoinsAsync(guildId, since, ct);
        var handled = 0;
        ulong after = 0;
        while (true)
        {
            var page = await rest.ListGuildMembersAsync(guildId, PageSize, after, ct);
            foreach (var member in page)
            {
                if (member.User is not { Bot: not true } user || member.JoinedAt is not { } joinedAt) continue;
                var joinedAtMs = joinedAt.ToUnixTimeMilliseconds();
                if (joinedAtMs <= since || known.Contains((user.Id, joinedAtMs))) continue;
                if (await joins.RecordAsync(guildId, member, live: false, ct)) handled++;
            }
            if (page.Count < PageSize) return handled;
            after = page.Max(m => m.User?.Id ?? 0);
        }
    }

    /// <summary>
    /// The joined_at (ms) after which joins may have been missed: the last join recorded before <paramref name="cutoff"/>,
    /// else the guild's mark. Null on the first run in a guild (the mark is set now: nobody has been missed yet).
    /// </summary>
    private async Task<long?> SinceAsync(ulong guildId, DateTimeOffset cutoff, CancellationToken ct)
    {
        await using var connection = await db.OpenAsync(ct);
        var lastJoin = await connection.ExecuteScalarAsync<long?>(new CommandDefinition(
            "SELECT MAX(joined_at) FROM onboarding_journeys WHERE guild_id = @guildId AND joined_at < @cutoff",
            new { guildId, cutoff = cutoff.ToUnixTimeMilliseconds() }, cancellationToken: ct));
        var mark = await connection.ExecuteScalarAsync<long?>(new CommandDefinition(
            "SELECT since FROM onboarding_catchup_marks WHERE guild_id = @guildId", new { guildId }, cancellationToken: ct));
        if (mark is null)
            await connection.ExecuteAsync(new CommandDefinition(
                "INSERT INTO onboarding_catchup_marks (guild_id, since) VALUES (@guildId, @now) ON CONFLICT (guild_id) DO NOTHING",
                new { guildId, now = time.GetUtcNow().ToUnixTimeMilliseconds() }, cancellationToken: ct));
        return lastJoin is { } last && mark is { } m ? Math.Max(last, m) : lastJoin ?? mark;
    }

    private async Task<HashSet<(ulong MemberId, long JoinedAtMs)>> KnownJoinsAsync(ulong guildId, long since, CancellationToken ct)
    {
        await using var connection = await db.OpenAsync(ct);
        var rows = await connection.QueryAsync<(long MemberId, long JoinedAtMs)>(new CommandDefinition(
            "SELECT member_id, joined_at FROM onboarding_journeys WHERE guild_id = @guildId AND joined_at > @since",
            new { guildId, since }, cancellationToken: ct));
        return rows.Select(r => (unchecked((ulong)r.MemberId), r.JoinedAtMs)).ToHashSet();
    }
}
