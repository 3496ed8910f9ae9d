using CommunityBot.Configuration;
using CommunityBot.Features.Brainstorming;
using CommunityBot.Interactions;
using CommunityBot.Jobs;
using CommunityBot.Storage.Migrations;
using Microsoft.Extensions.DependencyInjection;

namespace CommunityBot.Features.Ideas;

public static class IdeasFeature
{
    private static readonly int[] ArchiveDurations = [60, 1440, 4320, 10080];

    public static IServiceCollection AddIdeas(this IServiceCollection services)
    {
        services.AddConfigSection<IdeaSettings>("ideas", (s, ctx) =>
        {
            if (s.ChannelId == 0) ctx.Error("channelId", "is required: the channel where idea cards are posted");
            if (!ArchiveDurations.Contains(s.ThreadAutoArchiveMinutes))
                ctx.Error("threadAutoArchiveMinutes", $"must be one of 60, 1440, 4320, 10080 (found {s.ThreadAutoArchiveMinutes})");
        });
        services.AddSingleton(new MigrationSource("ideas", typeof(IdeasFeature)));
        if (services.All(d => d.ServiceType != typeof(CoalescingRefresher)))
        {
            services.AddSingleton<CoalescingRefresher>();
            services.AddHostedService(sp => sp.GetRequiredService<CoalescingRefresher>());
        }
        services.AddSingleton<IdeaCardRefresher>();
        services.AddScoped<IdeaRepository>();
        services.AddScoped<IdeaStatusService>();
        services.AddScoped<IJobHandler, IdeaStatusFanoutJob>();
        services.AddApplicationCommand<IdeaCommand>();
        services.AddComponentHandler<IdeaComponents>();
        return services;
    }
}
