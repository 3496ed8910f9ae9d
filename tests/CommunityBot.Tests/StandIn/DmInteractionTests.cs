using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using CommunityBot.StandIn;
using static CommunityBot.Tests.StandIn.StandInFixture;

namespace CommunityBot.Tests.StandIn;

/// <summary>Buttons, selects and modals on messages the bot sent to a user's DM: the interaction arrives DM-shaped.</summary>
[TestFixture]
[Category("Protocol")]
public sealed class DmInteractionTests
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(5);

    private sealed record Dm(DiscordStandIn StandIn, HttpClient Http, StandInGuildSetup Setup, ulong ChannelId, ulong MessageId);

    private sealed record StandInGuildSetup(ulong GuildId, ulong General, ulong AliceId, ulong BobId, ulong RoleId);

    /// <summary>A guild with alice and bob, and a bot DM to alice carrying a button and a user select.</summary>
    private static async Task<Dm> DmWithComponentsAsync(DiscordStandIn standIn)
    {
        var owner = standIn.CreateUser("owner");
        var guild = standIn.CreateGuild("G", owner.Id);
        var general = guild.AddTextChannel("general");
        var role = guild.AddRole("member", 0, position: 1);
        var alice = standIn.CreateUser("alice");
        var bob = standIn.CreateUser("bob");
        guild.AddMember(alice.Id);
        guild.AddMember(bob.Id);
        var http = Http(standIn);
        var channel = await ReadJson(await http.PostAsync("users/@me/channels", JsonBody($$"""{"recipient_id":"{{alice.Id}}"}""")));
        var channelId = ulong.Parse((string)channel!["id"]!);
        var created = await ReadJson(await http.PostAsync($"channels/{channelId}/messages", JsonBody("""
            {"content":"You were timed out.","allowed_mentions":{"parse":[]},
             "components":[{"type":1,"components":[{"type":2,"style":1,"label":"Appeal","custom_id":"mod:appeal:7"}]},
                           {"type":1,"components":[{"type":5,"custom_id":"mod:witness","min_values":1,"max_values":2}]}]}
            """)));
        return new Dm(standIn, http, new StandInGuildSetup(guild.Id, general.Id, alice.Id, bob.Id, role.Id), channelId, ulong.Parse((string)created!["id"]!));
    }

    private static async Task<HttpStatusCode> CallbackAsync(Dm dm, InteractionHandle h, string body) =>
        (await dm.Http.PostAsync($"interactions/{h.Id}/{h.Token}/callback", JsonBody(body))).StatusCode;

    [Test]
    public async Task Button_in_a_dm_dispatches_a_dm_shaped_interaction_over_the_gateway_and_type_7_updates_the_dm()
    {
        await using var standIn = await StartAsync(withSpec: true);
        var dm = await DmWithComponentsAsync(standIn);
        using var http = dm.Http;
        await using var gw = await RawGateway.ConnectAsync(standIn.GatewayUrl);
        await gw.IdentifyAsync();
        await gw.ReceiveDispatchAsync("READY");

        var click = await standIn.ClickButtonAsync(null, dm.ChannelId, dm.Setup.AliceId, dm.MessageId, "mod:appeal:7");
        var dispatched = (JsonObject)(await gw.ReceiveDispatchAsync("INTERACTION_CREATE"))["d"]!;
        Assert.Multiple(() =>
        {
            Assert.That((string?)dispatched["id"], Is.EqualTo(click.Id.ToString()), "the bot's socket got this click");
            Assert.That(dispatched.ContainsKey("guild_id"), Is.False);
            Assert.That(dispatched.ContainsKey("guild"), Is.False);
            Assert.That(dispatched.ContainsKey("member"), Is.False);
            Assert.That(dispatched.ContainsKey("guild_locale"), Is.False);
            Assert.That((string?)dispatched["user"]!["id"], Is.EqualTo(dm.Setup.AliceId.ToString()));
            Assert.That((string?)dispatched["channel_id"], Is.EqualTo(dm.ChannelId.ToString()));
            Assert.That((int?)dispatched["channel"]!["type"], Is.EqualTo(1));
            Assert.That((int?)dispatched["context"], Is.EqualTo(1), "BOT_DM");
            Assert.That((string?)dispatched["authorizing_integration_owners"]!["0"], Is.EqualTo("0"));
            Assert.That((string?)dispatched["locale"], Is.EqualTo("en-US"));
            Assert.That((string?)dispatched["message"]!["id"], Is.EqualTo(dm.MessageId.ToString()));
            Assert.That((string?)dispatched["data"]!["custom_id"], Is.EqualTo("mod:appeal:7"));
            var appPermissions = ulong.Parse((string)dispatched["app_permissions"]!);
            const ulong documented = Permissions.AttachFiles | Permissions.EmbedLinks | Permissions.MentionEveryone | Permissions.UseExternalEmojis;
            Assert.That(appPermissions & documented, Is.EqualTo(documented), "RR: the DM set with the app's bot user");
            Assert.That(appPermissions & Permissions.BanMembers, Is.Zero, "no guild powers in a DM");
        });
        Assert.That(click.GuildId, Is.Null);

        Assert.That(await CallbackAsync(dm, click, """{"type":7,"data":{"content":"Appeal opened","components":[]}}"""), Is.EqualTo(HttpStatusCode.NoContent));
        var updated = standIn.GetMessage(dm.MessageId)!;
        Assert.That(updated.Content, Is.EqualTo("Appeal opened"));
        Assert.That(updated.Components is not { ValueKind: JsonValueKind.Array } c || c.GetArrayLength() == 0, Is.True, "the button is gone");
        Assert.That(standIn.DmsTo(dm.Setup.AliceId).Single().Id, Is.EqualTo(dm.MessageId), "updated in place, nothing new");

        var followup = await dm.Http.PostAsync($"webhooks/{standIn.ApplicationId}/{click.Token}", JsonBody("""{"content":"We'll be in touch","allowed_mentions":{"parse":[]}}"""));
        Assert.That(followup.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(click.Followups.Single().ChannelId, Is.EqualTo(dm.ChannelId), "follow-ups land in the DM");
        standIn.AssertNoSpecViolations();
    }

    [Test]
    public async Task A_modal_shown_for_a_dm_click_is_submitted_from_the_dm_and_answered_there()
    {
        await using var standIn = await StartAsync(withSpec: true);
        var dm = await DmWithComponentsAsync(standIn);
        using var http = dm.Http;
        var click = await standIn.ClickButtonAsync(null, dm.ChannelId, dm.Setup.AliceId, dm.MessageId, "mod:appeal:7");
        Assert.That(await CallbackAsync(dm, click, """
            {"type":9,"data":{"custom_id":"mod:appealsubmit:7","title":"Appeal",
             "components":[{"type":18,"label":"Why?","component":{"type":4,"custom_id":"text","style":2,"required":true,"max_length":1000}}]}}
            """), Is.EqualTo(HttpStatusCode.NoContent));

        var submit = await standIn.SubmitModalAsync(null, dm.ChannelId, dm.Setup.AliceId, "mod:appealsubmit:7",
            new Dictionary<string, string> { ["text"] = "I was having a bad day" });
        var payload = submit.Payload;
        Assert.Multiple(() =>
        {
            Assert.That(payload.GetProperty("type").GetInt32(), Is.EqualTo(5));
            Assert.That(payload.TryGetProperty("guild_id", out _), Is.False);
            Assert.That(payload.TryGetProperty("member", out _), Is.False);
            Assert.That(payload.GetProperty("user").GetProperty("id").GetString(), Is.EqualTo(dm.Setup.AliceId.ToString()));
            Assert.That(payload.GetProperty("context").GetInt32(), Is.EqualTo(1));
            Assert.That(payload.GetProperty("message").GetProperty("id").GetString(), Is.EqualTo(dm.MessageId.ToString()), "opened from the DM message");
            Assert.That(payload.GetProperty("data").GetProperty("components")[0].GetProperty("component").GetProperty("value").GetString(),
                Is.EqualTo("I was having a bad day"));
        });

        Assert.That(await CallbackAsync(dm, submit, """{"type":5}"""), Is.EqualTo(HttpStatusCode.NoContent));
        var fill = await dm.Http.PostAsync($"webhooks/{standIn.ApplicationId}/{submit.Token}", JsonBody("""{"content":"Your appeal was sent.","allowed_mentions":{"parse":[]}}"""));
        Assert.That(fill.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(submit.OriginalResponse!.Content, Is.EqualTo("Your appeal was sent."));
        Assert.That(submit.OriginalResponse.ChannelId, Is.EqualTo(dm.ChannelId));
        Assert.That(standIn.DmsTo(dm.Setup.AliceId).Select(m => m.Content), Does.Contain("Your appeal was sent."));

        var again = await standIn.ClickButtonAsync(null, dm.ChannelId, dm.Setup.AliceId, dm.MessageId, "mod:appeal:7");
        Assert.That(await CallbackAsync(dm, again, """{"type":4,"data":{"content":"You have already appealed.","flags":64}}"""), Is.EqualTo(HttpStatusCode.NoContent));
        Assert.That(again.OriginalResponse!.ChannelId, Is.EqualTo(dm.ChannelId));
        Assert.That(await CallbackAsync(dm, again, """{"type":6}"""), Is.Not.EqualTo(HttpStatusCode.NoContent), "one acknowledgement per interaction in DMs too");
        standIn.AssertNoSpecViolations();
    }

    [Test]
    public async Task Select_in_a_dm_resolves_users_without_members_and_type_6_acknowledges()
    {
        await using var standIn = await StartAsync(withSpec: true);
        var dm = await DmWithComponentsAsync(standIn);
        using var http = dm.Http;
        var select = await standIn.SelectAsync(null, dm.ChannelId, dm.Setup.AliceId, dm.MessageId, "mod:witness", dm.Setup.BobId.ToString());
        var data = select.Payload.GetProperty("data");
        Assert.That(data.GetProperty("values")[0].GetString(), Is.EqualTo(dm.Setup.BobId.ToString()));
        Assert.That(data.GetProperty("resolved").GetProperty("users").TryGetProperty(dm.Setup.BobId.ToString(), out _), Is.True);
        Assert.That(data.GetProperty("resolved").TryGetProperty("members", out _), Is.False, "no guild, no member data");
        Assert.That(select.Payload.TryGetProperty("guild_id", out _), Is.False);

        Assert.That(await CallbackAsync(dm, select, """{"type":6}"""), Is.EqualTo(HttpStatusCode.NoContent));
        Assert.That((await select.WaitForResponseAsync(Wait)).Type, Is.EqualTo(6));
        Assert.That(() => standIn.SelectAsync(null, dm.ChannelId, dm.Setup.AliceId, dm.MessageId, "mod:witness", dm.Setup.RoleId.ToString()),
            Throws.ArgumentException.With.Message.Contains("no roles"));
        standIn.AssertNoSpecViolations();
    }

    [Test]
    public async Task Dm_components_refuse_other_users_and_mismatched_guild_arguments_while_guild_clicks_stay_guild_shaped()
    {
        await using var standIn = await StartAsync(withSpec: true);
        var dm = await DmWithComponentsAsync(standIn);
        using var http = dm.Http;

        Assert.That(() => standIn.ClickButtonAsync(null, dm.ChannelId, dm.Setup.BobId, dm.MessageId, "mod:appeal:7"),
            Throws.InvalidOperationException.With.Message.Contains("DM of user"), "bob cannot click in alice's DM");
        Assert.That(() => standIn.ClickButtonAsync(dm.Setup.GuildId, dm.ChannelId, dm.Setup.AliceId, dm.MessageId, "mod:appeal:7"),
            Throws.ArgumentException.With.Message.Contains("guildId null"));
        Assert.That(() => standIn.SubmitModalAsync(null, dm.ChannelId, dm.Setup.AliceId, "mod:appealsubmit:7", new Dictionary<string, string> { ["text"] = "x" }),
            Throws.InvalidOperationException.With.Message.Contains("never showed"));

        var posted = await ReadJson(await dm.Http.PostAsync($"channels/{dm.Setup.General}/messages", JsonBody("""
            {"content":"Vote","allowed_mentions":{"parse":[]},"components":[{"type":1,"components":[{"type":2,"style":1,"label":"Yes","custom_id":"poll:1:yes"}]}]}
            """)));
        var guildMessage = ulong.Parse((string)posted!["id"]!);
        Assert.That(() => standIn.ClickButtonAsync(null, dm.Setup.General, dm.Setup.AliceId, guildMessage, "poll:1:yes"),
            Throws.ArgumentException.With.Message.Contains("pass that guild's id"));
        var inGuild = await standIn.ClickButtonAsync(dm.Setup.GuildId, dm.Setup.General, dm.Setup.AliceId, guildMessage, "poll:1:yes");
        Assert.Multiple(() =>
        {
            Assert.That(inGuild.Payload.GetProperty("guild_id").GetString(), Is.EqualTo(dm.Setup.GuildId.ToString()));
            Assert.That(inGuild.Payload.GetProperty("member").GetProperty("user").GetProperty("id").GetString(), Is.EqualTo(dm.Setup.AliceId.ToString()));
            Assert.That(inGuild.Payload.TryGetProperty("user", out _), Is.False);
            Assert.That(inGuild.Payload.GetProperty("context").GetInt32(), Is.EqualTo(0));
        });
        standIn.AssertNoSpecViolations();
    }
}
