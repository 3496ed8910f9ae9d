using System.Net;
using CommunityBot.Discord.Rest;
using CommunityBot.Tests.Discord.Fakes;

namespace CommunityBot.Tests.Discord;

[Category("Protocol")]
public class RestRateLimiterTests
{
    private static readonly RestRoute CreateMessage = new(HttpMethod.Post, "/channels/{channel_id}/messages", "channel:1");
    private static readonly RestRoute CreateMessageOtherChannel = new(HttpMethod.Post, "/channels/{channel_id}/messages", "channel:2");
    private static readonly RestRoute EditMessage = new(HttpMethod.Patch, "/channels/{channel_id}/messages/{message_id}", "channel:1");
    private static readonly RestRoute GetGuild = new(HttpMethod.Get, "/guilds/{guild_id}", "guild:9");
    private static readonly RestRoute Callback = new(HttpMethod.Post, "/interactions/{interaction_id}/{interaction_token}/callback", "interaction:5", UsesWebhookToken: true);

    private ManualTimeProvider _clock = null!;
    private RestRateLimiter _limiter = null!;

    [SetUp]
    public void SetUp()
    {
        _clock = new ManualTimeProvider();
        _limiter = new RestRateLimiter(_clock);
    }

    private static RateLimitInfo Headers(string bucket, int limit, int remaining, double resetAfter, string? scope = null, double? retryAfter = null, bool global = false) =>
        new(bucket, limit, remaining, TimeSpan.FromSeconds(resetAfter), global, scope, retryAfter is { } r ? TimeSpan.FromSeconds(r) : null);

    private RateLimitLease Take(RestRoute route)
    {
        var task = _limiter.AcquireAsync(route, CancellationToken.None).AsTask();
        Assert.That(task.IsCompletedSuccessfully, Is.True, $"expected {route} to be admitted at once");
        return task.Result;
    }

    private Task<RateLimitLease> Pending(RestRoute route)
    {
        var task = _limiter.AcquireAsync(route, CancellationToken.None).AsTask();
        Assert.That(task.IsCompleted, Is.False, $"expected {route} to wait");
        return task;
    }

    [Test]
    public async Task UnknownRoute_AllowsOneRequestInFlight_UntilItsHeadersArrive()
    {
        var first = Take(CreateMessage);
        var second = Pending(CreateMessage);

        _limiter.Complete(first, HttpStatusCode.OK, Headers("abc", limit: 5, remaining: 4, resetAfter: 5));

        await second.WithTimeout("second request admitted once the bucket is known");
        Assert.That(_limiter.LearnedBucket(CreateMessage), Is.EqualTo("abc"));
    }

    [Test]
    public async Task LearnedBucket_IsNeverExceeded_AndRefillsAfterResetAfter()
    {
        _limiter.Complete(Take(CreateMessage), HttpStatusCode.OK, Headers("abc", limit: 2, remaining: 1, resetAfter: 10));

        var second = Take(CreateMessage); // the one remaining slot
        var third = Pending(CreateMessage);

        _clock.Advance(TimeSpan.FromSeconds(9.9));
        Assert.That(third.IsCompleted, Is.False, "still inside the window");
        _clock.Advance(TimeSpan.FromSeconds(0.2));
        await third.WithTimeout("third request after the reset");
        _limiter.Complete(second, HttpStatusCode.OK, Headers("abc", 2, 0, 0.1));
    }

    [Test]
    public void RoutesNamingTheSameBucket_ShareItsBudget_PerMajorParameter()
    {
        _limiter.Complete(Take(CreateMessage), HttpStatusCode.OK, Headers("shared", limit: 3, remaining: 1, resetAfter: 5));
        _limiter.Complete(Take(EditMessage), HttpStatusCode.OK, Headers("shared", limit: 3, remaining: 0, resetAfter: 5));

        Pending(CreateMessage); // the edit used the last slot of the shared bucket in channel 1
        Take(CreateMessageOtherChannel); // a different channel is a different bucket
    }

    [Test]
    public void OutOfOrderResponses_NeverRaiseTheLocalCount()
    {
        _limiter.Complete(Take(CreateMessage), HttpStatusCode.OK, Headers("abc", limit: 5, remaining: 4, resetAfter: 5));
        var a = Take(CreateMessage);
        var b = Take(CreateMessage);
        var c = Take(CreateMessage); // local remaining: 1
        _limiter.Complete(c, HttpStatusCode.OK, Headers("abc", 5, 1, 4.9));
        _limiter.Complete(a, HttpStatusCode.OK, Headers("abc", 5, 3, 4.9)); // stale, arrives late
        _limiter.Complete(b, HttpStatusCode.OK, Headers("abc", 5, 2, 4.9));

        Take(CreateMessage);
        Pending(CreateMessage);
    }

