using System.Text;
using System.Text.Json;
using CommunityBot.Discord.Gateway;
using CommunityBot.Discord.Json;
using CommunityBot.Discord.Models;

namespace CommunityBot.Tests.Discord;

/// <summary>
/// Decoding against the example payloads and field tables of Discord's docs (GE, MSG, RR, AC, CR). Every
/// payload with a hand-written reader is also checked against the source-generated contract (<see cref="WireParity"/>).
/// </summary>
[Category("Protocol")]
public class DispatchDecodingTests
{
    private static GatewayEvent Decode(string frameJson)
    {
        var bytes = Encoding.UTF8.GetBytes(frameJson);
        var frame = GatewayFrame.Parse(bytes);
        Assert.That(frame.Op, Is.EqualTo(0));
        WireParity.AssertSameAsContract(frame.EventName!, frame.Data(bytes.AsSpan()));
        return DispatchDecoder.Decode(frame.EventName!, frame.Sequence ?? 0, shardId: 0, frame.Data(bytes.AsSpan()));
    }

    private static string Frame(string name, int seq, string data) => $$"""{"t":"{{name}}","s":{{seq}},"op":0,"d":{{data}}}""";

    [Test]
    public void Ready_GivesSessionResumeUrlUserAndApplication()
    {
        var evt = (ReadyEvent)Decode(Frame("READY", 1, """
            {"v":10,"user_settings":{},"user":{"id":"80351110224678912","username":"Nelly","discriminator":"1337","avatar":"8342729096ea3675442027381ff50dfe","bot":true,"verified":true},
             "guilds":[{"id":"41771983423143937","unavailable":true}],"session_id":"d2c8f2b0e8a4c3","resume_gateway_url":"wss://gateway-us-east1-b.discord.gg",
             "shard":[0,1],"application":{"id":"80351110224678912","flags":565248},"_trace":["[\"gateway-prd\"]"]}
            """));

        Assert.That(evt.Name, Is.EqualTo("READY"));
        Assert.That(evt.Sequence, Is.EqualTo(1));
        Assert.That(evt.SessionId, Is.EqualTo("d2c8f2b0e8a4c3"));
        Assert.That(evt.ResumeGatewayUrl, Is.EqualTo("wss://gateway-us-east1-b.discord.gg"));
        Assert.That(evt.User.Id, Is.EqualTo(80351110224678912UL));
        Assert.That(evt.Guilds.Single().Unavailable, Is.True);
        Assert.That(evt.Shard, Is.EqualTo(new[] { 0, 1 }));
        Assert.That(evt.Application!.Id, Is.EqualTo(80351110224678912UL));
    }

    [Test]
    public void GuildMemberAdd_IsAMemberPlusGuildId()
    {
        var evt = (GuildMemberAddEvent)Decode(Frame("GUILD_MEMBER_ADD", 7, """
            {"user":{"id":"80351110224678912","username":"Nelly","discriminator":"1337","avatar":"8342729096ea3675442027381ff50dfe","global_name":"Nelly G"},
             "nick":"NOT API SUPPORT","avatar":null,"banner":null,"roles":[],"joined_at":"2015-04-26T06:26:56.936000+00:00","deaf":false,"mute":false,
             "flags":0,"pending":true,"communication_disabled_until":null,"guild_id":"41771983423143937"}
            """));

        Assert.That(evt.GuildId, Is.EqualTo(41771983423143937UL));
        Assert.That(evt.Member.User!.DisplayName, Is.EqualTo("Nelly G"));
        Assert.That(evt.Member.Nick, Is.EqualTo("NOT API SUPPORT"));
        Assert.That(evt.Member.Pending, Is.True);
        Assert.That(evt.Member.JoinedAt, Is.EqualTo(new DateTimeOffset(2015, 4, 26, 6, 26, 56, 936, TimeSpan.Zero)));
        Assert.That(evt.Member.CommunicationDisabledUntil, Is.Null);
    }

    [Test]
    public void Every_decoded_event_carries_its_monotonic_receipt_time()
    {
        var before = System.Diagnostics.Stopwatch.GetTimestamp();
        var known = Decode(Frame("GUILD_DELETE", 8, """{"id":"41771983423143937","unavailable":true}"""));
        var unknown = Decode(Frame("SOMETHING_NEW", 9, """{"x":1}"""));
        Assert.That(known.ReceivedAt, Is.GreaterThanOrEqualTo(before), "the interaction deadline starts at decode, not when a handler gets to it");
        Assert.That(unknown.ReceivedAt, Is.GreaterThanOrEqualTo(before));
    }

