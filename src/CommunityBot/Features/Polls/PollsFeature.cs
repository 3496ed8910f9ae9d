using CommunityBot.Configuration;
using CommunityBot.Discord.Gateway;
using CommunityBot.Features.Brainstorming;
using CommunityBot.Hosting;
using CommunityBot.Interactions;
using CommunityBot.Jobs;
using CommunityBot.Storage.Migrations;
using Microsoft.Extensions.DependencyInjection;

namespace CommunityBot.Features.Polls;

public static class PollsFeature
{
    public static IServiceCollection AddPolls(this IServiceCollection services)
    {
        services.AddConfigSection<PollSettings>("polls", (s, ctx) =>
        {
            if (s.DefaultDurationHours < 1) ctx.Error("defaultDurationHours", $"must be at least 1 (found {s.DefaultDurationHours})");
            if (s.MaxDurationDays is < 1 or > 365) ctx.Error("maxDurationDays", $"must be between 1 and 365 (found {s.MaxDurationDays})");
            else if (s.DefaultDurationHours > s.MaxDurationDays * 24) ctx.Error("defaultDurationHours", $"must not exceed maxDurationDays ({s.MaxDurationDays} days)");
        });
        services.AddSingleton(new MigrationSource("polls", typeof(PollsFeature)));
        if (services.All(d => d.ServiceType != typeof(CoalescingRefresher)))
        {
            services.AddSingleton<CoalescingRefresher>();
            services.AddHostedService(sp => sp.GetRequiredService<CoalescingRefresher>());
        }
        services.AddSingleton<PollCardRefresher>();
        services.AddScoped<PollRepository>();
        services.AddScoped<NativePollVoters>();
        services.AddScoped<PollCloser>();
        services.AddScoped<IJobHandler, PollCloseJob>();
        services.AddApplicationCommand<PollCommand>();
        services.AddComponentHandler<PollComponents>();
        services.AddEventHandler<MessagePollVoteEvent, NativePollEvents>();
        services.AddEventHandler<MessageUpdateEvent, NativePollEvents>();
        return services;
    }
}
