using System.Globalization;
using System.Net;
using CommunityBot.Discord.Rest;
using CommunityBot.Hosting;
using CommunityBot.Interactions;
using CommunityBot.Jobs;

namespace CommunityBot.Features.Onboarding;

/// <summary>
/// "I accept" and the interest roles menu. Both are safe to click twice: roles are changed only where the
/// member's current roles (carried by the interaction) differ from the goal, and acceptance keeps its first time.
/// </summary>
public sealed class OnboardingComponents(
    OnboardingRepository repository,
    IDiscordRestClient rest,
    IJobScheduler jobs,
    GuildDirectory guilds,
    TimeProvider time) : IComponentHandler
{
    public string Feature => RulesMessage.Feature;

    public IReadOnlyList<ComponentAction> Actions { get; } = [new("accept"), new("interests")];

    public Task HandleAsync(InteractionContext ctx, CustomId id) => id.Action switch
    {
        "accept" => AcceptAsync(ctx),
        "interests" => ChooseInterestsAsync(ctx),
        _ => throw new InteractionRefusedException("This control is out of date. Please use the latest rules message."),
    };

    private async Task AcceptAsync(InteractionContext ctx)
    {
        var settings = ctx.Section<OnboardingSettings>("Onboarding");
        var rules = settings.Rules ?? throw new InteractionRefusedException("The rules gate is switched off on this server.");
        var now = time.GetUtcNow();
        var roles = ctx.MemberRoles;

        try
        {
            if (!roles.Contains(rules.MemberRoleId))
                await rest.AddGuildMemberRoleAsync(ctx.GuildId, ctx.UserId, rules.MemberRoleId, "Onboarding: accepted the rules");
            if (rules.NewcomerRoleId is { } newcomer && roles.Contains(newcomer))
                await rest.RemoveGuildMemberRoleAsync(ctx.GuildId, ctx.UserId, newcomer, "Onboarding: accepted the rules");
        }
        catch (DiscordRestException ex) when (IsForbidden(ex))
        {
            throw CannotChangeRoles();
        }

        // Members who were here before the bot (no recorded join) get a journey from their Discord join time.
        var journey = await repository.GetLatestAsync(ctx.GuildId, ctx.UserId) is { LeftAtMs: null } open
            ? open
            : (await repository.RecordJoinAsync(ctx.GuildId, ctx.UserId, ctx.Interaction.Member?.JoinedAt ?? now)).Journey;
        await repository.MarkAcceptedAsync(journey, now, AcceptedVia.Button);
        await jobs.CancelAsync(NudgeJob.JobKind, journey.JobKey);

        var guild = await guilds.GetAsync(ctx.GuildId);
        var firstSteps = OnboardingTemplate.Render(rules.FirstSteps, new TemplateValues(guild.Name, settings.Channels)
        {
            MemberId = ctx.UserId, MemberName = ctx.Interaction.Member?.Nick ?? ctx.User.DisplayName,
        });
        var menu = RulesMessage.InterestsMenu(settings);
        await ctx.RespondAsync(firstSteps, components: menu is null ? null : [menu], ephemeral: true);
    }

    private async Task ChooseInterestsAsync(InteractionContext ctx)
    {
        var settings = ctx.Section<OnboardingSettings>("Onboarding");
        var interests = settings.Interests ?? throw new InteractionRefusedException("Interest roles are switched off on this server.");
        var byId = interests.Roles.ToDictionary(r => r.RoleId);
        var values = ctx.Interaction.Data?.Values ?? [];

        // Only roles listed in config can ever be granted: anything else in the submission refuses the whole change.
        var chosen = new HashSet<ulong>();
        foreach (var value in values)
        {
            if (!ulong.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var roleId) || !byId.ContainsKey(roleId))
                throw new InteractionRefusedException($"`{Shorten(value)}` is not one of this server's interest roles, so nothing was changed. Please use the menu on the latest rules message.");
            chosen.Add(roleId);
        }
        if (chosen.Count < interests.MinValues || chosen.Count > interests.EffectiveMaxValues)
            throw new InteractionRefusedException($"Pick between {interests.MinValues} and {interests.EffectiveMaxValues} interests (you picked {chosen.Count}).");

        var current = ctx.MemberRoles.ToHashSet();
        var added = new List<string>();
        var removed = new List<string>();
        try
        {
            foreach (var role in interests.Roles)
            {
                if (chosen.Contains(role.RoleId) && !current.Contains(role.RoleId))
                {
                    await rest.AddGuildMemberRoleAsync(ctx.GuildId, ctx.UserId, role.RoleId, "Onboarding: chose an interest");
                    added.Add(role.Label);
                }
                else if (!chosen.Contains(role.RoleId) && current.Contains(role.RoleId))
                {
                    await rest.RemoveGuildMemberRoleAsync(ctx.GuildId, ctx.UserId, role.RoleId, "Onboarding: removed an interest");
                    removed.Add(role.Label);
                }
            }
        }
        catch (DiscordRestException ex) when (IsForbidden(ex))
        {
            throw CannotChangeRoles();
        }
        // Remembered only once Discord has the roles, so a restored rejoin gives back what the member really had.
        await repository.SaveInterestChoiceAsync(ctx.GuildId, ctx.UserId, chosen, time.GetUtcNow());

        var summary = chosen.Count == 0 ? "You have no interest roles now." : $"Your interests: {string.Join(", ", interests.Roles.Where(r => chosen.Contains(r.RoleId)).Select(r => r.Label))}.";
        if (added.Count > 0) summary += $"\nAdded: {string.Join(", ", added)}.";
        if (removed.Count > 0) summary += $"\nRemoved: {string.Join(", ", removed)}.";
        await ctx.RespondAsync(summary, ephemeral: true);
    }

    private static bool IsForbidden(DiscordRestException ex) => ex.Code == DiscordRestException.MissingPermissions || ex.Status == HttpStatusCode.Forbidden;

    private static InteractionRefusedException CannotChangeRoles() =>
        new("I could not change your roles: my role has to be above those roles and I need **Manage Roles**. Please tell a moderator.");

    private static string Shorten(string value) => value.Length <= 40 ? value.Replace("`", "") : value[..40].Replace("`", "") + "…";
}
