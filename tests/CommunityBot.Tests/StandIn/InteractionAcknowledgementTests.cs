using System.Net;
using CommunityBot.Discord;
using CommunityBot.Discord.Models;
using CommunityBot.Discord.Rest;
using CommunityBot.Interactions;
using Microsoft.Extensions.Logging.Abstractions;
using static CommunityBot.Tests.StandIn.StandInFixture;

namespace CommunityBot.Tests.StandIn;

/// <summary>
/// Checklist §4.2: a second callback gets 40060 and a late one 10062. Our answer path (InteractionContext over the real
/// REST client) must turn 40060 into a follow-up instead of losing the message, and never retry a callback.
/// </summary>
[TestFixture]
[Category("Protocol")]
public sealed class InteractionAcknowledgementTests
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(5);

    private static async Task<(CommunityBot.StandIn.DiscordStandIn StandIn, DiscordRestClient Client, Func<Task<CommunityBot.StandIn.InteractionHandle>> Click)>
        ButtonAsync(Func<CommunityBot.StandIn.StandInOptions, CommunityBot.StandIn.StandInOptions>? tweak = null)
    {
        var standIn = await StartAsync(withSpec: true, tweak: tweak);
        var owner = standIn.CreateUser("owner");
        var guild = standIn.CreateGuild("G", owner.Id);
        var channel = guild.AddTextChannel("general");
        var rest = new DiscordRestClient(Microsoft.Extensions.Options.Options.Create(new DiscordClientOptions
        {
            Token = Token, ApiBaseUrl = standIn.ApiBaseUrl, RequestTimeout = TimeSpan.FromSeconds(5),
        }), NullLogger<DiscordRestClient>.Instance);
        var message = await rest.CreateMessageAsync(channel.Id, new CreateMessageRequest
        {
            Content = "Vote",
            Components = [new Component { Type = ComponentTypes.ActionRow, Components = [new Component { Type = ComponentTypes.Button, Style = 1, Label = "Yes", CustomId = "poll:vote:1" }] }],
        });
        return (standIn, rest, () => standIn.ClickButtonAsync(guild.Id, channel.Id, owner.Id, message.Id, "poll:vote:1"));
    }

    private static Interaction ToInteraction(CommunityBot.StandIn.InteractionHandle h, ulong applicationId) => new()
    {
        Id = h.Id, Token = h.Token, ApplicationId = applicationId, Type = h.Type, GuildId = h.GuildId, ChannelId = h.ChannelId,
        Data = new InteractionData { CustomId = "poll:vote:1", ComponentType = ComponentTypes.Button },
    };

    /// <summary>Our first callback reached Discord, but we saw it fail (say, a timeout): the interaction is acknowledged.</summary>
    private static async Task AcknowledgeBehindOurBackAsync(CommunityBot.StandIn.DiscordStandIn standIn, CommunityBot.StandIn.InteractionHandle h)
    {
        using var anonymous = Http(standIn, auth: false);
        var first = await anonymous.PostAsync($"interactions/{h.Id}/{h.Token}/callback", JsonBody("""{"type":6}"""));
        Assert.That(first.StatusCode, Is.EqualTo(HttpStatusCode.NoContent));
    }

    [Test]
    public async Task AlreadyAcknowledged_40060_TurnsTheAnswerIntoAFollowup_AndALaterDeferIsANoOp()
    {
        var (standIn, rest, click) = await ButtonAsync();
        await using var _ = standIn;
        using var __ = rest;
        var h = await click();
        await AcknowledgeBehindOurBackAsync(standIn, h);

        var ctx = new InteractionContext(ToInteraction(h, standIn.ApplicationId), rest, guildConfig: null, deferEphemeral: true);
        await ctx.RespondAsync("Your vote is counted.", ephemeral: true);

        await h.WaitForFollowupsAsync(1, Wait);
        Assert.That(h.Followups.Single().Content, Is.EqualTo("Your vote is counted."));
        Assert.That(h.Followups.Single().IsEphemeral, Is.True);
        Assert.That(h.RejectedCallbacks, Is.EqualTo(1), "exactly one callback was refused: nothing retried it");
        Assert.That(ctx.HasResponded, Is.True);

        await ctx.DeferAsync(); // already answered: no further callback
        Assert.That(h.RejectedCallbacks, Is.EqualTo(1));
        standIn.AssertNoSpecViolations();
    }

    [Test]
    public async Task DeferThatFindsTheInteractionAcknowledged_CountsAsAnswered_AndTheUpdateEditsTheOriginal()
    {
        var (standIn, rest, click) = await ButtonAsync();
        await using var _ = standIn;
        using var __ = rest;
        var h = await click();
        await AcknowledgeBehindOurBackAsync(standIn, h);

        var ctx = new InteractionContext(ToInteraction(h, standIn.ApplicationId), rest, guildConfig: null, deferEphemeral: true);
        await ctx.DeferAsync();
        Assert.That(ctx.HasResponded, Is.True);
        await ctx.UpdateMessageAsync(content: "Vote (1)");

        Assert.That(standIn.GetMessage(h.SourceMessageId!.Value)!.Content, Is.EqualTo("Vote (1)"));
        Assert.That(h.RejectedCallbacks, Is.EqualTo(1), "the defer's 40060 only; the update went to the original, not to a second callback");
        standIn.AssertNoSpecViolations();
    }

    [Test]
    public async Task LateCallback_Is10062_SurfacedOnce_AndNotRetried()
    {
        var (standIn, rest, click) = await ButtonAsync(o => new CommunityBot.StandIn.StandInOptions
        {
            Token = o.Token, OpenApiSpecPath = o.OpenApiSpecPath, InteractionDeadline = TimeSpan.FromMilliseconds(300),
        });
        await using var _ = standIn;
        using var __ = rest;
        var h = await click();
        await standIn.WaitForAsync(() => h.SinceDispatch > TimeSpan.FromMilliseconds(400), Wait);

        var ctx = new InteractionContext(ToInteraction(h, standIn.ApplicationId), rest, guildConfig: null, deferEphemeral: true);
        var error = Assert.ThrowsAsync<DiscordRestException>(() => ctx.DeferAsync());
        Assert.That(error!.Code, Is.EqualTo(DiscordRestException.UnknownInteraction));
        Assert.That(h.RejectedCallbacks, Is.EqualTo(1), "one attempt: Polly never retries a callback");
        Assert.That(ctx.HasResponded, Is.False);
    }
}
