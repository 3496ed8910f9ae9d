using System.Net;
using CommunityBot.Discord;
using CommunityBot.Discord.Models;
using CommunityBot.Discord.Rest;
using CommunityBot.Tests.Discord.Fakes;
using Microsoft.Extensions.Logging.Abstractions;

namespace CommunityBot.Tests.Discord;

/// <summary>Checklist §6.3 embed limits (checked before sending) and §7.1 / §1.4 snowflake facts.</summary>
[Category("Protocol")]
public class MessageLimitsTests
{
    private static DiscordRestClient Client(ScriptedHttpHandler http) =>
        new(new DiscordClientOptions { Token = "t", ApiBaseUrl = "https://discord.test/api/v10" }, NullLogger.Instance, http, new ManualTimeProvider(), TimeSpan.Zero);

    [Test]
    public void EmbedsOverALimit_AreRefusedBeforeAnyRequest_NamingTheFieldAndTheLimit()
    {
        var http = new ScriptedHttpHandler();
        using var rest = Client(http);
        var longValue = new Embed { Title = "ok", Fields = [new EmbedField { Name = "a", Value = "b" }, new EmbedField { Name = "n", Value = new string('x', 1025) }] };

        var create = Assert.ThrowsAsync<ArgumentException>(() => rest.CreateMessageAsync(1, new CreateMessageRequest { Embeds = [longValue] }));
        Assert.That(create!.Message, Does.Contain("embeds[0].fields[1].value has 1025 characters").And.Contain("1024"));
        var followup = Assert.ThrowsAsync<ArgumentException>(() => rest.CreateFollowupMessageAsync(2, "tok",
            new CreateMessageRequest { Embeds = Enumerable.Repeat(new Embed { Title = "t" }, 11).ToArray() }));
        Assert.That(followup!.Message, Does.Contain("11 embeds"));
        var callback = Assert.ThrowsAsync<ArgumentException>(() => rest.CreateInteractionResponseAsync(3, "tok", new InteractionResponse
        {
            Type = InteractionCallbackTypes.ChannelMessageWithSource,
            Data = new InteractionCallbackData { Embeds = [new Embed { Title = new string('t', 257) }] },
        }));
        Assert.That(callback!.Message, Does.Contain("embeds[0].title"));
        Assert.That(http.Requests, Is.Empty, "nothing reached Discord");
    }

    [Test]
    public void TheSixThousandCharacterTotal_CountsEveryTextOfEveryEmbed_AndEmojiCountOnce()
    {
        // 2 embeds x (description 2990 + footer 10) = 6000: allowed; one more character is not.
        var atLimit = Enumerable.Range(0, 2).Select(_ => new Embed { Description = new string('d', 2990), Footer = new EmbedFooter { Text = new string('f', 10) } }).ToArray();
        Assert.DoesNotThrow(() => EmbedLimits.Validate(atLimit));
        var over = atLimit.Append(new Embed { Author = new EmbedAuthor { Name = "a" } }).ToArray();
        Assert.That(() => EmbedLimits.Validate(over), Throws.ArgumentException.With.Message.Contains("6001"));

        // 256 emoji are 512 UTF-16 units but 256 characters, as Discord counts them.
        Assert.DoesNotThrow(() => EmbedLimits.Validate([new Embed { Title = string.Concat(Enumerable.Repeat("🎉", 256)) }]));
        Assert.DoesNotThrow(() => EmbedLimits.Validate(null));
        Assert.That(() => EmbedLimits.Validate([new Embed { Fields = Enumerable.Repeat(new EmbedField { Name = "n", Value = "v" }, 26).ToArray() }]),
            Throws.ArgumentException.With.Message.Contains("26 fields"));
    }

    [Test]
    public async Task ContentOver2000Characters_IsRefusedBeforeAnyRequest_On_EveryMessagePath()
    {
        var http = new ScriptedHttpHandler();
        http.Then(HttpStatusCode.OK, """{"id":"5","channel_id":"1","content":"","timestamp":"2026-01-01T00:00:00+00:00"}""");
        using var rest = Client(http);
        var tooLong = new string('c', 2001);

        var create = Assert.ThrowsAsync<ArgumentException>(() => rest.CreateMessageAsync(1, new CreateMessageRequest { Content = tooLong }));
        Assert.That(create!.Message, Does.Contain("content has 2001 characters").And.Contain("2000"));
        Assert.ThrowsAsync<ArgumentException>(() => rest.EditMessageAsync(1, 5, new EditMessageRequest { Content = tooLong }));
        Assert.ThrowsAsync<ArgumentException>(() => rest.CreateFollowupMessageAsync(2, "tok", new CreateMessageRequest { Content = tooLong }));
        Assert.ThrowsAsync<ArgumentException>(() => rest.EditOriginalInteractionResponseAsync(2, "tok", new EditMessageRequest { Content = tooLong }));
        Assert.ThrowsAsync<ArgumentException>(() => rest.CreateInteractionResponseAsync(3, "tok", new InteractionResponse
        {
            Type = InteractionCallbackTypes.ChannelMessageWithSource,
            Data = new InteractionCallbackData { Content = tooLong },
        }));
        Assert.That(http.Requests, Is.Empty, "nothing reached Discord");

        // 2000 emoji are 4000 UTF-16 units but 2000 characters: allowed.
        await rest.CreateMessageAsync(1, new CreateMessageRequest { Content = string.Concat(Enumerable.Repeat("🎉", 2000)) });
        Assert.That(http.Requests, Has.Count.EqualTo(1));
    }

