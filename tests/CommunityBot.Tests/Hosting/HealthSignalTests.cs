using CommunityBot.Discord.Gateway;
using CommunityBot.Hosting;
using CommunityBot.Storage;
using CommunityBot.Storage.Health;
using CommunityBot.Storage.Migrations;
using CommunityBot.TestSupport;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Time.Testing;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Moq;

namespace CommunityBot.Tests.Hosting;

/// <summary>The container health check reads one file: it must say "serving", and vanish when the bot stops.</summary>
public class HealthSignalTests
{
    private string _dir = null!;

    [SetUp]
    public void SetUp() => _dir = Directory.CreateTempSubdirectory("health-").FullName;

    [TearDown]
    public void TearDown() => Directory.Delete(_dir, recursive: true);

    [Test]
    public async Task TheFileIsTouchedOnAcksOnlyOnceTheGuildsHaveArrived_AndDeletedOnStop()
    {
        var gateway = new Mock<IGatewayClient>();
        var guildsReady = false;
        gateway.SetupGet(g => g.AreGuildsReady).Returns(() => guildsReady);
        var path = Path.Combine(_dir, "data", "healthy");
        var health = new HealthSignal(gateway.Object, Storage(), Options.Create(new HealthOptions { FilePath = path }), NullLogger<HealthSignal>.Instance);
        await health.StartAsync(CancellationToken.None);

        var first = new GatewayHeartbeat(DateTimeOffset.Parse("2026-11-22T10:00:00Z"), TimeSpan.FromMilliseconds(40));
        gateway.Raise(g => g.HeartbeatAcknowledged += null, first);
        Assert.That(File.Exists(path), Is.False, "heartbeats alone while guilds are still arriving are not healthy");
        Assert.That(health.LastAck, Is.EqualTo(first.AckedAt));

        guildsReady = true;
        var second = first with { AckedAt = first.AckedAt.AddSeconds(41) };
        gateway.Raise(g => g.HeartbeatAcknowledged += null, second);
        Assert.That(File.ReadAllText(path), Is.EqualTo(second.AckedAt.ToString("O")));

        await health.StopAsync(CancellationToken.None);
        Assert.That(File.Exists(path), Is.False);
        gateway.Raise(g => g.HeartbeatAcknowledged += null, second with { AckedAt = second.AckedAt.AddSeconds(41) });
        Assert.That(File.Exists(path), Is.False, "a late ACK after stop does not bring the file back");
    }

    [Test, Category("Reliability")]
    public async Task WhileTheDatabaseRefusesWrites_TheFileIsNotTouched_UntilAProbeWriteSucceeds()
    {
        await using var db = await TestDatabase.CreateMigratedAsync(DatabaseProvider.Sqlite, new MigrationSource("storage-health", typeof(StorageHealth)));
        var clock = new FakeTimeProvider(DateTimeOffset.Parse("2026-11-22T10:00:00Z"));
        var storage = new StorageHealth(db.Factory(), clock, Options.Create(new StorageHealthOptions { ProbeInterval = TimeSpan.FromSeconds(5) }),
            NullLogger<StorageHealth>.Instance);
        await storage.StartAsync(CancellationToken.None);
        var gateway = new Mock<IGatewayClient>();
        gateway.SetupGet(g => g.AreGuildsReady).Returns(true);
        var path = Path.Combine(_dir, "healthy");
        var health = new HealthSignal(gateway.Object, storage, Options.Create(new HealthOptions { FilePath = path }), NullLogger<HealthSignal>.Instance);
        await health.StartAsync(CancellationToken.None);
        var beat = new GatewayHeartbeat(clock.GetUtcNow(), TimeSpan.FromMilliseconds(40));
        gateway.Raise(g => g.HeartbeatAcknowledged += null, beat);
        Assert.That(File.ReadAllText(path), Is.EqualTo(beat.AckedAt.ToString("O")));

        storage.ReportFailure(new SqliteException("attempt to write a readonly database", 8), "a handler");
        gateway.Raise(g => g.HeartbeatAcknowledged += null, beat with { AckedAt = beat.AckedAt.AddSeconds(41) });
        Assert.That(File.ReadAllText(path), Is.EqualTo(beat.AckedAt.ToString("O")), "writes fail: the file must go stale");

        // The probe's next write (every 5 s of the clock) succeeds: the outage is over.
        await Eventually.TrueAsync(() => { clock.Advance(TimeSpan.FromSeconds(1)); return !storage.IsFailing; }, "the probe to end the outage");
        var later = beat with { AckedAt = beat.AckedAt.AddSeconds(82) };
        gateway.Raise(g => g.HeartbeatAcknowledged += null, later);
        Assert.That(File.ReadAllText(path), Is.EqualTo(later.AckedAt.ToString("O")));
        await health.StopAsync(CancellationToken.None);
        await storage.StopAsync(CancellationToken.None);
    }

    private static StorageHealth Storage() =>
        new(new Mock<IDbConnectionFactory>().Object, TimeProvider.System, Options.Create(new StorageHealthOptions()), NullLogger<StorageHealth>.Instance);
}
