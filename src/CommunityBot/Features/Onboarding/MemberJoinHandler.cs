using System.Text.Json;
using CommunityBot.Configuration;
using CommunityBot.Discord.Gateway;
using CommunityBot.Discord.Models;
using CommunityBot.Hosting;
using CommunityBot.Jobs;

namespace CommunityBot.Features.Onboarding;

/// <summary>
/// GUILD_MEMBER_ADD: records the join instance (keyed on Discord's joined_at, so a repeated event is a no-op) together
/// with a returning member's restored acceptance if configured, attributes the invite, and schedules the durable
/// work: the welcome (message, roles, DM), delayed auto-roles and the rules nudge. The handler itself posts
/// nothing, so a crash after recording cannot lose the welcome: the job runner picks it up.
/// </summary>
public sealed class MemberJoinHandler(
    ICommunityConfig config,
    OnboardingRepository repository,
    InviteTracker invites,
    GuildMemberCounts counts,
    IJobScheduler jobs,
    TimeProvider time) : IEventHandler<GuildMemberAddEvent>
{
    public async Task HandleAsync(GuildMemberAddEvent evt, CancellationToken ct)
    {
        if (config.Guild(evt.GuildId)?.Section<OnboardingSettings>() is not { } settings) return;
        if (evt.Member.User is not { } user || user.Bot == true) return;

        var now = time.GetUtcNow();
        var restore = settings.Rejoin.Mode == RejoinMode.Restore && settings.Rules is not null;
        var (journey, created) = await repository.RecordJoinAsync(evt.GuildId, user.Id, evt.Member.JoinedAt ?? now, restore, ct);
        if (((evt.Member.Flags ?? 0) & GuildMemberFlags.CompletedOnboarding) != 0)
            await repository.MarkNativeOnboardedAsync(evt.GuildId, user.Id, now, ct);

        int? memberCount = null;
        if (created)
        {
            memberCount = counts.Joined(evt.GuildId);
            if (await invites.AttributeJoinAsync(evt.GuildId, ct) is { } code) await repository.SetInviteCodeAsync(journey, code, ct);
        }
        else if (journey.WelcomeDmStatus is not null)
        {
            // A repeat of a join whose welcome already ran: nothing to do.
            return;
        }

        // Scheduling is idempotent per (kind, key); a repeat whose first attempt crashed before this point re-arms it.
        var payload = JsonSerializer.Serialize(new WelcomePayload(evt.Member.Nick ?? user.DisplayName, memberCount));
        await jobs.ScheduleAsync(WelcomeJob.JobKind, journey.JobKey, now, payload, evt.GuildId, ct: ct);
        if (settings.AutoRoles is { DelayMinutes: > 0 } autoRoles && autoRoles.RoleIds.Length > 0)
            await jobs.ScheduleAsync(AutoRolesJob.JobKind, journey.JobKey, now.AddMinutes(autoRoles.DelayMinutes), guildId: evt.GuildId, ct: ct);
        if (settings.Nudge is { } nudge && settings.Rules is not null && journey.AcceptedVia != AcceptedVia.Restored)
            await jobs.ScheduleAsync(NudgeJob.JobKind, journey.JobKey, now.AddHours(nudge.AfterHours), payload, evt.GuildId, ct: ct);
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