    [Test]
    public async Task EmbedsWithinTheLimits_AreSent()
    {
        var http = new ScriptedHttpHandler();
        http.Then(HttpStatusCode.OK, """{"id":"5","channel_id":"1","content":"","timestamp":"2026-01-01T00:00:00+00:00"}""");
        using var rest = Client(http);
        await rest.CreateMessageAsync(1, new CreateMessageRequest { Embeds = [new Embed { Title = new string('t', 256), Description = "d" }] });
        Assert.That(http.Requests, Has.Count.EqualTo(1));
    }

    [Test]
    public async Task Modals_OutOfBounds_AreRefusedBeforeTheCallback_AndAModalWithinThemIsSent()
    {
        var http = new ScriptedHttpHandler();
        http.Then(HttpStatusCode.NoContent, "");
        using var rest = Client(http);
        static Component Input(int i) => new() { Type = ComponentTypes.Label, Label = $"Field {i}", Child = new Component { Type = ComponentTypes.TextInput, CustomId = $"f{i}", Style = 1 } };
        InteractionResponse Modal(string customId, string title, int components) => new()
        {
            Type = InteractionCallbackTypes.Modal,
            Data = new InteractionCallbackData { CustomId = customId, Title = title, Components = Enumerable.Range(0, components).Select(Input).ToArray() },
        };

        Assert.That(Assert.ThrowsAsync<ArgumentException>(() => rest.CreateInteractionResponseAsync(1, "t", Modal("m", "Form", 6)))!.Message, Does.Contain("1–5 components (has 6)"));
        Assert.That(Assert.ThrowsAsync<ArgumentException>(() => rest.CreateInteractionResponseAsync(1, "t", Modal("m", "Form", 0)))!.Message, Does.Contain("has 0"));
        Assert.That(Assert.ThrowsAsync<ArgumentException>(() => rest.CreateInteractionResponseAsync(1, "t", Modal(new string('c', 101), "Form", 1)))!.Message, Does.Contain("custom_id"));
        Assert.That(Assert.ThrowsAsync<ArgumentException>(() => rest.CreateInteractionResponseAsync(1, "t", Modal("m", new string('t', 46), 1)))!.Message, Does.Contain("title must be 1–45"));
        Assert.That(http.Requests, Is.Empty, "nothing reached Discord");

        await rest.CreateInteractionResponseAsync(1, "t", Modal(new string('c', 100), new string('t', 45), 5));
        Assert.That(http.Requests, Has.Count.EqualTo(1));
    }

    [Test]
    public void ALongModalTitle_IsClippedTo45_WithoutSplittingAnEmoji()
    {
        Assert.That(ModalLimits.ClipTitle("Short"), Is.EqualTo("Short"));
        Assert.That(ModalLimits.ClipTitle(new string('t', 60)), Is.EqualTo(new string('t', 45)));
        // The emoji's two UTF-16 units sit at positions 44 and 45: keeping one would send half a character.
        var clipped = ModalLimits.ClipTitle(new string('a', 44) + "🎉 party");
        Assert.That(clipped, Is.EqualTo(new string('a', 44)));
        Assert.DoesNotThrow(() => ModalLimits.Validate(new InteractionResponse
        {
            Type = InteractionCallbackTypes.Modal,
            Data = new InteractionCallbackData { CustomId = "m", Title = clipped, Components = [new Component { Type = ComponentTypes.Label }] },
        }));
    }

    [Test]
    public void Snowflake_Timestamp_Pagination_AndShardFormula_FollowTheDocs()
    {
        // REF § Snowflakes example: 175928847299117063 was created at 2016-04-30 11:18:25.796 UTC.
        Assert.That(Snowflake.CreatedAt(175928847299117063), Is.EqualTo(DateTimeOffset.FromUnixTimeMilliseconds(1462015105796)));
        var at = DateTimeOffset.FromUnixTimeMilliseconds(1462015105796);
        Assert.That(Snowflake.AtTime(at), Is.EqualTo(175928847299117063UL >> 22 << 22), "worker, process and increment bits are zero");
        Assert.That(Snowflake.CreatedAt(Snowflake.AtTime(at)), Is.EqualTo(at));

        // G § Sharding Formula: (guild_id >> 22) % num_shards; DMs (no guild) go to shard 0.
        const ulong guild = 41771983423143937;
        Assert.That(Snowflake.ShardFor(guild, 1), Is.Zero);
        Assert.That(Snowflake.ShardFor(guild, 16), Is.EqualTo((int)((guild >> 22) % 16)));
        Assert.That(Snowflake.ShardFor(null, 16), Is.Zero);
        Assert.That(() => Snowflake.ShardFor(guild, 0), Throws.InstanceOf<ArgumentOutOfRangeException>());
    }
}
