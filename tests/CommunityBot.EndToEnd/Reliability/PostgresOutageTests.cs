using CommunityBot.Storage;

namespace CommunityBot.EndToEnd.Reliability;

/// <summary>
/// PostgreSQL stopped for 10 s under load and started again, the bot running throughout (a database failover or restart).
/// The server is the test's own (scripts/test-postgres.sh), never the shared one.
/// </summary>
public sealed class PostgresOutageTests : ReliabilityFixture
{
    public static readonly TimeSpan Outage = TimeSpan.FromSeconds(10);
    private PostgresServer? _server;

    protected override async Task<ReliabilityRig> CreateRigAsync()
    {
        if (PostgresServer.Unavailable() is { } why) Assert.Ignore("A PostgreSQL server the test can stop: " + why);
        _server = await PostgresServer.StartAsync();
        return await ReliabilityRig.CreateAsync(DatabaseProvider.Postgres, await _server.CreateDatabaseAsync());
    }

    protected override async Task TroubleAsync(ReliabilityRun run)
    {
        await ReliabilityRun.UnderLoadFor(TimeSpan.FromSeconds(3));
        var card = await run.OpenCardAsync();
        await _server!.StopAsync();
        if (card is { } c) await run.DecideAsync(c); // the reaction arrives while the database is away
        await ReliabilityRun.UnderLoadFor(Outage);
        await _server.RestartAsync();
        await ReliabilityRun.UnderLoadFor(TimeSpan.FromSeconds(3));
    }

    protected override async Task CleanUpAsync()
    {
        if (_server is not null) await _server.DisposeAsync();
    }
}
