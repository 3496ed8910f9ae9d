using CommunityBot.Configuration;
using CommunityBot.Discord;
using CommunityBot.Discord.Gateway;
using CommunityBot.Features.Ambassadors;
using CommunityBot.Features.Diagnostics;
using CommunityBot.Features.Moderation;
using CommunityBot.Features.Onboarding;
using CommunityBot.Features.Faq;
using CommunityBot.Features.Ideas;
using CommunityBot.Features.Polls;
using CommunityBot.Features.Surveys;
using CommunityBot.Interactions;
using CommunityBot.Jobs;
using CommunityBot.Localisation;
using CommunityBot.Storage;
using CommunityBot.Storage.Health;
using CommunityBot.Storage.Migrations;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Serilog;

namespace CommunityBot.Hosting;

/// <summary>
/// Builds the bot: configuration, logging, storage, the Discord client, the event pipeline, durable jobs,
/// the interaction framework and every feature. Program.cs, the sandbox and the end-to-end tests all use this,
/// so what the tests run is what operators run.
/// </summary>
public static class BotHost
{
    public static HostApplicationBuilder CreateBuilder(string[] args, Action<HostApplicationBuilder>? customize = null)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { Args = args, ContentRootPath = Directory.GetCurrentDirectory() });
        builder.Configuration.AddJsonFile("appsettings.json", optional: true, reloadOnChange: false);
        builder.Logging.ClearProviders();
        customize?.Invoke(builder);
        builder.Logging.AddSerilog(LoggingSetup.Create(builder.Configuration), dispose: true);
        builder.Services.AddCommunityBot(builder.Configuration);
        return builder;
    }

    public static IServiceCollection AddCommunityBot(this IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<DiscordClientOptions>(configuration.GetSection(DiscordClientOptions.SectionName));
        // Beside the database by default, so a restart does not send into buckets the previous process exhausted.
        services.PostConfigure<DiscordClientOptions>(o => o.RateLimitMemoryPath ??= "data/rate-limits.json");
        services.Configure<DatabaseOptions>(configuration.GetSection(DatabaseOptions.SectionName));
        services.Configure<CommunityConfigOptions>(configuration.GetSection(CommunityConfigOptions.SectionName));
        services.Configure<HealthOptions>(configuration.GetSection(HealthOptions.SectionName));
        services.Configure<InteractionOptions>(configuration.GetSection(InteractionOptions.SectionName));
        services.Configure<EventPipelineOptions>(configuration.GetSection("EventPipeline"));
        services.TryAddSingleton(TimeProvider.System);

        // Storage
        services.AddSingleton<IDbConnectionFactory>(sp =>
        {
            var db = sp.GetRequiredService<IOptions<DatabaseOptions>>().Value;
            return db.Provider == DatabaseProvider.Postgres
                ? new PostgresConnectionFactory(db.ConnectionString)
                : new SqliteConnectionFactory(db.ConnectionString);
        });
        services.AddSingleton<MigrationRunner>();
        services.AddSingleton(new MigrationSource("core", typeof(StorageAnchor)));
        services.AddSingleton(new MigrationSource("storage-health", typeof(StorageHealth)));
        services.Configure<StorageHealthOptions>(configuration.GetSection(StorageHealthOptions.SectionName));
        services.AddSingleton<StorageHealth>();

        // Config
        services.AddSingleton<CommunityConfigLoader>();
        services.AddSingleton<CommunityConfigStore>();
        services.AddSingleton<ICommunityConfig>(sp => sp.GetRequiredService<CommunityConfigStore>());

        // Discord client and event pipeline
        services.AddDiscordClient();
        services.AddScoped<CurrentEvent>();
        services.AddSingleton<StorageRetry>();
        services.AddSingleton<BotIdentity>();
        services.AddEventHandler<ReadyEvent, BotIdentity.OnReady>();
        services.AddSingleton<GuildDirectory>();
        services.AddSingleton<MemberAccess>();
        services.AddEventHandler<GuildCreateEvent, GuildDirectory.OnGuildCreate>();
        services.AddEventHandler<GuildDeleteEvent, GuildDirectory.OnGuildDelete>();
        services.AddEventHandler<UnknownDispatchEvent, GuildDirectory.OnGuildChanged>();
        services.AddSingleton<HealthSignal>();
        services.AddSingleton<CardEdits>();
        services.AddSingleton<CatchUpRunner>();
        services.AddEventHandler<GuildCreateEvent, CatchUpRunner.OnGuildCreate>();

        // Jobs
        services.AddSingleton<JobStore>();
        services.AddSingleton<IJobScheduler>(sp => sp.GetRequiredService<JobStore>());

        services.AddLocalisation();
        services.AddInteractionFramework();

        // Features: one line each.
        services.AddDiagnostics();
        services.AddAmbassadors();
        services.AddOnboarding();
        services.AddModeration();
        services.AddFaq();
        services.AddPolls();
        services.AddIdeas();
        services.AddSurveys();

        // Hosted services start in this order and stop in reverse: the gateway stops first, handlers drain last.
        services.AddHostedService<StartupTasks>();
        services.AddHostedService(sp => sp.GetRequiredService<StorageHealth>());
        services.AddHostedService(sp => sp.GetRequiredService<HealthSignal>());
        services.AddHostedService<ConfigErrorNotifier>();
        services.AddHostedService<EventDispatcher>();
        services.AddHostedService<JobRunner>();
        services.AddHostedService(sp => sp.GetRequiredService<CatchUpRunner>());
        services.AddHostedService<GatewayService>();
        return services;
    }
}
