using CommunityBot.Discord.Gateway;
using CommunityBot.Discord.Models;
using CommunityBot.Tests.Discord.Fakes;
using Microsoft.Extensions.Logging.Abstractions;

namespace CommunityBot.Tests.Discord;

[Category("Protocol")]
public class GatewayLimitsTests
{
    [Test]
    public void SendLimiter_Allows117Commands_AndKeepsThreeSlotsForHeartbeats()
    {
        var clock = new ManualTimeProvider();
        var limiter = new GatewaySendLimiter(clock);

        for (var i = 0; i < 117; i++) Assert.That(limiter.TryAcquire(heartbeat: false, out _), Is.True, $"command {i + 1}");
        Assert.That(limiter.TryAcquire(heartbeat: false, out var wait), Is.False);
        Assert.That(wait, Is.EqualTo(TimeSpan.FromSeconds(60)));
        for (var i = 0; i < 3; i++) Assert.That(limiter.TryAcquire(heartbeat: true, out _), Is.True, $"heartbeat {i + 1}");
        Assert.That(limiter.TryAcquire(heartbeat: true, out _), Is.False, "never more than 120 per 60 s");

        clock.Advance(TimeSpan.FromSeconds(60));
        Assert.That(limiter.TryAcquire(heartbeat: false, out _), Is.True, "the window slides");
    }

    [Test]
    public async Task IdentifyGate_WaitsForResetAfter_WhenTheDailyBudgetIsUsedUp()
    {
        var clock = new ManualTimeProvider();
        var gate = new IdentifyGate(clock, NullLogger.Instance);
        gate.Update(new SessionStartLimit { Total = 1000, Remaining = 0, ResetAfter = 60_000, MaxConcurrency = 1 });

        var waiting = gate.WaitAsync(CancellationToken.None);
        Assert.That(waiting.IsCompleted, Is.False);
        clock.Advance(TimeSpan.FromSeconds(59));
        Assert.That(waiting.IsCompleted, Is.False);
        clock.Advance(TimeSpan.FromSeconds(1));
        await waiting.WithTimeout("identify allowed after reset_after");
    }

    [Test]
    public async Task IdentifyGate_AllowsMaxConcurrencyPerFiveSeconds()
    {
        var clock = new ManualTimeProvider();
        var gate = new IdentifyGate(clock, NullLogger.Instance);
        gate.Update(new SessionStartLimit { Total = 1000, Remaining = 1000, ResetAfter = 0, MaxConcurrency = 2 });

        await gate.WaitAsync(CancellationToken.None);
        await gate.WaitAsync(CancellationToken.None);
        var third = gate.WaitAsync(CancellationToken.None);
        Assert.That(third.IsCompleted, Is.False);
        clock.Advance(TimeSpan.FromSeconds(5));
        Assert.That(third.IsCompleted, Is.False, "a little slack beyond 5 s: Discord counts from arrival, not from our send");
        clock.Advance(TimeSpan.FromSeconds(0.5));
        await third.WithTimeout("next identify window");
    }

    [TestCase("wss://gateway.discord.gg", "wss://gateway.discord.gg/?v=10&encoding=json")]
    [TestCase("wss://gateway-us-east1-b.discord.gg/", "wss://gateway-us-east1-b.discord.gg/?v=10&encoding=json")]
    [TestCase("ws://127.0.0.1:5000/gateway?v=9", "ws://127.0.0.1:5000/gateway?v=10&encoding=json")]
    public void GatewayUri_AlwaysCarriesVersionAndEncoding(string url, string expected) =>
        Assert.That(DiscordGatewayClient.BuildGatewayUri(url).ToString(), Is.EqualTo(expected));
}
