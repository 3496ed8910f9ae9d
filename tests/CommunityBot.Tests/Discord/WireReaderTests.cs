using System.Collections;
using System.Reflection;
using System.Text;
using System.Text.Json;
using CommunityBot.Discord.Gateway;
using CommunityBot.Discord.Json;
using CommunityBot.Discord.Json.Wire;
using CommunityBot.Discord.Models;

namespace CommunityBot.Tests.Discord;

/// <summary>
/// The hand-written gateway readers (Json/Wire) against the source-generated contracts they stand in for:
/// every modelled field, Discord's wire variations, and malformed input.
/// </summary>
[Category("Protocol")]
public class WireReaderTests
{
    private static readonly DiscordJsonContext Contracts = DiscordJsonContext.Default;

    /// <summary>The model types the hand-written readers build; a property added to one must be read by hand too.</summary>
    private static readonly Type[] HandReadTypes =
    [
        typeof(Message), typeof(User), typeof(GuildMember), typeof(Role), typeof(Channel), typeof(Attachment),
        typeof(MessageReference), typeof(Interaction), typeof(InteractionData), typeof(InteractionDataOption), typeof(ResolvedData),
    ];

    [Test]
    public void FullSamples_SetEveryPropertyOfEveryHandReadType()
    {
        // Guards the round-trip test below: if a model gains a property, this fails until the sample sets it,
        // and then the round trip fails until the hand-written reader reads it.
        var unset = HandReadTypes
            .SelectMany(type => SettableProperties(type).Select(property => (type, property)))
            .Where(p => !EverSet(p.type, p.property, [FullMessage(), FullInteraction()]))
            .Select(p => $"{p.type.Name}.{p.property.Name}")
            .ToList();

        Assert.That(unset, Is.Empty, "properties the full samples leave at their defaults");
    }

    [Test]
    public void FullMessage_RoundTripsThroughTheHandWrittenReader()
    {
        var json = JsonSerializer.SerializeToUtf8Bytes(FullMessage(), Contracts.Message);

        Assert.That(WireParity.Same(json, MessageReader.Message, Contracts.Message));
        Assert.That(JsonSerializer.Serialize(WireParity.ReadByHand(json, MessageReader.Message), Contracts.Message), Is.EqualTo(Encoding.UTF8.GetString(json)));
    }

    [Test]
    public void FullInteraction_RoundTripsThroughTheHandWrittenReader()
    {
        var json = JsonSerializer.SerializeToUtf8Bytes(FullInteraction(), Contracts.Interaction);

        Assert.That(WireParity.Same(json, InteractionReader.Interaction, Contracts.Interaction));
        Assert.That(JsonSerializer.Serialize(WireParity.ReadByHand(json, InteractionReader.Interaction), Contracts.Interaction), Is.EqualTo(Encoding.UTF8.GetString(json)));
    }

