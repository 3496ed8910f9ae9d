using System.Text.Json;
using CommunityBot.Configuration;
using CommunityBot.Discord.Models;
using CommunityBot.Hosting;
using CommunityBot.Jobs;
using CommunityBot.Localisation;

namespace CommunityBot.Features.Onboarding;

/// <summary>
/// The welcome of one join: the public message, the roles given at join (newcomer, immediate auto-roles, or the
/// member role and remembered interests for a restored returning member) and the welcome DM (a short welcome-back
/// for a restored member). Each step records its outcome, so a re-run after a crash or a transient failure skips
/// what is done; the posts carry a nonce derived from the join.
/// </summary>
public sealed class WelcomeJob(ICommunityConfig config, OnboardingRepository repository, DiscordCalls discord, GuildDirectory guilds, GuildMemberCounts counts,
    Audiences audiences) : IJobHandler
{
    public const string JobKind = "onboarding.welcome";
    public string Kind => JobKind;

    public async Task HandleAsync(Job job, CancellationToken ct)
    {
        if (!JourneyKey.TryParse(job.Key, out var guildId, out var memberId, out var joinedAtMs)) return;
        if (config.Guild(guildId)?.Section<OnboardingSettings>() is not { } settings) return;
        if (await repository.GetAsync(guildId, memberId, joinedAtMs, ct) is not { LeftAtMs: null } journey) return;

        var payload = JsonSerializer.Deserialize<WelcomePayload>(job.Payload) ?? new WelcomePayload("", null);
        var guild = await guilds.GetAsync(guildId, ct);
        var values = new TemplateValues(guild.Name, settings.Channels)
        {
            MemberId = memberId, MemberName = payload.Name, MemberCount = payload.MemberCount ?? counts.Current(guildId),
        };

        var welcome = settings.Welcome;
        var template = journey.IsRejoin ? welcome?.RejoinMessage ?? welcome?.Message : welcome?.Message;
        if (journey.WelcomeMessageId is null && welcome?.ChannelId is { } channelId && template is not null)
        {
            var mentions = welcome.PingMember ? AllowedMentions.OnlyUsers(memberId) : AllowedMentions.None;
            // The public welcome is read by the whole server: the server's language.
            var text = OnboardingTemplate.Render(template.For(audiences.ForGuild(guildId)), values);
            if (await discord.PostAsync(channelId, text, mentions, DiscordCalls.Nonce("welcome", job.Key), ct) is { } messageId)
                await repository.SetWelcomeMessageAsync(journey, messageId, ct);
        }

        if (!await discord.AddRolesAsync(guildId, memberId, RolesAtJoin(settings, journey), "Onboarding: joined the server", ct)) return;
        var restored = journey.AcceptedVia == AcceptedVia.Restored;
        if (restored)
        {
            var interests = RestorableInterests(settings.Interests, await repository.GetInterestChoiceAsync(guildId, memberId, ct), guild);
            if (!await discord.AddRolesAsync(guildId, memberId, interests, "Onboarding: interests restored on rejoin", ct)) return;
        }

        if (journey.WelcomeDmStatus is null)
        {
            var culture = await audiences.ForMemberAsync(memberId, guildId, ct);
            var status = DirectMessageFor(welcome, restored, culture) is { } dm
                ? await discord.DirectMessageAsync(memberId, OnboardingTemplate.Render(dm, values), DiscordCalls.Nonce("dm", job.Key), ct)
                : DmStatus.Skipped;
            await repository.SetWelcomeDmStatusAsync(journey, status, ct);
        }
    }

    /// <summary>
    /// The member's remembered interest roles that are still offered in the config and still exist in the guild: an
    /// interest an admin has dropped since is never given back.
    /// </summary>
    public static IReadOnlyList<ulong> RestorableInterests(InterestSettings? interests, IEnumerable<ulong> remembered, GuildSnapshot guild)
    {
        if (interests is null) return [];
        var offered = interests.Roles.Select(r => r.RoleId).ToHashSet();
        return remembered.Where(id => offered.Contains(id) && guild.Roles.ContainsKey(id)).Distinct().ToList();
    }

    /// <summary>
    /// The welcome DM, if DMs are on: a restored member already knows the rules, so they get the short welcome-back
    /// instead of the newcomer's walkthrough.
    /// </summary>
    private static string? DirectMessageFor(WelcomeSettings? welcome, bool restored, System.Globalization.CultureInfo culture) =>
        welcome?.DirectMessage is null ? null
        : restored ? OnboardingTexts.Or(welcome.RejoinDirectMessage, "Default.RejoinDirectMessage", culture)
        : welcome.DirectMessage.For(culture);

    private static IEnumerable<ulong> RolesAtJoin(OnboardingSettings settings, Journey journey)
    {
        if (settings.Rules is { } rules)
        {
            if (journey.AcceptedVia == AcceptedVia.Restored) yield return rules.MemberRoleId;
            else if (journey.AcceptedAtMs is null && rules.NewcomerRoleId is { } newcomer) yield return newcomer;
        }
        if (settings.AutoRoles is { DelayMinutes: 0 } autoRoles)
            foreach (var role in autoRoles.RoleIds) yield return role;
    }
}

