using System.Net.WebSockets;
using System.Text.Json.Nodes;
using CommunityBot.StandIn;

namespace CommunityBot.Tests.StandIn;

[TestFixture]
[Category("Protocol")]
public sealed class GatewayTests
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(5);

    [Test]
    public async Task Identify_gets_hello_ready_then_guild_create_with_channels_roles_and_members()
    {
        // This raw client heartbeats once, by hand: a generous server-side timeout keeps a slow run from being dropped.
        await using var standIn = await StandInFixture.StartAsync(heartbeatMs: 300, tweak: o => new StandInOptions
        {
            Token = o.Token, OpenApiSpecPath = o.OpenApiSpecPath, HeartbeatIntervalMs = o.HeartbeatIntervalMs, HeartbeatTimeout = TimeSpan.FromSeconds(30),
        });
        var owner = standIn.CreateUser("owner");
        var guild = standIn.CreateGuild("Test Community", owner.Id);
        var general = guild.AddTextChannel("general");
        var role = guild.AddRole("member", permissions: 0, position: 1);
        var alice = standIn.CreateUser("alice");
        guild.AddMember(alice.Id, role.Id);

        await using var gw = await RawGateway.ConnectAsync(standIn.GatewayUrl);
        var hello = await gw.ReceiveAsync();
        Assert.That((int?)hello!["op"], Is.EqualTo(10));
        Assert.That((int?)hello["d"]!["heartbeat_interval"], Is.EqualTo(300));

        await gw.IdentifyAsync();
        var ready = await gw.ReceiveDispatchAsync("READY");
        var d = ready["d"]!;
        Assert.Multiple(() =>
        {
            Assert.That((int?)ready["s"], Is.EqualTo(1));
            Assert.That((string?)d["user"]!["id"], Is.EqualTo(standIn.BotUser.Id.ToString()));
            Assert.That((string?)d["resume_gateway_url"], Is.EqualTo(standIn.ResumeGatewayUrl));
            Assert.That((string?)d["resume_gateway_url"], Is.Not.EqualTo(standIn.GatewayUrl));
            Assert.That((bool?)d["guilds"]![0]!["unavailable"], Is.True);
            Assert.That((string?)d["application"]!["id"], Is.EqualTo(standIn.ApplicationId.ToString()));
        });

        var create = await gw.ReceiveDispatchAsync("GUILD_CREATE");
        var g = create["d"]!;
        Assert.Multiple(() =>
        {
            Assert.That((int?)create["s"], Is.EqualTo(2));
            Assert.That((string?)g["id"], Is.EqualTo(guild.Id.ToString()));
            Assert.That(g["channels"]!.AsArray().Select(c => (string?)c!["name"]), Does.Contain("general"));
            Assert.That(g["roles"]!.AsArray().Select(r => (string?)r!["id"]), Does.Contain(guild.Id.ToString()), "@everyone has the guild id");
            Assert.That(g["members"]!.AsArray().Select(m => (string?)m!["user"]!["id"]), Does.Contain(alice.Id.ToString()));
            Assert.That((string?)g["roles"]!.AsArray().First(r => (string?)r!["id"] == role.Id.ToString())!["permissions"], Is.EqualTo("0"),
                "permissions are strings");
        });

        await gw.SendAsync(new JsonObject { ["op"] = 1, ["d"] = 2 });
        var ack = await gw.ReceiveAsync();
        Assert.That((int?)ack!["op"], Is.EqualTo(11));
        await standIn.WaitForAsync(() => standIn.LastHeartbeatSeq == 2, Wait);

        await standIn.PostMessageAsync(guild.Id, general.Id, alice.Id, "hello <@" + standIn.BotUser.Id + ">");
        var message = await gw.ReceiveDispatchAsync("MESSAGE_CREATE");
        Assert.Multiple(() =>
        {
            Assert.That((int?)message["s"], Is.EqualTo(3), "sequence numbers rise by one per dispatch");
            Assert.That((string?)message["d"]!["guild_id"], Is.EqualTo(guild.Id.ToString()));
            Assert.That(message["d"]!["member"], Is.Not.Null);
            Assert.That(message["d"]!["member"]!["user"], Is.Null, "MESSAGE_CREATE's member has no user");
            Assert.That((string?)message["d"]!["mentions"]![0]!["id"], Is.EqualTo(standIn.BotUser.Id.ToString()));
        });
        Assert.That(standIn.LastIdentify!.Value.GetProperty("intents").GetUInt64(), Is.EqualTo(RawGateway.DefaultIntents));
    }

    [Test]
    public async Task Resume_replays_missed_dispatches_in_order_then_sends_resumed()
    {
        await using var standIn = await StandInFixture.StartAsync();
        var owner = standIn.CreateUser("owner");
        var guild = standIn.CreateGuild("G", owner.Id);
        var channel = guild.AddTextChannel("general");

        var first = await RawGateway.ConnectAsync(standIn.GatewayUrl);
        await first.ReceiveAsync();
        await first.IdentifyAsync();
        var ready = await first.ReceiveDispatchAsync("READY");
        var sessionId = (string)ready["d"]!["session_id"]!;
        var lastSeq = (int)(await first.ReceiveDispatchAsync("GUILD_CREATE"))["s"]!;
        await first.DisposeAsync(); // drop without a close frame: the session stays resumable
        await standIn.WaitForAsync(() => standIn.LiveConnectionCount == 0, Wait);

        var m1 = await standIn.PostMessageAsync(guild.Id, channel.Id, owner.Id, "one");
        var m2 = await standIn.PostMessageAsync(guild.Id, channel.Id, owner.Id, "two");

        await using var second = await RawGateway.ConnectAsync(standIn.ResumeGatewayUrl);
        await second.ReceiveAsync();
        await second.SendAsync(new JsonObject
        {
            ["op"] = 6,
            ["d"] = new JsonObject { ["token"] = StandInFixture.Token, ["session_id"] = sessionId, ["seq"] = lastSeq },
        });
        var replay1 = await second.ReceiveDispatchAsync("MESSAGE_CREATE");
        var replay2 = await second.ReceiveDispatchAsync("MESSAGE_CREATE");
        var resumed = await second.ReceiveAsync();
        Assert.Multiple(() =>
        {
            Assert.That((string?)replay1["d"]!["id"], Is.EqualTo(m1.Id.ToString()));
            Assert.That((int?)replay1["s"], Is.EqualTo(lastSeq + 1));
            Assert.That((string?)replay2["d"]!["id"], Is.EqualTo(m2.Id.ToString()));
            Assert.That((int?)replay2["s"], Is.EqualTo(lastSeq + 2));
            Assert.That((string?)resumed!["t"], Is.EqualTo("RESUMED"));
            Assert.That(standIn.ResumeCount, Is.EqualTo(1));
            Assert.That(standIn.IdentifyCount, Is.EqualTo(1));
            Assert.That(standIn.ProtocolViolations, Is.Empty, "the resume went to resume_gateway_url");
        });
    }

    [Test]
    public async Task Resume_with_unknown_session_gets_invalid_session_false_and_bad_seq_closes_4007()
    {
        await using var standIn = await StandInFixture.StartAsync();
        await using var unknown = await RawGateway.ConnectAsync(standIn.ResumeGatewayUrl);
        await unknown.ReceiveAsync();
        await unknown.SendAsync(new JsonObject
        {
            ["op"] = 6,
            ["d"] = new JsonObject { ["token"] = StandInFixture.Token, ["session_id"] = "nope", ["seq"] = 1 },
        });
        var invalid = await unknown.ReceiveAsync();
        Assert.That((int?)invalid!["op"], Is.EqualTo(9));
        Assert.That((bool?)invalid["d"], Is.False);

        var first = await RawGateway.ConnectAsync(standIn.GatewayUrl);
        await first.ReceiveAsync();
        await first.IdentifyAsync();
        var sessionId = (string)(await first.ReceiveDispatchAsync("READY"))["d"]!["session_id"]!;
        await first.DisposeAsync();

        await using var ahead = await RawGateway.ConnectAsync(standIn.ResumeGatewayUrl);
        await ahead.ReceiveAsync();
        await ahead.SendAsync(new JsonObject
        {
            ["op"] = 6,
            ["d"] = new JsonObject { ["token"] = StandInFixture.Token, ["session_id"] = sessionId, ["seq"] = 999 },
        });
        Assert.That(await ahead.ReceiveAsync(), Is.Null);
        Assert.That((int?)ahead.CloseStatus, Is.EqualTo(4007));
    }

    [TestCase("wrong-token", 4004)]
    public async Task Identify_with_a_wrong_token_closes_4004(string token, int code)
    {
        await using var standIn = await StandInFixture.StartAsync();
        await using var gw = await RawGateway.ConnectAsync(standIn.GatewayUrl);
        await gw.ReceiveAsync();
        await gw.IdentifyAsync(token);
        Assert.That(await gw.ReceiveAsync(), Is.Null);
        Assert.That((int?)gw.CloseStatus, Is.EqualTo(code));
    }

    [Test]
    public async Task Second_identify_closes_4005_and_payload_before_identify_closes_4003()
    {
        await using var standIn = await StandInFixture.StartAsync();
        await using (var gw = await RawGateway.ConnectAsync(standIn.GatewayUrl))
        {
            await gw.ReceiveAsync();
            await gw.IdentifyAsync();
            await gw.ReceiveDispatchAsync("READY");
            await gw.IdentifyAsync();
            while (await gw.ReceiveAsync() is not null) { }
            Assert.That((int?)gw.CloseStatus, Is.EqualTo(4005));
        }
        await using (var early = await RawGateway.ConnectAsync(standIn.GatewayUrl))
        {
            await early.ReceiveAsync();
            await early.SendAsync(new JsonObject { ["op"] = 3, ["d"] = new JsonObject() });
            Assert.That(await early.ReceiveAsync(), Is.Null);
            Assert.That((int?)early.CloseStatus, Is.EqualTo(4003));
        }
    }

    [Test]
    public async Task Oversized_payload_closes_4002()
    {
        await using var standIn = await StandInFixture.StartAsync();
        await using var gw = await RawGateway.ConnectAsync(standIn.GatewayUrl);
        await gw.ReceiveAsync();
        await gw.SendRawAsync("{\"op\":1,\"d\":null,\"pad\":\"" + new string('x', 5000) + "\"}");
        Assert.That(await gw.ReceiveAsync(), Is.Null);
        Assert.That((int?)gw.CloseStatus, Is.EqualTo(4002));
    }

    [Test]
    public async Task Large_guild_create_arrives_in_several_frames()
    {
        await using var standIn = await StandInFixture.StartAsync();
        var owner = standIn.CreateUser("owner");
        var guild = standIn.CreateGuild("Big", owner.Id);
        for (var i = 0; i < 200; i++) guild.AddMember(standIn.CreateUser("member" + i).Id);

        await using var gw = await RawGateway.ConnectAsync(standIn.GatewayUrl);
        await gw.ReceiveAsync();
        await gw.IdentifyAsync();
        var create = await gw.ReceiveDispatchAsync("GUILD_CREATE");
        Assert.That(create["d"]!["members"]!.AsArray(), Has.Count.EqualTo(202));
        Assert.That(gw.LastFrameCount, Is.GreaterThan(1));
    }

    [Test]
    public async Task Faults_stop_acking_and_reconnect_before_hello()
    {
        await using var standIn = await StandInFixture.StartAsync();
        standIn.Faults.StopAcking = true;
        await using (var gw = await RawGateway.ConnectAsync(standIn.GatewayUrl))
        {
            await gw.ReceiveAsync();
            await gw.SendAsync(new JsonObject { ["op"] = 1, ["d"] = null });
            await standIn.WaitForAsync(() => standIn.HeartbeatCount == 1, Wait);
            Assert.That(async () => await gw.ReceiveAsync(TimeSpan.FromMilliseconds(200)), Throws.InstanceOf<OperationCanceledException>(),
                "no ACK while StopAcking");
        }

        standIn.Faults.SendReconnectBeforeHello = true;
        await using var next = await RawGateway.ConnectAsync(standIn.GatewayUrl);
        var first = await next.ReceiveAsync();
        Assert.That((int?)first!["op"], Is.EqualTo(7));
    }

    [Test]
    public async Task Intents_filter_dispatches_and_message_content_is_empty_without_the_intent()
    {
        await using var standIn = await StandInFixture.StartAsync();
        var owner = standIn.CreateUser("owner");
        var guild = standIn.CreateGuild("G", owner.Id);
        var channel = guild.AddTextChannel("general");
        await using var gw = await RawGateway.ConnectAsync(standIn.GatewayUrl);
        await gw.ReceiveAsync();
        await gw.IdentifyAsync(intents: Intents.Guilds | Intents.GuildMessages);
        await gw.ReceiveDispatchAsync("GUILD_CREATE");

        var joiner = standIn.CreateUser("joiner");
        await standIn.MemberJoinAsync(guild.Id, joiner.Id); // needs GUILD_MEMBERS: not delivered
        await standIn.PostMessageAsync(guild.Id, channel.Id, owner.Id, "secret words");
        var created = await gw.ReceiveAsync();
        Assert.That((string?)created!["t"], Is.EqualTo("MESSAGE_CREATE"));
        Assert.That((string?)created["d"]!["content"], Is.EqualTo(""));
    }
}
