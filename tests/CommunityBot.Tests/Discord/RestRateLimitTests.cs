using System.Diagnostics;
using System.Text.Json;
using CommunityBot.Discord.Models;
using CommunityBot.Discord.Rest;
using CommunityBot.StandIn;
using CommunityBot.Tests.Discord.Fakes;

namespace CommunityBot.Tests.Discord;

/// <summary>Our REST client against the loopback stand-in over real HTTP: rate limits, retries, wire format.</summary>
[Category("Protocol")]
[NonParallelizable]
public class RestRateLimitTests
{
    private const string CreateMessageRoute = "POST /channels/{channel_id}/messages";
    private LiveDiscord? _live;

    [TearDown]
    public async Task TearDown()
    {
        if (_live is null) return;
        try
        {
            if (TestContext.CurrentContext.Result.Outcome.Status != NUnit.Framework.Interfaces.TestStatus.Failed) _live.AssertClean();
        }
        finally
        {
            await _live.DisposeAsync();
        }
    }

    private async Task<LiveDiscord> StartAsync(Func<StandInOptions, StandInOptions>? tweak = null) =>
        _live = await LiveDiscord.StartAsync(tweak: tweak, connect: false);

    private IEnumerable<CommunityBot.StandIn.RecordedRequest> Requests(string route) =>
        _live!.StandIn.Requests.Where(r => $"{r.Method} {r.Route}" == route);

    [Test]
    public async Task PerRoute429_IsWaitedOut_AndNeverRepeatedEarly()
    {
        var live = await StartAsync();
        live.StandIn.Faults.RateLimitNext(CreateMessageRoute, retryAfterSeconds: 0.4);
        var clock = Stopwatch.StartNew();

        var message = await live.Rest.CreateMessageAsync(live.ChannelId, new CreateMessageRequest { Content = "after the 429" });

        Assert.That(clock.Elapsed, Is.GreaterThanOrEqualTo(TimeSpan.FromSeconds(0.35)));
        Assert.That(live.StandIn.Messages(live.ChannelId).Select(m => m.Content), Is.EqualTo(new[] { "after the 429" }));
        Assert.That(message.Content, Is.EqualTo("after the 429"));
        Assert.That(live.StandIn.RateLimitExceededCount, Is.Zero, "nothing sent while the bucket was blocked");
        Assert.That(live.Rest.InvalidRequestCount, Is.EqualTo(1));
    }

    [Test]
    public async Task Global429_HoldsBackEveryRoute_UntilRetryAfter()
    {
        var live = await StartAsync();
        live.StandIn.Faults.RateLimitNext("GET /guilds/{guild_id}", retryAfterSeconds: 0.4, global: true);

        var guild = live.Rest.GetGuildAsync(live.Guild.Id);
        // Once our client has seen the 429 (before that it cannot know about the block), everything waits.
        await live.WaitForAsync(() => live.Rest.InvalidRequestCount == 1, "the client to receive the global 429");
        var channel = await live.Rest.GetChannelAsync(live.ChannelId);
        await guild;

        Assert.That(channel.Id, Is.EqualTo(live.ChannelId));
        Assert.That(live.StandIn.RateLimitExceededCount, Is.Zero, "no request went out during the global block");
    }

    [Test]
    public async Task LearnedBucket_IsNeverExceeded_UnderABurst()
    {
        var live = await StartAsync(o => new StandInOptions
        {
            Token = o.Token, OpenApiSpecPath = o.OpenApiSpecPath, HeartbeatIntervalMs = o.HeartbeatIntervalMs,
            BucketLimits = new Dictionary<string, (int, TimeSpan)> { [CreateMessageRoute] = (3, TimeSpan.FromMilliseconds(400)) },
        });

        var sends = Enumerable.Range(1, 10)
            .Select(i => live.Rest.CreateMessageAsync(live.ChannelId, new CreateMessageRequest { Content = $"burst {i}" }));
        await Task.WhenAll(sends).WithTimeout("ten messages through a 3-per-400ms bucket", TimeSpan.FromSeconds(20));

        Assert.That(live.StandIn.Messages(live.ChannelId), Has.Count.EqualTo(10));
        Assert.That(Requests(CreateMessageRoute).Count(r => r.RateLimited), Is.Zero, "waited before sending instead of failing");
        Assert.That(live.StandIn.RateLimitExceededCount, Is.Zero);
        Assert.That(live.Rest.InvalidRequestCount, Is.Zero);
    }

    [Test]
    public async Task SharedScope429_IsWaitedOut_ButNotCountedAgainstUs()
    {
        var live = await StartAsync();
        live.StandIn.Faults.RateLimitNext(CreateMessageRoute, retryAfterSeconds: 0.2, scope: "shared");

        await live.Rest.CreateMessageAsync(live.ChannelId, new CreateMessageRequest { Content = "shared" });

        Assert.That(live.Rest.InvalidRequestCount, Is.Zero);
        Assert.That(live.StandIn.RateLimitExceededCount, Is.Zero);
    }

