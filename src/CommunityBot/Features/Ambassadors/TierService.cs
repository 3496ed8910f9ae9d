using System.Text.Json;
using CommunityBot.Configuration;
using CommunityBot.Discord.Models;
using CommunityBot.Discord.Rest;
using CommunityBot.Jobs;
using CommunityBot.Localisation;
using Microsoft.Extensions.Logging;

namespace CommunityBot.Features.Ambassadors;

/// <summary>
/// Keeps tier roles in step with points. After every committed change whose totals cross a threshold, the
/// member's roles are diffed against the target (highest level only, or every level reached) and fixed, and
/// a promotion is announced once. A failed Discord call becomes a durable retry job, so roles converge.
/// </summary>
public sealed class TierService(
    LedgerWriter writer, ICommunityConfig config, IDiscordRestClient rest, IJobScheduler jobs, TimeProvider time, ILogger<TierService> logger,
    Audiences? audiences = null)
{
    public const string RetryJobKind = "ambassadors.tier-sync";
    // Syncs of one member run one at a time so the last one always applies the latest totals.
    private static readonly SemaphoreSlim[] Stripes = Enumerable.Range(0, 64).Select(_ => new SemaphoreSlim(1, 1)).ToArray();

    public static int LevelFor(TierSettings tiers, long value)
    {
        var level = 0;
        while (level < tiers.Levels.Count && value >= tiers.Levels[level].Threshold) level++;
        return level;
    }

    public static long BasisValue(TierSettings tiers, long balance, long earned) => tiers.Basis == TierBasis.Balance ? balance : earned;

    /// <summary>Roles a member at <paramref name="level"/> should hold among the tier roles.</summary>
    public static IReadOnlySet<ulong> TargetRoles(TierSettings tiers, int level) => level == 0
        ? new HashSet<ulong>()
        : tiers.Mode == TierMode.Stacking
            ? tiers.Levels.Take(level).Select(l => l.RoleId).ToHashSet()
            : new HashSet<ulong> { tiers.Levels[level - 1].RoleId };

    public async Task OnChangedAsync(LedgerChange change, CancellationToken ct)
    {
        if (config.Guild(change.GuildId)?.Section<AmbassadorSettings>()?.Tiers is not { Levels.Count: > 0 } tiers) return;
        if (LevelFor(tiers, BasisValue(tiers, change.Balance, change.Earned)) == change.TierLevel) return;
        await SyncAsync(change.GuildId, change.MemberId, ct);
    }

    /// <summary>Brings one member's tier level, roles and announcement up to date with their current totals.</summary>
    /// <param name="retrying">From the retry job: let failures propagate so the job runner retries with backoff.</param>
    public async Task SyncAsync(ulong guildId, ulong memberId, CancellationToken ct, bool retrying = false)
    {
        if (config.Guild(guildId)?.Section<AmbassadorSettings>()?.Tiers is not { Levels.Count: > 0 } tiers) return;
        var stripe = Stripes[(int)((guildId ^ memberId) % (ulong)Stripes.Length)];
        await stripe.WaitAsync(ct);
        try
        {
            var (totals, target, claimed) = await writer.RunAsync(async s =>
            {
                var t = await Ledger.MemberAsync(s, guildId, memberId);
                if (t is null) return (t, 0, false);
                var level = LevelFor(tiers, BasisValue(tiers, t.Balance, t.Earned));
                return (t, level, level != t.TierLevel && await Ledger.ClaimTierLevelAsync(s, guildId, memberId, t.TierLevel, level));
            }, ct);
            if (totals is null || totals.Departed) return;

            // Announce first: the level is claimed now, and a role retry later must not lose the announcement.
            if (claimed && target > totals.TierLevel && tiers.AnnounceChannelId is { } channel)
            {
                var level = tiers.Levels[target - 1];
                try
                {
                    await rest.CreateMessageAsync(channel, new CreateMessageRequest
                    {
                        // A public announcement: the server's language (without Audiences, as in unit tests: the configured one or English).
                        Content = PointsFormat.Strings.Get(audiences?.ForGuild(guildId) ?? config.Guild(guildId)?.Language ?? Languages.Fallback,
                            "Tier.Reached", ("member", $"<@{memberId}>"), ("tier", level.Name)),
                    }, ct: ct);
                }
                catch (DiscordRestException ex)
                {
                    logger.LogWarning("Could not announce the promotion of {Member} in {Guild}: {Error}", memberId, guildId, ex.Message);
                }
            }

            try
            {
                await ApplyRolesAsync(guildId, memberId, tiers, target, ct);
            }
            catch (DiscordRestException ex) when (!retrying)
            {
                logger.LogWarning("Could not update tier roles of {Member} in {Guild} ({Error}); retrying later", memberId, guildId, ex.Message);
                await jobs.ScheduleAsync(RetryJobKind, $"{guildId}:{memberId}", time.GetUtcNow().AddMinutes(1),
                    JsonSerializer.Serialize(new TierRetry(guildId, memberId)), guildId, ct: ct);
            }
        }
        finally
        {
            stripe.Release();
        }
    }

    private async Task ApplyRolesAsync(ulong guildId, ulong memberId, TierSettings tiers, int level, CancellationToken ct)
    {
        var member = await rest.GetGuildMemberAsync(guildId, memberId, ct);
        var target = TargetRoles(tiers, level);
        var tierRoles = tiers.Levels.Select(l => l.RoleId).ToHashSet();
        var reason = level == 0 ? "Ambassador tier: below the first level" : $"Ambassador tier: {tiers.Levels[level - 1].Name}";
        foreach (var role in target.Where(r => !member.Roles.Contains(r)))
            await rest.AddGuildMemberRoleAsync(guildId, memberId, role, reason, ct);
        foreach (var role in member.Roles.Where(r => tierRoles.Contains(r) && !target.Contains(r)))
            await rest.RemoveGuildMemberRoleAsync(guildId, memberId, role, reason, ct);
    }

    internal sealed record TierRetry(ulong GuildId, ulong MemberId);

    /// <summary>The durable retry of a tier sync whose Discord calls failed.</summary>
    internal sealed class RetryJob(TierService tiers) : IJobHandler
    {
        public string Kind => RetryJobKind;

        public async Task HandleAsync(Job job, CancellationToken ct)
        {
            var retry = JsonSerializer.Deserialize<TierRetry>(job.Payload) ?? throw new InvalidOperationException("empty tier retry payload");
            await tiers.SyncAsync(retry.GuildId, retry.MemberId, ct, retrying: true);
        }
    }
}