    [TestCase("""{"id":12,"channel_id":34,"author":{"id":56,"username":"n"},"content":"x","timestamp":"2026-01-01T00:00:00+00:00","nonce":"abc"}""", TestName = "Snowflakes sent as numbers")]
    [TestCase("""{"content":"caf\u00e9 \"quoted\" \ud83d\ude00 \\ back","id":"1","channel_id":"2","timestamp":"2026-01-01T00:00:00.123456+09:00"}""", TestName = "Escaped text and a non-UTC offset")]
    [TestCase("""{"id":"1","channel_id":"2","guild_id":null,"author":null,"member":null,"edited_timestamp":null,"flags":null,"reactions":null,"message_reference":null,"referenced_message":null,"nonce":null,"webhook_id":null,"poll":null,"thread":null,"timestamp":"2026-01-01T00:00:00+00:00"}""", TestName = "Explicit nulls for optional fields")]
    [TestCase("""{"future":{"nested":[1,{"deep":[{"a":"b"}]}],"more":null},"id":"1","channel_id":"2","interaction_metadata":{"id":"9","type":2,"user":{"id":"3"}},"timestamp":"2026-01-01T00:00:00+00:00","call":{"participants":[]}}""", TestName = "Unknown fields with nested values are skipped")]
    [TestCase("""{"id":"3","channel_id":"2","type":19,"content":"reply","timestamp":"2026-01-01T00:00:00+00:00","message_reference":{"type":0,"message_id":"1","channel_id":"2","guild_id":"9","fail_if_not_exists":false},"referenced_message":{"id":"1","channel_id":"2","content":"original","timestamp":"2025-12-31T23:59:59+00:00","author":{"id":"7","username":"asker","bot":false},"referenced_message":null}}""", TestName = "A reply carries the message it answers")]
    [TestCase("""{"id":"1","channel_id":"2","timestamp":"2026-01-01T00:00:00+00:00","attachments":[{"id":"5","filename":"a.png","size":10,"url":"https://cdn/a.png","proxy_url":"x","content_type":"image/png","width":1,"height":1}],"poll":{"question":{"text":"Q"},"answers":[{"answer_id":1,"poll_media":{"text":"A"}}],"expiry":"2026-01-02T00:00:00+00:00","allow_multiselect":false,"layout_type":1,"results":{"is_finalized":false,"answer_counts":[{"id":1,"count":2,"me_voted":false}]}},"thread":{"id":"8","type":11,"guild_id":"9","parent_id":"2","owner_id":"7","name":"t","member_count":1}}""", TestName = "Attachments, a native poll and a started thread")]
    public void MessageVariants_MatchTheContract(string json) =>
        Assert.That(WireParity.AssertSameAsContract("MESSAGE_CREATE", Encoding.UTF8.GetBytes(json)));

    [TestCase("""{"user":{"id":"1","username":"a"},"roles":[],"guild_id":"9","joined_at":"2026-01-01T00:00:00+00:00","pending":true,"flags":3}""")]
    [TestCase("""{"roles":["1","2","3","4","5","6","7","8","9","10","11","12","13","14","15","16","17","18","19","20"],"guild_id":9,"user":{"id":"1","username":"many roles"},"communication_disabled_until":"2026-02-01T00:00:00+00:00","nick":"N"}""")]
    public void MemberVariants_MatchTheContract(string json) =>
        Assert.That(WireParity.AssertSameAsContract("GUILD_MEMBER_ADD", Encoding.UTF8.GetBytes(json)));

    [Test]
    public void GuildMemberAdd_TakesTheGuildIdFromTheSamePass()
    {
        var evt = (GuildMemberAddEvent)GatewayFrame.Parse(
            """{"op":0,"s":4,"t":"GUILD_MEMBER_ADD","d":{"roles":[],"user":{"id":"5","username":"late"},"guild_id":"77"}}"""u8, decodeDispatch: true).Dispatch!;

        Assert.That(evt.GuildId, Is.EqualTo(77UL), "guild_id after the member fields is still found");
        Assert.That(evt.Member.User!.Id, Is.EqualTo(5UL));
    }

    [TestCase("""{"id":"-4","channel_id":"2"}""", TestName = "A negative snowflake as the id")]
    [TestCase("""{"id":"1","channel_id":{"not":"an id"}}""", TestName = "An object as the channel id")]
    [TestCase("""["a message is an object"]""", TestName = "An array where the message belongs")]
    public void MalformedMessage_IsADecodeFailure_NotACrash(string data)
    {
        var frame = GatewayFrame.Parse(Encoding.UTF8.GetBytes($$"""{"op":0,"s":9,"t":"MESSAGE_CREATE","d":{{data}}}"""), decodeDispatch: true);

        Assert.That(frame.Dispatch, Is.Null);
        Assert.That(frame.DecodeError, Is.Not.Null, "the gateway turns this into an UnknownDispatchEvent carrying the raw data");
        Assert.That(DispatchDecoder.IsDecodeFailure(frame.DecodeError!), Is.True);
        Assert.That(frame.Sequence, Is.EqualTo(9), "the envelope is still read, so the sequence is kept");
    }

