using CommunityBot.Configuration;
using CommunityBot.Discord.Gateway;
using CommunityBot.Hosting;
using CommunityBot.Interactions;
using CommunityBot.Jobs;
using CommunityBot.Storage.Migrations;
using Microsoft.Extensions.DependencyInjection;

namespace CommunityBot.Features.Faq;

/// <summary>FAQ capture: from answers in real conversations to a searchable, exportable knowledge base.</summary>
public static class FaqFeature
{
    public const string Module = "faq";

    public static IServiceCollection AddFaq(this IServiceCollection services)
    {
        services.AddConfigSection<FaqSettings>("faq", FaqSettingsValidation.Validate);
        services.AddSingleton(new MigrationSource(Module, typeof(FaqSettings)));

        services.AddSingleton<FaqRepository>();
        services.AddSingleton<FaqSearch>();
        services.AddSingleton<FaqNudges>();
        services.AddSingleton<FaqMatcher>();
        services.AddSingleton<HelpThreads>();
        services.AddSingleton<NudgeCooldowns>();
        services.AddScoped<FaqWorkflow>();
        services.AddScoped<FaqViewer>();

        services.AddApplicationCommand<SaveAsFaqCommand>();
        services.AddApplicationCommand<MarkAsAnswerCommand>();
        services.AddApplicationCommand<FaqCommand>();
        services.AddComponentHandler<FaqComponents>();

        services.AddEventHandler<MessageReactionAddEvent, ReviewReactionHandler>();
        services.AddCatchUpStep<ReviewCatchUp>();
        services.AddEventHandler<MessageCreateEvent, NudgeHandler>();
        services.AddEventHandler<GuildCreateEvent, HelpThreads.OnGuildCreate>();
        services.AddEventHandler<UnknownDispatchEvent, HelpThreads.OnThreadChanged>();
        services.AddEventHandler<ReadyEvent, FaqSyncJob.Sweep>();
        services.AddScoped<IJobHandler, FaqSyncJob>();
        return services;
    }
}