    [Test]
    public async Task ServerErrorAfterPosting_IsRetried_WithoutADoublePost()
    {
        var live = await StartAsync();
        live.StandIn.Faults.FailNextAfterPerforming(CreateMessageRoute, status: 500);

        var message = await live.Rest.CreateMessageAsync(live.ChannelId, new CreateMessageRequest { Content = "exactly once" });

        Assert.That(live.StandIn.Messages(live.ChannelId).Select(m => m.Content), Is.EqualTo(new[] { "exactly once" }));
        Assert.That(message.Id, Is.EqualTo(live.StandIn.Messages(live.ChannelId).Single().Id));
        var attempts = Requests(CreateMessageRoute).ToList();
        Assert.That(attempts, Has.Count.EqualTo(2));
        var nonces = attempts.Select(a => JsonDocument.Parse(a.Body!).RootElement.GetProperty("nonce").GetString()).Distinct();
        Assert.That(nonces.Count(), Is.EqualTo(1), "the retry re-sends the same nonce");
    }

    [Test]
    public async Task BadGatewayBeforePerforming_OnAGet_IsRetried()
    {
        var live = await StartAsync();
        live.StandIn.Faults.FailNext("GET /guilds/{guild_id}/roles", status: 502);

        var roles = await live.Rest.GetGuildRolesAsync(live.Guild.Id);

        Assert.That(roles.Select(r => r.Id), Does.Contain(live.Guild.EveryoneRoleId));
        Assert.That(Requests("GET /guilds/{guild_id}/roles").Count(), Is.EqualTo(2));
    }

    [Test]
    public async Task WrongToken_401_OpensTheCircuit()
    {
        var live = await StartAsync();
        using var rest = new DiscordRestClient(Microsoft.Extensions.Options.Options.Create(new CommunityBot.Discord.DiscordClientOptions
        {
            Token = "wrong", ApiBaseUrl = live.StandIn.ApiBaseUrl,
        }), Microsoft.Extensions.Logging.Abstractions.NullLogger<DiscordRestClient>.Instance);

        var first = Assert.ThrowsAsync<DiscordRestException>(() => rest.GetGuildAsync(live.Guild.Id));
        Assert.ThrowsAsync<DiscordRestException>(() => rest.GetChannelAsync(live.ChannelId));

        Assert.That((int)first!.Status, Is.EqualTo(401));
        Assert.That(live.StandIn.Requests, Has.Count.EqualTo(1), "no request after the 401");
        Assert.That(rest.IsTokenRejected, Is.True);
    }

    [Test]
    public async Task ModerationAndMessageCalls_MatchTheOpenApiSpec()
    {
        var live = await StartAsync();
        var rest = live.Rest;
        var role = live.Guild.AddRole("helper");

        var message = await rest.CreateMessageAsync(live.ChannelId, new CreateMessageRequest
        {
            Content = "poll time",
            Components = [Component.Row(Component.Button("poll:vote:1", "Vote"))],
        });
        await rest.CreateReactionAsync(live.ChannelId, message.Id, "👍");
        await rest.DeleteOwnReactionAsync(live.ChannelId, message.Id, "👍");
        await rest.EditMessageAsync(live.ChannelId, message.Id, new EditMessageRequest { Content = "edited" });
        await rest.AddGuildMemberRoleAsync(live.Guild.Id, live.MemberId, role.Id, "helpful");
        await rest.ModifyGuildMemberAsync(live.Guild.Id, live.MemberId,
            new ModifyGuildMemberRequest { CommunicationDisabledUntil = DateTimeOffset.UtcNow.AddMinutes(10) }, "cool down");
        var lifted = await rest.ModifyGuildMemberAsync(live.Guild.Id, live.MemberId,
            new ModifyGuildMemberRequest { CommunicationDisabledUntil = Optional.Of<DateTimeOffset?>(null) }, "lifted");
        await rest.RemoveGuildMemberRoleAsync(live.Guild.Id, live.MemberId, role.Id);
        var dm = await rest.CreateDmAsync(live.MemberId);
        await rest.CreateMessageAsync(dm.Id, new CreateMessageRequest { Content = "welcome" }, [new FileUpload("rules.txt", "be kind"u8.ToArray(), "text/plain")]);
        await rest.DeleteMessageAsync(live.ChannelId, message.Id, "cleanup");

        Assert.That(lifted.CommunicationDisabledUntil, Is.Null);
        Assert.That(live.StandIn.Member(live.Guild.Id, live.MemberId)!.Roles, Does.Not.Contain(role.Id));
        var timeout = live.StandIn.Requests.First(r => r.Method == "PATCH" && r.Route == "/guilds/{guild_id}/members/{user_id}");
        Assert.That(timeout.AuditLogReason, Is.EqualTo("cool down"));
        Assert.That(live.StandIn.Requests.Single(r => r.FileParts.Count > 0).FileParts, Is.EqualTo(new[] { "files[0]=rules.txt" }));
        Assert.That(live.StandIn.Requests.Select(r => r.Status), Has.All.LessThan(300));
    }
}
