using CommunityBot.Configuration;
using CommunityBot.Discord.Gateway;
using CommunityBot.Hosting;
using CommunityBot.Interactions;
using CommunityBot.Jobs;
using CommunityBot.Storage.Migrations;
using Microsoft.Extensions.DependencyInjection;

namespace CommunityBot.Features.Onboarding;

/// <summary>
/// Newcomer onboarding: welcome (message, DM, roles), the rules gate, interest roles, the rules nudge, rejoin
/// recognition and the activation funnel with invite attribution.
/// </summary>
public static class OnboardingFeature
{
    public static IServiceCollection AddOnboarding(this IServiceCollection services)
    {
        services.AddSingleton(new MigrationSource("onboarding", typeof(OnboardingRepository)));
        services.AddConfigSection<OnboardingSettings>("onboarding", OnboardingSettingsValidator.Validate);

        services.AddSingleton<OnboardingRepository>();
        services.AddSingleton<InviteTracker>();
        services.AddSingleton<GuildMemberCounts>();
        services.AddScoped<DiscordCalls>();
        services.AddScoped<JoinRecorder>();
        services.AddCatchUpStep<OnboardingCatchUp>();

        services.AddEventHandler<GuildCreateEvent, InviteTracker.OnGuildCreate>();
        services.AddEventHandler<InviteCreateEvent, InviteTracker.OnInviteCreate>();
        services.AddEventHandler<GuildMemberAddEvent, MemberJoinHandler>();
        services.AddEventHandler<GuildMemberRemoveEvent, MemberLeaveHandler>();
        services.AddEventHandler<GuildMemberUpdateEvent, MemberUpdateHandler>();
        services.AddEventHandler<MessageCreateEvent, ActivityHandler>();
        services.AddEventHandler<UnknownDispatchEvent, ThreadCreateHandler>();

        services.AddScoped<IJobHandler, WelcomeJob>();
        services.AddScoped<IJobHandler, AutoRolesJob>();
        services.AddScoped<IJobHandler, NudgeJob>();

        services.AddApplicationCommand<OnboardingCommand>();
        services.AddComponentHandler<OnboardingComponents>();
        return services;
    }
}
