using CommunityBot.Discord.Gateway;
using CommunityBot.Hosting;
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
        var health = new HealthSignal(gateway.Object, Options.Create(new HealthOptions { FilePath = path }), NullLogger<HealthSignal>.Instance);
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
}
