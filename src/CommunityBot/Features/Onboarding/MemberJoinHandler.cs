using System.Text.Json;
using CommunityBot.Configuration;
using CommunityBot.Discord.Gateway;
using CommunityBot.Discord.Models;
using CommunityBot.Hosting;
using CommunityBot.Jobs;

namespace CommunityBot.Features.Onboarding;

/// <summary>GUILD_MEMBER_ADD: a join seen live, handed to <see cref="JoinRecorder"/>.</summary>
public sealed class MemberJoinHandler(JoinRecorder joins) : IEventHandler<GuildMemberAddEvent>
{
    public Task HandleAsync(GuildMemberAddEvent evt, CancellationToken ct) => joins.RecordAsync(evt.GuildId, evt.Member, live: true, ct);
}

/// <summary>
/// One join, seen live or found by the catch-up after downtime: records the join instance (keyed on Discord's joined_at,
/// so a repeated event, or a join both delivered live and found by the catch-up, is a no-op) together with a returning
/// member's restored acceptance if configured, attributes the invite (live joins only: use counts compared across a gap
/// say nothing about who used which invite), and schedules the durable work: the welcome (message, roles, DM), delayed
/// auto-roles and the rules nudge. Nothing is posted here, so a crash after recording cannot lose the welcome: the job
/// runner picks it up.
/// </summary>
public sealed class JoinRecorder(
    ICommunityConfig config,
    OnboardingRepository repository,
    InviteTracker invites,
    GuildMemberCounts counts,
    IJobScheduler jobs,
    TimeProvider time)
{
    /// <returns>True when this call recorded the join (false: seen before, or onboarding is off, or a bot).</returns>
    public async Task<bool> RecordAsync(ulong guildId, GuildMember member, bool live, CancellationToken ct)
    {
        if (config.Guild(guildId)?.Section<OnboardingSettings>() is not { } settings) return false;
        if (member.User is not { } user || user.Bot == true) return false;

        var now = time.GetUtcNow();
        var restore = settings.Rejoin.Mode == RejoinMode.Restore && settings.Rules is not null;
        var (journey, created) = await repository.RecordJoinAsync(guildId, user.Id, member.JoinedAt ?? now, restore, ct);
        if (((member.Flags ?? 0) & GuildMemberFlags.CompletedOnboarding) != 0)
            await repository.MarkNativeOnboardedAsync(guildId, user.Id, now, ct);

        int? memberCount = null;
        if (created && live)
        {
            // A join found by the catch-up is already in the member count GUILD_CREATE brought.
            memberCount = counts.Joined(guildId);
            if (await invites.AttributeJoinAsync(guildId, ct) is { } code) await repository.SetInviteCodeAsync(journey, code, ct);
        }
        else if (!created && journey.WelcomeDmStatus is not null)
        {
            // A repeat of a join whose welcome already ran: nothing to do.
            return false;
        }

        // A missed join's delays run from when the member joined, not from when the bot noticed.
        var from = live ? now : journey.JoinedAt;
        // Scheduling is idempotent per (kind, key); a repeat whose first attempt crashed before this point re-arms it.
        var payload = JsonSerializer.Serialize(new WelcomePayload(member.Nick ?? user.DisplayName, memberCount));
        await jobs.ScheduleAsync(WelcomeJob.JobKind, journey.JobKey, now, payload, guildId, ct: ct);
        if (settings.AutoRoles is { DelayMinutes: > 0 } autoRoles && autoRoles.RoleIds.Length > 0)
            await jobs.ScheduleAsync(AutoRolesJob.JobKind, journey.JobKey, from.AddMinutes(autoRoles.DelayMinutes), guildId: guildId, ct: ct);
        if (settings.Nudge is { } nudge && settings.Rules is not null && journey.AcceptedVia != AcceptedVia.Restored)
            await jobs.ScheduleAsync(NudgeJob.JobKind, journey.JobKey, from.AddHours(nudge.AfterHours), payload, guildId, ct: ct);
        return created;
    }
}

/// <summary>What the welcome and nudge jobs need to know about the member at join time.</summary>
public sealed record WelcomePayload(string Name, int? MemberCount);

/// <summary>GUILD_MEMBER_REMOVE: the funnel's "left" step; the pending nudge is cancelled.</summary>
public sealed class MemberLeaveHandler(ICommunityConfig config, OnboardingRepository repository, GuildMemberCounts counts, IJobScheduler jobs, TimeProvider time)
    : IEventHandler<GuildMemberRemoveEvent>
{
    public async Task HandleAsync(GuildMemberRemoveEvent evt, CancellationToken ct)
    {
        if (config.Guild(evt.GuildId)?.Section<OnboardingSettings>() is null) return;
        if (!await repository.MarkLeftAsync(evt.GuildId, evt.User.Id, time.GetUtcNow(), ct)) return;
        counts.Left(evt.GuildId);
        if (await repository.GetLatestAsync(evt.GuildId, evt.User.Id, ct) is { } journey)
        {
            await jobs.CancelAsync(NudgeJob.JobKind, journey.JobKey, ct);
            await jobs.CancelAsync(AutoRolesJob.JobKind, journey.JobKey, ct);
        }
    }
}

/// <summary>GUILD_MEMBER_UPDATE: notices Discord's native onboarding being completed (COMPLETED_ONBOARDING member flag).</summary>
public sealed class MemberUpdateHandler(ICommunityConfig config, OnboardingRepository repository, TimeProvider time) : IEventHandler<GuildMemberUpdateEvent>
{
    public async Task HandleAsync(GuildMemberUpdateEvent evt, CancellationToken ct)
    {
        if (config.Guild(evt.GuildId)?.Section<OnboardingSettings>() is null) return;
        if (evt.Member.User is not { } user || ((evt.Member.Flags ?? 0) & GuildMemberFlags.CompletedOnboarding) == 0) return;
        await repository.MarkNativeOnboardedAsync(evt.GuildId, user.Id, time.GetUtcNow(), ct);
    }
}