/// <summary>Auto-roles configured with a delay, given when the delay is over if the member is still here.</summary>
public sealed class AutoRolesJob(ICommunityConfig config, OnboardingRepository repository, DiscordCalls discord) : IJobHandler
{
    public const string JobKind = "onboarding.autoroles";
    public string Kind => JobKind;

    public async Task HandleAsync(Job job, CancellationToken ct)
    {
        if (!JourneyKey.TryParse(job.Key, out var guildId, out var memberId, out var joinedAtMs)) return;
        if (config.Guild(guildId)?.Section<OnboardingSettings>()?.AutoRoles is not { RoleIds.Length: > 0 } autoRoles) return;
        if (await repository.GetAsync(guildId, memberId, joinedAtMs, ct) is not { LeftAtMs: null }) return;
        await discord.AddRolesAsync(guildId, memberId, autoRoles.RoleIds, $"Onboarding: {autoRoles.DelayMinutes} minutes after joining", ct);
    }
}

/// <summary>
/// The one reminder DM for a member who has not accepted the rules N hours after joining. The claim
/// (<c>nudged_at</c>) is written before sending, so neither a restart nor a second process sends it again; a
/// re-run that finds its own claim without a recorded outcome (crash mid-send) resends with the same nonce.
/// </summary>
public sealed class NudgeJob(ICommunityConfig config, OnboardingRepository repository, DiscordCalls discord, GuildDirectory guilds, TimeProvider time,
    Audiences audiences) : IJobHandler
{
    public const string JobKind = "onboarding.nudge";
    public string Kind => JobKind;

    public async Task HandleAsync(Job job, CancellationToken ct)
    {
        if (!JourneyKey.TryParse(job.Key, out var guildId, out var memberId, out var joinedAtMs)) return;
        if (config.Guild(guildId)?.Section<OnboardingSettings>() is not { Nudge: { } nudge, Rules: not null } settings) return;
        if (await repository.GetAsync(guildId, memberId, joinedAtMs, ct) is not { } journey) return;

        var claimed = await repository.TryClaimNudgeAsync(journey, time.GetUtcNow(), ct);
        var resumingOwnClaim = !claimed && job.Attempt > 1 && journey.NudgedAtMs is not null && journey.NudgeStatus is null;
        if (!claimed && !resumingOwnClaim) return;

        var payload = JsonSerializer.Deserialize<WelcomePayload>(job.Payload) ?? new WelcomePayload("", null);
        var guild = await guilds.GetAsync(guildId, ct);
        var culture = await audiences.ForMemberAsync(memberId, guildId, ct);
        var content = OnboardingTemplate.Render(OnboardingTexts.Or(nudge.Message, "Default.Nudge", culture),
            new TemplateValues(guild.Name, settings.Channels) { MemberId = memberId, MemberName = payload.Name });
        Component[]? components = null;
        if (await repository.GetRulesMessageAsync(guildId, ct) is { } rules)
            components = [Component.Row(Component.LinkButton(RulesMessage.JumpUrl(guildId, rules), OnboardingTexts.Get(culture, "OpenRules")))];

        var status = await discord.DirectMessageAsync(memberId, content, DiscordCalls.Nonce("nudge", job.Key), ct, components);
        await repository.SetNudgeStatusAsync(journey, status, ct);
    }
}
