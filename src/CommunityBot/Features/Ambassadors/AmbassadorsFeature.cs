using CommunityBot.Configuration;
using CommunityBot.Discord.Gateway;
using CommunityBot.Hosting;
using CommunityBot.Interactions;
using CommunityBot.Jobs;
using CommunityBot.Storage.Migrations;
using Microsoft.Extensions.DependencyInjection;

namespace CommunityBot.Features.Ambassadors;

/// <summary>The ambassador program: points ledger, earning from activity, tiers, seasons, rewards and redemption.</summary>
public static class AmbassadorsFeature
{
    public static IServiceCollection AddAmbassadors(this IServiceCollection services)
    {
        services.AddConfigSection<AmbassadorSettings>("ambassadors", AmbassadorSettings.Validate);
        services.AddSingleton(new MigrationSource("ambassadors", typeof(AmbassadorsFeature)));

        services.AddSingleton<LedgerWriter>();
        services.AddSingleton<BotAccounts>();
        services.AddSingleton<TierService>();
        services.AddSingleton<AmbassadorPoints>();
        services.AddSingleton<IAmbassadorPoints>(sp => sp.GetRequiredService<AmbassadorPoints>());
        services.AddSingleton<AmbassadorQueries>();
        services.AddSingleton<RewardService>();
        services.AddScoped<IJobHandler, TierService.RetryJob>();

        services.AddApplicationCommand<PointsCommand>();
        services.AddApplicationCommand<LeaderboardCommand>();
        services.AddApplicationCommand<RewardsCommand>();
        services.AddComponentHandler<RedemptionReviewHandler>();

        services.AddEventHandler<MessageCreateEvent, MessagePointsHandler>();
        services.AddEventHandler<MessageReactionAddEvent, ReactionPointsHandler>();
        services.AddEventHandler<GuildScheduledEventUserAddEvent, EventAttendanceHandler>();
        services.AddEventHandler<GuildMemberRemoveEvent, MemberPresenceHandler>();
        services.AddEventHandler<GuildMemberAddEvent, MemberPresenceHandler>();
        services.AddEventHandler<ReadyEvent, BotAccountHandlers>();
        services.AddEventHandler<MessageCreateEvent, BotAccountHandlers>();
        services.AddEventHandler<GuildMemberAddEvent, BotAccountHandlers>();
        services.AddEventHandler<GuildCreateEvent, BotAccountHandlers>();
        services.AddEventHandler<GuildMembersChunkEvent, BotAccountHandlers>();
        return services;
    }
}
