using CommunityBot.Configuration;
using CommunityBot.Discord.Gateway;
using CommunityBot.Features.Moderation.Appeals;
using CommunityBot.Features.Moderation.Automod;
using CommunityBot.Features.Moderation.Cases;
using CommunityBot.Features.Moderation.Queue;
using CommunityBot.Hosting;
using CommunityBot.Interactions;
using CommunityBot.Storage.Migrations;
using Microsoft.Extensions.DependencyInjection;

namespace CommunityBot.Features.Moderation;

public static class ModerationFeature
{
    /// <summary>custom_id prefix of the feature's buttons and modals.</summary>
    public const string Prefix = "mod";

    public static IServiceCollection AddModeration(this IServiceCollection services)
    {
        services.AddConfigSection<ModerationSettings>("moderation", ModerationSettingsValidator.Validate);
        services.AddSingleton(new MigrationSource("moderation", typeof(ModerationSettings)));

        services.AddSingleton<MemberActivityTracker>();
        services.AddSingleton<AutomodDecisions>();
        services.AddSingleton<InviteAllowList>();
        services.AddSingleton<ReportDrafts>();
        services.AddScoped<CaseRepository>();
        services.AddScoped<QueueRepository>();
        services.AddScoped<AppealRepository>();
        services.AddScoped<HierarchyGuard>();
        services.AddScoped<EscalationLadder>();
        services.AddScoped<ModerationService>();
        services.AddScoped<ModQueue>();
        services.AddScoped<ReportSubmission>();
        services.AddScoped<AppealFlow>();

        services.AddEventHandler<MessageCreateEvent, AutomodHandler>();
        services.AddEventHandler<MessageReactionAddEvent, QueueReactionHandler>();
        services.AddCatchUpStep<QueueCatchUp>();

        services.AddApplicationCommand<WarnCommand>();
        services.AddApplicationCommand<TimeoutCommand>();
        services.AddApplicationCommand<UntimeoutCommand>();
        services.AddApplicationCommand<KickCommand>();
        services.AddApplicationCommand<BanCommand>();
        services.AddApplicationCommand<UnbanCommand>();
        services.AddApplicationCommand<CaseCommand>();
        services.AddApplicationCommand<ModlogCommand>();
        services.AddApplicationCommand<AutomodTestCommand>();
        services.AddApplicationCommand<ReportCommand>();
        services.AddComponentHandler<ModerationComponents>();
        return services;
    }
}