    [Test]
    public void MessageCreate_IsTheDocsExampleMessagePlusGatewayExtras()
    {
        var evt = (MessageCreateEvent)Decode(Frame("MESSAGE_CREATE", 12, """
            {"reactions":[{"count":1,"count_details":{"burst":0,"normal":1},"me":false,"me_burst":false,"emoji":{"id":null,"name":"🔥"},"burst_colors":[]}],
             "attachments":[],"tts":false,"embeds":[],"timestamp":"2017-07-11T17:27:07.299000+00:00","mention_everyone":false,"id":"334385199974967042",
             "pinned":false,"edited_timestamp":null,"author":{"username":"Mason","discriminator":"9999","id":"53908099506183680","avatar":"a_bab14f271d565501444b2ca3be944b25"},
             "mention_roles":[],"content":"Supa Hot","channel_id":"290926798999357250","mentions":[],"type":0,
             "guild_id":"290926798626357999","member":{"roles":["539082325061836999"],"joined_at":"2017-03-13T19:19:14.040000+00:00","deaf":false,"mute":false},"nonce":1234}
            """));

        var m = evt.Message;
        Assert.That(m.Id, Is.EqualTo(334385199974967042UL));
        Assert.That(m.ChannelId, Is.EqualTo(290926798999357250UL));
        Assert.That(m.GuildId, Is.EqualTo(290926798626357999UL));
        Assert.That(m.Content, Is.EqualTo("Supa Hot"));
        Assert.That(m.Author!.Username, Is.EqualTo("Mason"));
        Assert.That(m.Member!.User, Is.Null, "MESSAGE_CREATE's member has no user");
        Assert.That(m.Member.Roles, Is.EqualTo(new[] { 539082325061836999UL }));
        Assert.That(m.Reactions!.Single().Emoji.Name, Is.EqualTo("🔥"));
        Assert.That(m.Nonce, Is.EqualTo("1234"), "an integer nonce is read as its text");
        Assert.That(evt.Sequence, Is.EqualTo(12));
    }

    [Test]
    public void MessageReactionAdd_CarriesEmojiMemberAndAuthor()
    {
        var evt = (MessageReactionAddEvent)Decode(Frame("MESSAGE_REACTION_ADD", 3, """
            {"user_id":"53908232506183680","type":0,"message_id":"334385199974967042","message_author_id":"53908099506183680",
             "member":{"user":{"id":"53908232506183680","username":"Mason"},"roles":[],"joined_at":"2017-03-13T19:19:14.040000+00:00"},
             "emoji":{"name":"party","id":"41771983429993937","animated":false},"channel_id":"290926798999357250","burst":false,
             "guild_id":"290926798626357999","burst_colors":[]}
            """));

        Assert.That(evt.UserId, Is.EqualTo(53908232506183680UL));
        Assert.That(evt.Emoji.ToRouteForm(), Is.EqualTo("party:41771983429993937"));
        Assert.That(evt.MessageAuthorId, Is.EqualTo(53908099506183680UL));
        Assert.That(evt.Member!.User!.Username, Is.EqualTo("Mason"));
        Assert.That(evt.Burst, Is.False);
    }

    [Test]
    public void InteractionCreate_SlashCommand_FromTheDocsExample()
    {
        var evt = (InteractionCreateEvent)Decode(Frame("INTERACTION_CREATE", 4, """
            {"type":2,"token":"A_UNIQUE_TOKEN","member":{"user":{"id":"53908232506183680","username":"Mason","avatar":"a_d5efa99b3eeaa7dd43acca82f5692432","discriminator":"1337","public_flags":131141},
             "roles":["539082325061836999"],"premium_since":null,"permissions":"2147483647","pending":false,"nick":null,"mute":false,"joined_at":"2017-03-13T19:19:14.040000+00:00","is_pending":false,"deaf":false},
             "id":"786008729715212338","guild_id":"290926798626357999","app_permissions":"442368","guild_locale":"en-US","locale":"en-US",
             "data":{"options":[{"type":3,"name":"cardname","value":"The Gitrog Monster"}],"type":1,"name":"cardsearch","id":"771825006014889984"},
             "channel_id":"645027906669510667"}
            """));

        var i = evt.Interaction;
        Assert.That(i.Type, Is.EqualTo(InteractionTypes.ApplicationCommand));
        Assert.That(i.Token, Is.EqualTo("A_UNIQUE_TOKEN"));
        Assert.That(i.Member!.Permissions, Is.EqualTo(2147483647UL));
        Assert.That(i.AppPermissions, Is.EqualTo(442368UL));
        Assert.That(i.Invoker!.Id, Is.EqualTo(53908232506183680UL));
        Assert.That(i.Data!.Name, Is.EqualTo("cardsearch"));
        Assert.That(i.Data.Options!.Single().Value!.Value.GetString(), Is.EqualTo("The Gitrog Monster"));
    }

