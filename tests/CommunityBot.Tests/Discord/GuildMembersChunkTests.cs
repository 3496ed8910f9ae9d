using System.Text;
using CommunityBot.Discord.Gateway;
using CommunityBot.Tests.Discord.Fakes;

namespace CommunityBot.Tests.Discord;

/// <summary>GE § Guild Members Chunk and GE § Rate Limits › Rate Limited, decoded from payloads built on the docs' field tables.</summary>
[Category("Protocol")]
public class GuildMembersChunkDecodingTests
{
    private static GatewayEvent Decode(string name, int seq, string data)
    {
        var bytes = Encoding.UTF8.GetBytes($$"""{"op":0,"s":{{seq}},"t":"{{name}}","d":{{data}}}""");
        var frame = GatewayFrame.Parse(bytes, decodeDispatch: true);
        Assert.That(frame.DecodeError, Is.Null);
        return frame.Dispatch!;
    }

    [Test]
    public void GuildMembersChunk_CarriesMembersChunkPositionNotFoundPresencesAndNonce()
    {
        var evt = Decode("GUILD_MEMBERS_CHUNK", 12, """
            {"guild_id":"41771983423143937",
             "members":[{"user":{"id":"80351110224678912","username":"Nelly","discriminator":"0","avatar":null,"global_name":"Nelly G"},
                         "nick":null,"roles":["41771983423143936"],"joined_at":"2015-04-26T06:26:56.936000+00:00","deaf":false,"mute":false,"flags":0}],
             "chunk_index":1,"chunk_count":3,
             "not_found":["111111111111111111"],
             "presences":[{"user":{"id":"80351110224678912"},"status":"online","activities":[],"client_status":{"desktop":"online"}}],
             "nonce":"members-41771983423143937"}
            """);

        var chunk = (GuildMembersChunkEvent)evt;
        Assert.That(chunk.Name, Is.EqualTo("GUILD_MEMBERS_CHUNK"));
        Assert.That(chunk.Sequence, Is.EqualTo(12));
        Assert.That(chunk.GuildId, Is.EqualTo(41771983423143937UL));
        Assert.That(chunk.Members.Single().User!.Id, Is.EqualTo(80351110224678912UL));
        Assert.That(chunk.Members.Single().Roles, Is.EqualTo(new[] { 41771983423143936UL }));
        Assert.That((chunk.ChunkIndex, chunk.ChunkCount), Is.EqualTo((1, 3)));
        Assert.That(chunk.NotFound, Is.EqualTo(new[] { 111111111111111111UL }));
        Assert.That(chunk.Presences!.Single().GetProperty("status").GetString(), Is.EqualTo("online"));
        Assert.That(chunk.Nonce, Is.EqualTo("members-41771983423143937"));
    }

    [Test]
    public void GuildMembersChunk_WithoutTheOptionalFields_Decodes()
    {
        var chunk = (GuildMembersChunkEvent)Decode("GUILD_MEMBERS_CHUNK", 3, """{"guild_id":"41771983423143937","members":[],"chunk_index":0,"chunk_count":1}""");

        Assert.That(chunk.Members, Is.Empty);
        Assert.That(chunk.NotFound, Is.Null);
        Assert.That(chunk.Presences, Is.Null);
        Assert.That(chunk.Nonce, Is.Null);
    }

    [Test]
    public void RateLimited_GivesOpcodeFractionalRetryAfterAndTheRequestsGuildAndNonce()
    {
        var limited = (RateLimitedEvent)Decode("RATE_LIMITED", 4, """
            {"opcode":8,"retry_after":27.412,"meta":{"guild_id":"41771983423143937","nonce":"members-1"}}
            """);

        Assert.That(limited.Name, Is.EqualTo("RATE_LIMITED"));
        Assert.That(limited.Opcode, Is.EqualTo(GatewayOpcodes.RequestGuildMembers));
        Assert.That(limited.RetryAfter, Is.EqualTo(27.412).Within(1e-9));
        Assert.That(limited.Meta.GuildId, Is.EqualTo(41771983423143937UL));
        Assert.That(limited.Meta.Nonce, Is.EqualTo("members-1"));
    }

    [Test]
    public void RateLimited_WithoutANonce_Decodes()
    {
        var limited = (RateLimitedEvent)Decode("RATE_LIMITED", 5, """{"opcode":8,"retry_after":30,"meta":{"guild_id":"41771983423143937"}}""");

        Assert.That(limited.RetryAfter, Is.EqualTo(30));
        Assert.That(limited.Meta.Nonce, Is.Null);
    }
}

/// <summary>Op 8 against the stand-in over a real socket: chunks matched by nonce, and Discord's 30 s limit on asking for everyone.</summary>
[Category("Protocol")]
[NonParallelizable]
public class GuildMembersRequestLiveTests
{
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

    private static RequestGuildMembersPayload AllMembers(ulong guildId, string nonce) => new() { GuildId = guildId, Query = "", Limit = 0, Nonce = nonce };