    [TestCase("""{"id":"1","channel_id":"2","timestamp":"not a time","content":"kept"}""", "timestamp", TestName = "A timestamp that is not ISO 8601 is skipped")]
    [TestCase("""{"id":"1","channel_id":"2","mentions":{"not":"an array"},"content":"kept"}""", "mentions", TestName = "An object where an array belongs is skipped")]
    [TestCase("""{"id":"1","channel_id":"2","author":"mason","content":"kept"}""", "author", TestName = "A string where an object belongs is skipped")]
    [TestCase("""{"id":"1","channel_id":"2","flags":"64","edited_timestamp":12345,"content":"kept"}""", "flags", TestName = "A string where a number belongs is skipped")]
    [TestCase("""{"id":"1","channel_id":"2","embeds":[{"color":"red"}],"components":{"type":1},"content":"kept"}""", "embeds", TestName = "Odd shapes inside contract-read lists are skipped")]
    [TestCase("""{"id":"1","channel_id":"2","author":{"id":"3","username":7,"bot":"yes"},"content":"kept"}""", "author", TestName = "Odd fields inside a nested user are skipped, the user kept")]
    public void AnOddShapeInAFieldTheMessageCanDoWithout_SkipsThatField_AndKeepsTheRest(string data, string field)
    {
        var frame = GatewayFrame.Parse(Encoding.UTF8.GetBytes($$"""{"op":0,"s":9,"t":"MESSAGE_CREATE","d":{{data}}}"""), decodeDispatch: true);

        Assert.That(frame.DecodeError, Is.Null, field);
        var message = ((MessageCreateEvent)frame.Dispatch!).Message;
        Assert.That((message.Id, message.ChannelId, message.Content), Is.EqualTo((1UL, 2UL, "kept")));
        Assert.That(message.Mentions, Is.Not.Null);
        Assert.That(message.Embeds, Is.Not.Null);
        if (data.Contains("\"username\":7")) Assert.That(message.Author!.Id, Is.EqualTo(3UL), "the user's id is read, its odd fields skipped");
    }

    private static Message FullMessage() => new()
    {
        Id = 1, ChannelId = 2, GuildId = 3, Author = FullUser(4), Member = FullMember(), Content = "hello",
        Timestamp = new DateTimeOffset(2026, 5, 1, 12, 0, 0, TimeSpan.Zero), EditedTimestamp = new DateTimeOffset(2026, 5, 1, 12, 5, 0, TimeSpan.Zero),
        Type = 19, Flags = 4, MentionEveryone = true, Mentions = [FullUser(5)], MentionRoles = [6, 7],
        Embeds = [new Embed { Title = "t", Description = "d", Color = 5 }],
        Components = [Component.Row(Component.Button("poll:vote:1:1", "Yes"))],
        Attachments = [new Attachment { Id = 8, Filename = "a.png", Size = 10, Url = "https://cdn/a.png", ContentType = "image/png", Description = "alt" }],
        Reactions = [new Reaction { Count = 2, Me = true, Emoji = new Emoji { Name = "🔥" } }],
        MessageReference = new MessageReference { MessageId = 9, ChannelId = 2, GuildId = 3, FailIfNotExists = false },
        ReferencedMessage = new Message { Id = 9, ChannelId = 2, Content = "question", Author = FullUser(10) },
        Nonce = "n-1", WebhookId = 11,
        Poll = new Poll { Question = new PollMedia { Text = "Q" }, Answers = [new PollAnswer { AnswerId = 1, PollMedia = new PollMedia { Text = "A" } }] },
        Thread = FullChannel(),
    };