    [Test]
    public void InteractionCreate_UserCommand_ResolvedMapsAreKeyedBySnowflake()
    {
        var evt = (InteractionCreateEvent)Decode(Frame("INTERACTION_CREATE", 5, """
            {"application_id":"775799577604522054","channel_id":"772908445358620702",
             "data":{"id":"866818195033292850","name":"context-menu-user-2","resolved":{
               "members":{"809850198683418695":{"avatar":null,"is_pending":false,"joined_at":"2021-02-12T18:25:07.972000+00:00","nick":null,"pending":false,"permissions":"246997699136","premium_since":null,"roles":[]}},
               "users":{"809850198683418695":{"avatar":"afc428077119df8aabbbd84b0dc90c74","bot":true,"discriminator":"7302","id":"809850198683418695","public_flags":0,"username":"VoltyDemo"}}},
             "target_id":"809850198683418695","type":2},
             "guild_id":"772904309264089089","guild_locale":"en-US","app_permissions":"442368","id":"867794291820986368","locale":"en-US",
             "member":{"avatar":null,"deaf":false,"is_pending":false,"joined_at":"2020-11-02T20:46:57.364000+00:00","mute":false,"nick":null,"pending":false,"permissions":"274877906943","premium_since":null,"roles":["785609923542777878"],
               "user":{"avatar":"a_f03401914fb4f3caa9037578ab980920","discriminator":"6538","id":"167348773423415296","public_flags":1,"username":"ian"}},
             "token":"UNIQUE_TOKEN","type":2,"version":1}
            """));

        var data = evt.Interaction.Data!;
        Assert.That(data.TargetId, Is.EqualTo(809850198683418695UL));
        Assert.That(data.Resolved!.Users![809850198683418695UL].Username, Is.EqualTo("VoltyDemo"));
        Assert.That(data.Resolved.Members![809850198683418695UL].Permissions, Is.EqualTo(246997699136UL));
        Assert.That(evt.Interaction.ApplicationId, Is.EqualTo(775799577604522054UL));
    }

    [Test]
    public void InteractionCreate_Component_WithNumericComponentIdAndResolvedUsers()
    {
        var evt = (InteractionCreateEvent)Decode(Frame("INTERACTION_CREATE", 6, """
            {"id":"1","application_id":"2","type":3,"token":"t","version":1,"channel_id":"3","guild_id":"4",
             "message":{"id":"5","channel_id":"3","content":"","timestamp":"2025-05-16T22:51:16.692000+00:00","type":0,"components":[{"type":1,"id":1,"components":[{"type":5,"id":2,"custom_id":"user_select"}]}]},
             "data":{"component_type":5,"id":2,"custom_id":"user_select","values":["1111111111111111111"],
               "resolved":{"members":{"1111111111111111111":{"avatar":null,"banner":null,"collectibles":null,"communication_disabled_until":null,"flags":0,"joined_at":"2025-05-16T22:51:16.692000+00:00","nick":null,"pending":false,"permissions":"2248473465835073","premium_since":null,"roles":["2222222222222222222"],"unusual_dm_activity_until":null}},
                           "users":{"1111111111111111111":{"avatar":"d54e87d20539fe9aad2f2cebe56809a2","avatar_decoration_data":null,"bot":true,"clan":null,"collectibles":null,"discriminator":"9062","id":"1111111111111111111","username":"bot"}}}}}
            """));

        var data = evt.Interaction.Data!;
        Assert.That(data.CustomId, Is.EqualTo("user_select"));
        Assert.That(data.ComponentType, Is.EqualTo(ComponentTypes.UserSelect));
        Assert.That(data.Values, Is.EqualTo(new[] { "1111111111111111111" }));
        Assert.That(data.Resolved!.Members![1111111111111111111UL].Roles, Is.EqualTo(new[] { 2222222222222222222UL }));
        Assert.That(evt.Interaction.Message!.Components.Single().Components!.Single().CustomId, Is.EqualTo("user_select"));
    }

    [Test]
    public void InteractionCreate_ModalSubmit_ReadsTextInputsInsideLabels()
    {
        var evt = (InteractionCreateEvent)Decode(Frame("INTERACTION_CREATE", 7, """
            {"id":"1","application_id":"2","type":5,"token":"t","version":1,"channel_id":"3","guild_id":"4",
             "member":{"user":{"id":"6","username":"u"},"roles":[],"permissions":"8","joined_at":"2025-05-16T22:51:16.692000+00:00"},
             "data":{"custom_id":"game_feedback_modal","components":[{"type":18,"id":1,"component":{"type":4,"id":2,"custom_id":"game_feedback","value":"The recent changes to acceleration feel much better, but shadows still need help"}}]}}
            """));

        var label = evt.Interaction.Data!.Components!.Single();
        Assert.That(evt.Interaction.Type, Is.EqualTo(InteractionTypes.ModalSubmit));
        Assert.That(label.Type, Is.EqualTo(ComponentTypes.Label));
        Assert.That(label.Child!.CustomId, Is.EqualTo("game_feedback"));
        Assert.That(label.Child.Value, Does.StartWith("The recent changes"));
    }