    [Test]
    public async Task ASecondRequestForAllMembersWithin30s_IsAnsweredWithRateLimited_OtherRequestsAreNot()
    {
        var live = _live = await LiveDiscord.StartAsync();
        var everyone = live.StandIn.Members(live.Guild.Id).Select(m => m.UserId).Order().ToList();

        await live.Gateway.RequestGuildMembersAsync(AllMembers(live.Guild.Id, "all-1"));
        await live.WaitForAsync(() => live.ReceivedOf<GuildMembersChunkEvent>().Any(c => c.Nonce == "all-1"), "the chunk for all-1");
        var chunk = live.ReceivedOf<GuildMembersChunkEvent>().Single(c => c.Nonce == "all-1");
        Assert.That(chunk.Members.Select(m => m.User!.Id).Order(), Is.EqualTo(everyone));
        Assert.That((chunk.GuildId, chunk.ChunkIndex, chunk.ChunkCount), Is.EqualTo((live.Guild.Id, 0, 1)));

        await live.Gateway.RequestGuildMembersAsync(AllMembers(live.Guild.Id, "all-2"));
        await live.WaitForAsync(() => live.ReceivedOf<RateLimitedEvent>().Any(), "RATE_LIMITED for all-2");
        var limited = live.ReceivedOf<RateLimitedEvent>().Single();
        Assert.That(limited.Opcode, Is.EqualTo(GatewayOpcodes.RequestGuildMembers));
        Assert.That(limited.RetryAfter, Is.GreaterThan(0).And.LessThanOrEqualTo(30));
        Assert.That(limited.Meta.GuildId, Is.EqualTo(live.Guild.Id));
        Assert.That(limited.Meta.Nonce, Is.EqualTo("all-2"));
        Assert.That(live.ReceivedOf<GuildMembersChunkEvent>().Where(c => c.Nonce == "all-2"), Is.Empty);

        // Only the request for everyone is limited: asking for particular users still works at once.
        var stranger = live.StandIn.CreateUser("not-a-member").Id;
        await live.Gateway.RequestGuildMembersAsync(new RequestGuildMembersPayload { GuildId = live.Guild.Id, UserIds = [live.MemberId, stranger], Nonce = "some" });
        await live.WaitForAsync(() => live.ReceivedOf<GuildMembersChunkEvent>().Any(c => c.Nonce == "some"), "the chunk for some");
        var some = live.ReceivedOf<GuildMembersChunkEvent>().Single(c => c.Nonce == "some");
        Assert.That(some.Members.Select(m => m.User!.Id), Is.EqualTo(new[] { live.MemberId }));
        Assert.That(some.NotFound, Is.EqualTo(new[] { stranger }));
    }

    [Test]
    public async Task MoreThanAThousandMembers_ArriveInSeveralChunksOfOneRequest()
    {
        var live = _live = await LiveDiscord.StartAsync(connect: false);
        for (var i = 0; i < 1000; i++) live.Guild.AddMember(live.StandIn.CreateUser($"member{i}").Id);
        var everyone = live.StandIn.Members(live.Guild.Id).Count;
        await live.ConnectAsync();

        await live.Gateway.RequestGuildMembersAsync(AllMembers(live.Guild.Id, "big"));
        await live.WaitForAsync(() => live.ReceivedOf<GuildMembersChunkEvent>().Count(c => c.Nonce == "big") == 2, "two chunks for one request");

        var chunks = live.ReceivedOf<GuildMembersChunkEvent>().Where(c => c.Nonce == "big").OrderBy(c => c.ChunkIndex).ToList();
        Assert.That(chunks.Select(c => (c.ChunkIndex, c.ChunkCount)), Is.EqualTo(new[] { (0, 2), (1, 2) }));
        Assert.That(chunks[0].Members, Has.Length.EqualTo(1000), "GE § Request Guild Members: up to 1000 per chunk");
        Assert.That(chunks.SelectMany(c => c.Members).Select(m => m.User!.Id).Distinct().Count(), Is.EqualTo(everyone));
    }

    [Test]
    public async Task AllMembersMayBeRequestedAgainOnceTheIntervalHasPassed()
    {
        var live = _live = await LiveDiscord.StartAsync(tweak: o => new CommunityBot.StandIn.StandInOptions
        {
            Token = o.Token, OpenApiSpecPath = o.OpenApiSpecPath, HeartbeatIntervalMs = o.HeartbeatIntervalMs, IdentifyWindow = o.IdentifyWindow,
            RequestAllMembersInterval = TimeSpan.FromMilliseconds(200),
        });

        await live.Gateway.RequestGuildMembersAsync(AllMembers(live.Guild.Id, "first"));
        await live.WaitForAsync(() => live.ReceivedOf<GuildMembersChunkEvent>().Any(c => c.Nonce == "first"), "the first chunk");
        await live.Gateway.RequestGuildMembersAsync(AllMembers(live.Guild.Id, "too-soon"));
        await live.WaitForAsync(() => live.ReceivedOf<RateLimitedEvent>().Any(), "RATE_LIMITED");
        var sinceLimited = System.Diagnostics.Stopwatch.StartNew();
        var retryAfter = TimeSpan.FromSeconds(live.ReceivedOf<RateLimitedEvent>().Single().RetryAfter);
        Assert.That(retryAfter, Is.LessThanOrEqualTo(TimeSpan.FromMilliseconds(200)));

        // Honour retry_after, as a caller must, then the retry is answered.
        await Wait.UntilAsync(() => sinceLimited.Elapsed >= retryAfter, "retry_after to pass");
        await live.Gateway.RequestGuildMembersAsync(AllMembers(live.Guild.Id, "retry"));
        await live.WaitForAsync(() => live.ReceivedOf<GuildMembersChunkEvent>().Any(c => c.Nonce == "retry"), "the chunk after retry_after");
        Assert.That(live.ReceivedOf<RateLimitedEvent>().Count(), Is.EqualTo(1));
    }
}
