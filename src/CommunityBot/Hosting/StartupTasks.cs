using CommunityBot.Configuration;
using CommunityBot.Storage.Migrations;
using Microsoft.Extensions.Hosting;

namespace CommunityBot.Hosting;

/// <summary>
/// Runs before anything talks to Discord: migrates the database and loads the community config. Either
/// failing stops start-up with a message that says what to fix.
/// </summary>
public sealed class StartupTasks(MigrationRunner migrations, CommunityConfigStore config) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        Storage.DapperSetup.Configure();
        await migrations.MigrateAsync(cancellationToken);
        config.LoadInitial();
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