    [Test]
    public void GuildCreate_IsAGuildWithExtraFieldsFlattenedIn()
    {
        var evt = (GuildCreateEvent)Decode(Frame("GUILD_CREATE", 2, """
            {"id":"41771983423143937","name":"Community","owner_id":"80351110224678912","roles":[{"id":"41771983423143937","name":"@everyone","position":0,"permissions":"104324673","color":0,"managed":false}],
             "joined_at":"2024-01-01T00:00:00+00:00","large":false,"member_count":42,"members":[{"user":{"id":"1","username":"a"},"roles":[],"joined_at":"2024-01-01T00:00:00+00:00"}],
             "channels":[{"id":"5","type":0,"name":"general"}],"threads":[],"guild_scheduled_events":[],"voice_states":[],"presences":[],"stage_instances":[]}
            """));

        Assert.That(evt.Guild.Name, Is.EqualTo("Community"));
        Assert.That(evt.Guild.Roles.Single().Permissions, Is.EqualTo(104324673UL));
        Assert.That(evt.MemberCount, Is.EqualTo(42));
        Assert.That(evt.Members.Single().User!.Id, Is.EqualTo(1UL));
        Assert.That(evt.Channels.Single().Name, Is.EqualTo("general"));
    }

    [TestCase("MESSAGE_POLL_VOTE_ADD", true)]
    [TestCase("MESSAGE_POLL_VOTE_REMOVE", false)]
    public void PollVotes_DecodeBothWays(string name, bool added)
    {
        var evt = (MessagePollVoteEvent)Decode(Frame(name, 9, """{"user_id":"1","channel_id":"2","message_id":"3","guild_id":"4","answer_id":2}"""));

        Assert.That(evt.Added, Is.EqualTo(added));
        Assert.That(evt.AnswerId, Is.EqualTo(2));
        Assert.That(evt.Name, Is.EqualTo(name));
    }

    [Test]
    public void UnknownDispatch_IsPassedOnRaw()
    {
        var evt = (UnknownDispatchEvent)Decode(Frame("SOMETHING_NEW", 10, """{"id":"1","nested":{"x":[1,2]}}"""));

        Assert.That(evt.Name, Is.EqualTo("SOMETHING_NEW"));
        Assert.That(evt.Data.GetProperty("nested").GetProperty("x")[1].GetInt32(), Is.EqualTo(2));
    }

    [TestCase("\"41771983423143937\"")]
    [TestCase("41771983423143937")]
    public void Snowflakes_AreReadFromStringsAndNumbers(string id)
    {
        var evt = (GuildDeleteEvent)Decode(Frame("GUILD_DELETE", 1, $$"""{"id":{{id}},"unavailable":true}"""));

        Assert.That(evt.Id, Is.EqualTo(41771983423143937UL));
        Assert.That(evt.Unavailable, Is.True);
    }

    [Test]
    public void Snowflakes_AreWrittenAsStrings() =>
        Assert.That(JsonSerializer.Serialize(new CreateDmRequest { RecipientId = 41771983423143937 }, DiscordJsonContext.Default.CreateDmRequest),
            Is.EqualTo("""{"recipient_id":"41771983423143937"}"""));

    [Test]
    public void LabelChild_IsWrittenAsComponent()
    {
        var json = JsonSerializer.Serialize(Component.LabeledTextInput("answer", "Your answer", TextInputStyles.Paragraph), DiscordJsonContext.Default.Component);

        var root = JsonDocument.Parse(json).RootElement;
        Assert.That(root.GetProperty("type").GetInt32(), Is.EqualTo(18));
        Assert.That(root.GetProperty("component").GetProperty("custom_id").GetString(), Is.EqualTo("answer"));
        Assert.That(root.TryGetProperty("child", out _), Is.False);
    }

    [Test]
    public void FrameEnvelope_ToleratesAnyFieldOrder_AndNullSequence()
    {
        var bytes = """{"d":{"heartbeat_interval":41250},"extra":[1,{"a":2}],"t":null,"s":null,"op":10}"""u8.ToArray();

        var frame = GatewayFrame.Parse(bytes);

        Assert.That(frame.Op, Is.EqualTo(10));
        Assert.That(frame.Sequence, Is.Null);
        Assert.That(Encoding.UTF8.GetString(frame.Data(bytes.AsSpan())), Is.EqualTo("""{"heartbeat_interval":41250}"""));
    }
}