    [Test]
    public async Task UserScope429_BlocksTheBucketForBodyRetryAfter_AndCounts()
    {
        _limiter.Complete(Take(CreateMessage), HttpStatusCode.OK, Headers("abc", 5, 4, 1));
        var blocked = _limiter.Complete(Take(CreateMessage), HttpStatusCode.TooManyRequests, Headers("abc", 5, 0, 1, "user", retryAfter: 3.5));

        Assert.That(blocked, Is.EqualTo(TimeSpan.FromSeconds(3.5)));
        var next = Pending(CreateMessage);
        Take(GetGuild); // other buckets are unaffected
        _clock.Advance(TimeSpan.FromSeconds(3.4));
        Assert.That(next.IsCompleted, Is.False);
        _clock.Advance(TimeSpan.FromSeconds(0.2));
        await next.WithTimeout("bucket unblocked after retry_after");
        Assert.That(_limiter.InvalidRequestCount, Is.EqualTo(1));
    }

    [Test]
    public async Task Global429_BlocksEveryRouteButWebhookTokenRoutes()
    {
        _limiter.Complete(Take(CreateMessage), HttpStatusCode.TooManyRequests,
            new RateLimitInfo(null, null, null, null, Global: true, Scope: "global", RetryAfter: TimeSpan.FromSeconds(2)));

        var guild = Pending(GetGuild);
        Take(Callback); // interaction endpoints are exempt from the global limit
        _clock.Advance(TimeSpan.FromSeconds(2.1));
        await guild.WithTimeout("global block lifted");
    }

    [Test]
    public void SharedScope429_IsWaitedOutButNotCountedAsInvalid()
    {
        _limiter.Complete(Take(CreateMessage), HttpStatusCode.TooManyRequests, Headers("abc", 5, 0, 1, "shared", retryAfter: 1));

        Pending(CreateMessage);
        Assert.That(_limiter.InvalidRequestCount, Is.Zero);
    }

    [Test]
    public void MissingHeaders_OnSuccess_MeanTheRouteHasNoPerRouteLimit()
    {
        _limiter.Complete(Take(GetGuild), HttpStatusCode.OK, RateLimitInfo.None);

        for (var i = 0; i < 10; i++) Take(GetGuild); // several in flight at once
    }

    [Test]
    public async Task GlobalBudget_AdmitsFiftyPerSecond()
    {
        for (var i = 0; i < 50; i++)
            _limiter.Complete(Take(new RestRoute(HttpMethod.Get, "/guilds/{guild_id}", $"guild:{i}")), HttpStatusCode.OK, RateLimitInfo.None);

        var fiftyFirst = Pending(new RestRoute(HttpMethod.Get, "/guilds/{guild_id}", "guild:51"));
        Take(Callback);
        _clock.Advance(TimeSpan.FromSeconds(1));
        await fiftyFirst.WithTimeout("next second's budget");
    }

    [Test]
    public async Task GlobalBudget_IsFiftyInAnySlidingSecond_NotPerFixedWindow()
    {
        var guild = 0;
        RestRoute NextGuild() => new(HttpMethod.Get, "/guilds/{guild_id}", $"guild:{++guild}");
        for (var i = 0; i < 25; i++) _limiter.Complete(Take(NextGuild()), HttpStatusCode.OK, RateLimitInfo.None);
        _clock.Advance(TimeSpan.FromSeconds(0.6));
        for (var i = 0; i < 25; i++) _limiter.Complete(Take(NextGuild()), HttpStatusCode.OK, RateLimitInfo.None);

        // 1.2 s after the first: the first 25 left the last second, the second 25 did not. A fixed window restarting at
        // 1.0 s would admit 50 more here, 75 within 0.6 s of Discord's clock.
        _clock.Advance(TimeSpan.FromSeconds(0.6));
        for (var i = 0; i < 25; i++) _limiter.Complete(Take(NextGuild()), HttpStatusCode.OK, RateLimitInfo.None);
        var over = Pending(NextGuild());
        _clock.Advance(TimeSpan.FromSeconds(0.4));
        await over.WithTimeout("the second 25 left the sliding second");
    }

