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
        _ => throw CustomId.Invalid(),
    };

    private async Task AcceptAsync(InteractionContext ctx)
    {
        var settings = ctx.Section<OnboardingSettings>("Onboarding");
        var rules = settings.Rules ?? throw new InteractionRefusedException(OnboardingTexts.Get(ctx.Culture, "RulesOff"));
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
            throw CannotChangeRoles(ctx);
        }

        // Members who were here before the bot (no recorded join) get a journey from their Discord join time.
        var journey = await repository.GetLatestAsync(ctx.GuildId, ctx.UserId) is { LeftAtMs: null } open
            ? open
            : (await repository.RecordJoinAsync(ctx.GuildId, ctx.UserId, ctx.Interaction.Member?.JoinedAt ?? now)).Journey;
        await repository.MarkAcceptedAsync(journey, now, AcceptedVia.Button);
        await jobs.CancelAsync(NudgeJob.JobKind, journey.JobKey);

        var guild = await guilds.GetAsync(ctx.GuildId);
        var firstSteps = OnboardingTemplate.Render(OnboardingTexts.Or(rules.FirstSteps, "Default.FirstSteps", ctx.Culture), new TemplateValues(guild.Name, settings.Channels)
        {
            MemberId = ctx.UserId, MemberName = ctx.Interaction.Member?.Nick ?? ctx.User.DisplayName,
        });
        var menu = RulesMessage.InterestsMenu(settings, ctx.Culture);
        await ctx.RespondAsync(firstSteps, components: menu is null ? null : [menu], ephemeral: true);
    }

    private async Task ChooseInterestsAsync(InteractionContext ctx)
    {
        var settings = ctx.Section<OnboardingSettings>("Onboarding");
        var interests = settings.Interests ?? throw new InteractionRefusedException(OnboardingTexts.Get(ctx.Culture, "InterestsOff"));
        var byId = interests.Roles.ToDictionary(r => r.RoleId);
        var values = ctx.Interaction.Data?.Values ?? [];

        // Only roles listed in config can ever be granted: anything else in the submission refuses the whole change.
        var chosen = new HashSet<ulong>();
        foreach (var value in values)
        {
            if (!ulong.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var roleId) || !byId.ContainsKey(roleId))
                throw new InteractionRefusedException(OnboardingTexts.Get(ctx.Culture, "NotAnInterest", ("value", Shorten(value))));
            chosen.Add(roleId);
        }
        if (chosen.Count < interests.MinValues || chosen.Count > interests.EffectiveMaxValues)
            throw new InteractionRefusedException(OnboardingTexts.Get(ctx.Culture, "PickRange",
                ("min", interests.MinValues), ("max", interests.EffectiveMaxValues), ("count", chosen.Count)));

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
                    added.Add(role.Label.For(ctx.Culture));
                }
                else if (!chosen.Contains(role.RoleId) && current.Contains(role.RoleId))
                {
                    await rest.RemoveGuildMemberRoleAsync(ctx.GuildId, ctx.UserId, role.RoleId, "Onboarding: removed an interest");
                    removed.Add(role.Label.For(ctx.Culture));
                }
            }
        }
        catch (DiscordRestException ex) when (IsForbidden(ex))
        {
            throw CannotChangeRoles(ctx);
        }
        // Remembered only once Discord has the roles, so a restored rejoin gives back what the member really had.
        await repository.SaveInterestChoiceAsync(ctx.GuildId, ctx.UserId, chosen, time.GetUtcNow());

        var culture = ctx.Culture;
        var separator = OnboardingTexts.Strings.Template(culture, "ListSeparator");
        var summary = chosen.Count == 0
            ? OnboardingTexts.Get(culture, "NoInterests")
            : OnboardingTexts.Get(culture, "YourInterests", ("list", string.Join(separator, interests.Roles.Where(r => chosen.Contains(r.RoleId)).Select(r => r.Label.For(culture)))));
        if (added.Count > 0) summary += "\n" + OnboardingTexts.Get(culture, "Added", ("list", string.Join(separator, added)));
        if (removed.Count > 0) summary += "\n" + OnboardingTexts.Get(culture, "Removed", ("list", string.Join(separator, removed)));
        await ctx.RespondAsync(summary, ephemeral: true);
    }

    private static bool IsForbidden(DiscordRestException ex) => ex.Code == DiscordRestException.MissingPermissions || ex.Status == HttpStatusCode.Forbidden;

    private static InteractionRefusedException CannotChangeRoles(InteractionContext ctx) => new(OnboardingTexts.Get(ctx.Culture, "CannotChangeRoles"));

    private static string Shorten(string value) => value.Length <= 40 ? value.Replace("`", "") : value[..40].Replace("`", "") + "…";
}
