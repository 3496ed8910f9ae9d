using System.Net;
using System.Text.Json.Nodes;
using CommunityBot.StandIn;
using static CommunityBot.Tests.StandIn.StandInFixture;

namespace CommunityBot.Tests.StandIn;

[TestFixture]
[Category("Protocol")]
public sealed class InteractionTests
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(5);

    [Test]
    public async Task Slash_command_flow_with_callback_followup_edit_original_and_double_ack_rejected()
    {
        await using var standIn = await StartAsync(withSpec: true);
        var owner = standIn.CreateUser("owner");
        var guild = standIn.CreateGuild("G", owner.Id);
        var channel = guild.AddTextChannel("general");
        var mod = guild.AddRole("mod", Permissions.ModerateMembers, position: 2);
        var alice = standIn.CreateUser("alice");
        guild.AddMember(alice.Id, mod.Id);
        using var http = Http(standIn);

        var commands = """
            [{"name":"poll","description":"Polls","type":1,"options":[{"type":1,"name":"create","description":"Create a poll",
              "options":[{"type":3,"name":"question","description":"Q","required":true},{"type":6,"name":"who","description":"W"}]}]},
             {"name":"Save as FAQ","type":3}]
            """;
        var put = await http.PutAsync($"applications/{standIn.ApplicationId}/guilds/{guild.Id}/commands", JsonBody(commands));
        Assert.That(put.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(standIn.RegisteredCommands(guild.Id).Select(c => c.Name), Is.EqualTo(new[] { "poll", "Save as FAQ" }));
        Assert.That(standIn.BulkOverwriteCount(guild.Id), Is.EqualTo(1));

        var h = await standIn.InvokeSlashCommandAsync(guild.Id, channel.Id, alice.Id, "poll",
            new SlashOption("create").With("question", "Q?").With("who", owner.Id));
        var payload = h.Payload;
        Assert.Multiple(() =>
        {
            Assert.That(payload.GetProperty("member").GetProperty("permissions").GetString(),
                Is.EqualTo((Permissions.DefaultEveryone | Permissions.ModerateMembers).ToString()));
            var sub = payload.GetProperty("data").GetProperty("options")[0];
            Assert.That(sub.GetProperty("type").GetInt32(), Is.EqualTo(1));
            Assert.That(sub.GetProperty("options")[1].GetProperty("value").GetString(), Is.EqualTo(owner.Id.ToString()));
            Assert.That(payload.GetProperty("data").GetProperty("resolved").GetProperty("users").TryGetProperty(owner.Id.ToString(), out _), Is.True);
        });

        using var anonymous = Http(standIn, auth: false);
        var callback = await anonymous.PostAsync($"interactions/{h.Id}/{h.Token}/callback",
            JsonBody("""{"type":5,"data":{"flags":64}}"""));
        Assert.That(callback.StatusCode, Is.EqualTo(HttpStatusCode.NoContent));
        var response = await h.WaitForResponseAsync(Wait);
        Assert.That(response.Type, Is.EqualTo(5));
        Assert.That(response.Elapsed, Is.LessThan(TimeSpan.FromSeconds(3)));

        var again = await anonymous.PostAsync($"interactions/{h.Id}/{h.Token}/callback", JsonBody("""{"type":4,"data":{"content":"x"}}"""));
        Assert.That((int?)(await ReadJson(again))!["code"], Is.EqualTo(40060));
        Assert.That(h.RejectedCallbacks, Is.EqualTo(1));

        var edit = await anonymous.PatchAsync($"webhooks/{standIn.ApplicationId}/{h.Token}/messages/@original",
            JsonBody("""{"content":"Poll created","allowed_mentions":{"parse":[]}}"""));
        Assert.That(edit.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(h.OriginalResponse!.Content, Is.EqualTo("Poll created"));
        Assert.That(h.OriginalResponse.IsEphemeral, Is.True);
        Assert.That(h.OriginalResponse.VisibleOnlyTo, Is.EqualTo(alice.Id));

        var followup = await anonymous.PostAsync($"webhooks/{standIn.ApplicationId}/{h.Token}",
            JsonBody("""{"content":"and one more","flags":64}"""));
        Assert.That(followup.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(h.Followups.Single().Content, Is.EqualTo("and one more"));
        standIn.AssertNoSpecViolations();
    }

    [Test]
    public async Task Button_click_update_message_and_late_callback_is_unknown_interaction()
    {
        await using var standIn = await StartAsync(withSpec: true, tweak: o => new StandInOptions
        {
            Token = o.Token, OpenApiSpecPath = o.OpenApiSpecPath, InteractionDeadline = TimeSpan.FromSeconds(1), // short, yet generous enough for a loaded CI machine
        });
        var owner = standIn.CreateUser("owner");
        var guild = standIn.CreateGuild("G", owner.Id);
        var channel = guild.AddTextChannel("general");
        using var http = Http(standIn);
        var created = await ReadJson(await http.PostAsync($"channels/{channel.Id}/messages", JsonBody("""
            {"content":"Vote","allowed_mentions":{"parse":[]},
             "components":[{"type":1,"components":[{"type":2,"style":1,"label":"Yes","custom_id":"poll:1:yes"}]}]}
            """)));
        var messageId = ulong.Parse((string)created!["id"]!);

        var click = await standIn.ClickButtonAsync(guild.Id, channel.Id, owner.Id, messageId, "poll:1:yes");
        Assert.That(click.Payload.GetProperty("message").GetProperty("id").GetString(), Is.EqualTo(messageId.ToString()));
        var update = await http.PostAsync($"interactions/{click.Id}/{click.Token}/callback",
            JsonBody("""
                {"type":7,"data":{"content":"Vote (1)","components":[{"type":1,"components":[{"type":2,"style":1,"label":"Yes (1)","custom_id":"poll:1:yes"}]}]}}
                """));
        Assert.That(update.StatusCode, Is.EqualTo(HttpStatusCode.NoContent));
        Assert.That(standIn.GetMessage(messageId)!.Content, Is.EqualTo("Vote (1)"));

        var late = await standIn.ClickButtonAsync(guild.Id, channel.Id, owner.Id, messageId, "poll:1:yes");
        await standIn.WaitForAsync(() => late.SinceDispatch > TimeSpan.FromMilliseconds(1100), Wait);
        var tooLate = await http.PostAsync($"interactions/{late.Id}/{late.Token}/callback", JsonBody("""{"type":6}"""));
        Assert.That((int?)(await ReadJson(tooLate))!["code"], Is.EqualTo(10062));
        standIn.AssertNoSpecViolations();
    }

    [Test]
    public async Task Moderation_polls_threads_and_events_routes_conform_to_the_spec()
    {
        await using var standIn = await StartAsync(withSpec: true);
        var owner = standIn.CreateUser("owner");
        var guild = standIn.CreateGuild("G", owner.Id);
        var channel = guild.AddTextChannel("general");
        var member = guild.AddRole("member", 0, position: 1);
        var alice = standIn.CreateUser("alice");
        guild.AddMember(alice.Id);
        using var http = Http(standIn);

        Assert.That((await http.PutAsync($"guilds/{guild.Id}/members/{alice.Id}/roles/{member.Id}", null)).StatusCode, Is.EqualTo(HttpStatusCode.NoContent));
        Assert.That(standIn.Member(guild.Id, alice.Id)!.Roles, Does.Contain(member.Id));
        var poll = await ReadJson(await http.PostAsync($"channels/{channel.Id}/messages", JsonBody("""
            {"poll":{"question":{"text":"Best day?"},"answers":[{"poll_media":{"text":"Mon"}},{"poll_media":{"text":"Fri"}}],"duration":1,"allow_multiselect":false,"layout_type":1},
             "allowed_mentions":{"parse":[]}}
            """)));
        var pollId = ulong.Parse((string)poll!["id"]!);
        await standIn.VotePollAsync(channel.Id, pollId, alice.Id, 2);
        var ended = await http.PostAsync($"channels/{channel.Id}/polls/{pollId}/expire", null);
        Assert.That(ended.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(standIn.GetMessage(pollId)!.Poll!.Finalized, Is.True);

        var thread = await http.PostAsync($"channels/{channel.Id}/messages/{pollId}/threads", JsonBody("""{"name":"Discussion","auto_archive_duration":1440}"""));
        Assert.That(thread.StatusCode, Is.EqualTo(HttpStatusCode.Created));

        var start = DateTimeOffset.UtcNow.AddDays(1);
        var evt = await http.PostAsync($"guilds/{guild.Id}/scheduled-events", JsonBody($$$"""
            {"name":"Meetup","privacy_level":2,"entity_type":3,"scheduled_start_time":"{{{start:O}}}","scheduled_end_time":"{{{start.AddHours(2):O}}}",
             "entity_metadata":{"location":"Online"}}
            """));
        Assert.That(evt.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        var eventId = standIn.ScheduledEvents(guild.Id).Single().Id;
        await standIn.SubscribeToScheduledEventAsync(guild.Id, eventId, alice.Id);
        var users = await ReadJson(await http.GetAsync($"guilds/{guild.Id}/scheduled-events/{eventId}/users?limit=100&with_member=true"));
        Assert.That((string?)users![0]!["user"]!["id"], Is.EqualTo(alice.Id.ToString()));

        var invite = guild.AddInvite(channel.Id, owner.Id);
        var bob = standIn.CreateUser("bob");
        await standIn.MemberJoinAsync(guild.Id, bob.Id, invite.Code);
        var invites = await ReadJson(await http.GetAsync($"guilds/{guild.Id}/invites"));
        Assert.That((int?)invites![0]!["uses"], Is.EqualTo(1));

        Assert.That((await http.DeleteAsync($"guilds/{guild.Id}/members/{bob.Id}")).StatusCode, Is.EqualTo(HttpStatusCode.NoContent));
        Assert.That(standIn.Member(guild.Id, bob.Id), Is.Null);
        var kickOwner = await http.DeleteAsync($"guilds/{guild.Id}/members/{owner.Id}");
        Assert.That((int?)(await ReadJson(kickOwner))!["code"], Is.EqualTo(50013));
        standIn.AssertNoSpecViolations();
    }
}