    private static Interaction FullInteraction() => new()
    {
        Id = 20, ApplicationId = 21, Type = InteractionTypes.ApplicationCommand, GuildId = 3, ChannelId = 2, Channel = FullChannel(),
        Member = FullMember(), User = FullUser(22), Token = "token", Version = 2, Message = FullMessage(), AppPermissions = 442368,
        Locale = "ko", GuildLocale = "en-US",
        Data = new InteractionData
        {
            Id = 23, Name = "points", Type = 1, GuildId = 3, TargetId = 4, CustomId = "idea:vote:1", ComponentType = 2, Values = ["a", "b"],
            Components = [Component.LabeledTextInput("faq:answer", "Answer", value: "typed")],
            Options =
            [
                new InteractionDataOption
                {
                    Name = "grant", Type = 1, Focused = true,
                    Options = [new InteractionDataOption { Name = "amount", Type = 4, Value = JsonDocument.Parse("5").RootElement }],
                    Value = JsonDocument.Parse("\"partial\"").RootElement,
                },
            ],
            Resolved = new ResolvedData
            {
                Users = new() { [4] = FullUser(4) },
                Members = new() { [4] = FullMember() with { User = null } },
                Roles = new() { [6] = new Role { Id = 6, Name = "Mods", Position = 3, Permissions = 8, Color = 255, Managed = true } },
                Channels = new() { [2] = FullChannel() },
                Messages = new() { [9] = new Message { Id = 9, ChannelId = 2, Content = "target" } },
                Attachments = new() { [8] = new Attachment { Id = 8, Filename = "f.txt", Size = 1, Url = "https://cdn/f.txt" } },
            },
        },
    };

    private static User FullUser(ulong id) => new()
    {
        Id = id, Username = "user" + id, GlobalName = "User " + id, Discriminator = "0", Avatar = "a_hash", Bot = false,
    };

    private static GuildMember FullMember() => new()
    {
        User = FullUser(30), Nick = "nick", Roles = [6, 7], JoinedAt = new DateTimeOffset(2024, 1, 1, 0, 0, 0, TimeSpan.Zero), Pending = false,
        Permissions = 2248473465835073, CommunicationDisabledUntil = new DateTimeOffset(2026, 6, 1, 0, 0, 0, TimeSpan.Zero), Flags = GuildMemberFlags.CompletedOnboarding,
    };

    private static Channel FullChannel() => new()
    {
        Id = 2, Type = ChannelTypes.PublicThread, GuildId = 3, Name = "help", ParentId = 40, OwnerId = 4, Position = 1, Topic = "topic",
        Recipients = [FullUser(41)],
    };

    private static IEnumerable<PropertyInfo> SettableProperties(Type type) =>
        type.GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.SetMethod is not null && p.Name != "EqualityContract");

    /// <summary>Whether some instance of <paramref name="type"/> in the graphs has the property away from the model's default.</summary>
    private static bool EverSet(Type type, PropertyInfo property, IEnumerable<object> graphs)
    {
        var fresh = property.GetValue(Activator.CreateInstance(type));
        return Instances(graphs, type).Any(instance => IsSet(property.GetValue(instance), fresh));
    }

    private static bool IsSet(object? value, object? modelDefault) => value switch
    {
        null => false,
        IEnumerable items and not string => items.Cast<object>().Any(),
        _ => !Equals(value, modelDefault) && !(value is string { Length: 0 }),
    };

    private static IEnumerable<object> Instances(IEnumerable<object> graphs, Type type)
    {
        var seen = new HashSet<object>(ReferenceEqualityComparer.Instance);
        var pending = new Stack<object>(graphs);
        while (pending.TryPop(out var current))
        {
            if (!seen.Add(current)) continue;
            if (current.GetType() == type) yield return current;
            foreach (var child in Children(current)) pending.Push(child);
        }
    }

    private static IEnumerable<object> Children(object node)
    {
        if (node is IDictionary map) return map.Values.Cast<object>();
        if (node is IEnumerable items and not string) return items.Cast<object>();
        if (!HandReadTypes.Contains(node.GetType())) return [];
        return SettableProperties(node.GetType()).Select(p => p.GetValue(node)).OfType<object>()
            .Where(v => v is IEnumerable and not string || HandReadTypes.Contains(v.GetType()));
    }
}
