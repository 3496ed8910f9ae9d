using CommunityBot.Storage;
using CommunityBot.TestSupport;

namespace CommunityBot.EndToEnd.Reliability;

/// <summary>
/// kill -9 three times under load, on a SQLite file and on PostgreSQL: each time the bot is started again on the same
/// database while newcomers keep joining and a moderator decides a queue card in the gap.
/// </summary>
[TestFixture(DatabaseProvider.Sqlite)]
[TestFixture(DatabaseProvider.Postgres)]
public sealed class KillNineTests(DatabaseProvider provider) : ReliabilityFixture
{
    private TestDatabase? _database;

    protected override async Task<ReliabilityRig> CreateRigAsync()
    {
        _database = await TestDatabase.CreateAsync(provider);
        return await ReliabilityRig.CreateAsync(provider, _database.ConnectionString);
    }

    protected override async Task TroubleAsync(ReliabilityRun run)
    {
        for (var kill = 0; kill < 3; kill++)
        {
            await ReliabilityRun.UnderLoadFor(TimeSpan.FromSeconds(3));
            await run.KillAndRestartAsync(downtime: TimeSpan.FromSeconds(1));
        }
        await ReliabilityRun.UnderLoadFor(TimeSpan.FromSeconds(2));
    }

    protected override async Task CleanUpAsync()
    {
        if (_database is not null) await _database.DisposeAsync();
    }
}