    [Test]
    public async Task AWindowEndingLocally_CountsRequestsStillInFlight_AgainstTheNextWindow()
    {
        _limiter.Complete(Take(CreateMessage), HttpStatusCode.OK, Headers("abc", limit: 2, remaining: 1, resetAfter: 1));
        var inFlight = Take(CreateMessage); // sent in the old window by our clock; Discord may count it in the new one
        _clock.Advance(TimeSpan.FromSeconds(1.01));

        var next = Take(CreateMessage);
        var third = Pending(CreateMessage); // 2 per window: the one in flight and this one
        _limiter.Complete(inFlight, HttpStatusCode.OK, Headers("abc", limit: 2, remaining: 1, resetAfter: 1));
        _limiter.Complete(next, HttpStatusCode.OK, Headers("abc", limit: 2, remaining: 0, resetAfter: 0.99));
        Assert.That(third.IsCompleted, Is.False, "the new window is spent");
        _clock.Advance(TimeSpan.FromSeconds(1));
        await third.WithTimeout("the window after");
    }

    [Test]
    public async Task ExhaustedBucketsAndAGlobalBlock_AreRememberedByTheNextProcess_UntilTheyEnd()
    {
        var directory = Directory.CreateTempSubdirectory("communitybot-ratelimits-");
        var path = Path.Combine(directory.FullName, "rate-limits.json");
        try
        {
            var before = new RestRateLimiter(_clock, memoryPath: path);
            before.Complete(await before.AcquireAsync(CreateMessage, CancellationToken.None), HttpStatusCode.OK, Headers("abc", limit: 5, remaining: 0, resetAfter: 5));
            before.Complete(await before.AcquireAsync(GetGuild, CancellationToken.None), HttpStatusCode.TooManyRequests,
                new RateLimitInfo(null, null, null, null, Global: true, Scope: "global", RetryAfter: TimeSpan.FromSeconds(2)));
            _clock.Advance(TimeSpan.FromSeconds(0.5)); // the process dies; a new one starts on the same file

            _limiter = new RestRateLimiter(_clock, memoryPath: path);
            var guild = Pending(GetGuild);
            var message = Pending(CreateMessage);
            Take(Callback); // interaction routes were never under the global block
            _clock.Advance(TimeSpan.FromSeconds(1.6));
            await guild.WithTimeout("the global block's end");
            Assert.That(message.IsCompleted, Is.False, "the message bucket's window is still running");
            _limiter.Complete(Take(CreateMessageOtherChannel), HttpStatusCode.OK, Headers("abc", limit: 5, remaining: 4, resetAfter: 5)); // another channel's bucket is fresh
            _clock.Advance(TimeSpan.FromSeconds(3));
            await message.WithTimeout("the message bucket's window end");

            // Once everything recorded has ended, a later process starts with nothing to wait for.
            _clock.Advance(TimeSpan.FromSeconds(10));
            _limiter = new RestRateLimiter(_clock, memoryPath: path);
            Take(CreateMessage);
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    [Test]
    public void InvalidRequests_AreCountedInASlidingTenMinuteWindow()
    {
        for (var i = 0; i < 3; i++) _limiter.Complete(Take(GetGuild), HttpStatusCode.Forbidden, RateLimitInfo.None);
        _clock.Advance(TimeSpan.FromMinutes(6));
        _limiter.Complete(Take(GetGuild), HttpStatusCode.Forbidden, RateLimitInfo.None);
        Assert.That(_limiter.InvalidRequestCount, Is.EqualTo(4));

        _clock.Advance(TimeSpan.FromMinutes(5));
        Assert.That(_limiter.InvalidRequestCount, Is.EqualTo(1));
    }

    [Test]
    public void Unauthorized_OpensTheCircuit()
    {
        _limiter.Complete(Take(GetGuild), HttpStatusCode.Unauthorized, RateLimitInfo.None);

        Assert.That(_limiter.IsTokenRejected, Is.True);
        var ex = Assert.ThrowsAsync<DiscordRestException>(async () => await _limiter.AcquireAsync(CreateMessage, CancellationToken.None));
        Assert.That(ex!.Status, Is.EqualTo(HttpStatusCode.Unauthorized));
    }

    [Test]
    public void AbandonedRequest_ReleasesTheUnknownRoute()
    {
        _limiter.Abandon(Take(CreateMessage));
        Take(CreateMessage);
    }

    [Test]
    public void IdleBuckets_AreEvicted()
    {
        for (var i = 0; i < 20; i++)
            _limiter.Complete(Take(new RestRoute(HttpMethod.Get, "/channels/{channel_id}", $"channel:{i}")), HttpStatusCode.OK, Headers("c", 5, 4, 1));
        Assert.That(_limiter.BucketCount, Is.EqualTo(20));

        _clock.Advance(TimeSpan.FromMinutes(2));
        Take(GetGuild);

        Assert.That(_limiter.BucketCount, Is.EqualTo(1));
    }
}
