using System.Text;
using System.Text.Json;
using CommunityBot.Configuration;
using CommunityBot.Discord.Models;
using CommunityBot.Features.Ambassadors;
using CommunityBot.Interactions;
using CommunityBot.Storage;
using CommunityBot.TestSupport;
using Moq;

namespace CommunityBot.Tests.Features.Ambassadors;

[Category("Ambassadors")]
public sealed class PointsCommandTests
{
    private const ulong Alice = 11, Mod = 99;
    private ulong _interactionId = 70_000;

    private InteractionContext Invoke(AmbassadorKit kit, ulong user, ulong permissions, params InteractionDataOption[] path)
    {
        var interaction = new Interaction
        {
            Id = ++_interactionId, ApplicationId = 1, Type = InteractionTypes.ApplicationCommand, GuildId = AmbassadorKit.Guild, Token = "t",
            Member = new GuildMember { User = new User { Id = user }, Permissions = permissions },
            Data = new InteractionData { Name = "points", Type = 1, Options = path },
        };
        var guild = new GuildConfig { GuildId = AmbassadorKit.Guild, Sections = new Dictionary<Type, object> { [typeof(AmbassadorSettings)] = Settings } };
        return new InteractionContext(interaction, kit.Rest.Object, guild, deferEphemeral: true);
    }

    private static readonly AmbassadorSettings Settings = new()
    {
        Tiers = new TierSettings { Levels = [new TierLevel { Name = "Bronze", Threshold = 100, RoleId = 5 }] },
    };

    private static InteractionDataOption Sub(string name, params InteractionDataOption[] options) =>
        new() { Name = name, Type = ApplicationCommandOptionTypes.SubCommand, Options = options };

    private static InteractionDataOption Opt(string name, object value) =>
        new() { Name = name, Type = value is string ? ApplicationCommandOptionTypes.String : ApplicationCommandOptionTypes.Integer, Value = JsonSerializer.SerializeToElement(value) };

    private static PointsCommand Command(AmbassadorKit kit) =>
        new(kit.Points, new AmbassadorQueries(kit.Db), kit.Writer, kit.Clock, CommunityBot.Localisation.Localiser<CommunityBot.Features.Ambassadors.Resources.AmbassadorStrings>.Shared);

    private static List<(InteractionResponse Response, IReadOnlyList<FileUpload>? Files)> CaptureResponses(AmbassadorKit kit)
    {
        var responses = new List<(InteractionResponse, IReadOnlyList<FileUpload>?)>();
        kit.Rest.Setup(r => r.CreateInteractionResponseAsync(It.IsAny<ulong>(), It.IsAny<string>(), It.IsAny<InteractionResponse>(), It.IsAny<IReadOnlyList<FileUpload>?>(), It.IsAny<CancellationToken>()))
            .Callback((ulong _, string _, InteractionResponse r, IReadOnlyList<FileUpload>? f, CancellationToken _) => responses.Add((r, f)))
            .Returns(Task.CompletedTask);
        kit.Rest.Setup(r => r.EditOriginalInteractionResponseAsync(It.IsAny<ulong>(), It.IsAny<string>(), It.IsAny<EditMessageRequest>(), It.IsAny<IReadOnlyList<FileUpload>?>(), It.IsAny<CancellationToken>()))
            .Callback((ulong _, string _, EditMessageRequest r, IReadOnlyList<FileUpload>? f, CancellationToken _) =>
                responses.Add((new InteractionResponse { Data = new InteractionCallbackData { Content = r.Content } }, f)))
            .ReturnsAsync(new Message());
        return responses;
    }

    [TestCaseSource(typeof(TestDatabase), nameof(TestDatabase.Providers))]
    public async Task A_member_without_moderator_rights_cannot_grant(DatabaseProvider provider)
    {
        await using var kit = await AmbassadorKit.CreateAsync(provider, Settings);
        var grant = Sub("grant", Opt("member", Alice.ToString()), Opt("amount", 50), Opt("reason", "I deserve it"));

        var refusal = Assert.ThrowsAsync<InteractionRefusedException>(() => Command(kit).ExecuteAsync(Invoke(kit, user: 12, permissions: 0, grant)));
        Assert.That(refusal!.Message, Does.Contain("Moderate Members"));
        Assert.That(await kit.TotalsAsync(Alice), Is.Null);
    }

    [TestCaseSource(typeof(TestDatabase), nameof(TestDatabase.Providers))]
    public async Task A_moderator_grants_and_the_member_sees_it_in_points_me(DatabaseProvider provider)
    {
        await using var kit = await AmbassadorKit.CreateAsync(provider, Settings);
        var responses = CaptureResponses(kit);
        await Command(kit).ExecuteAsync(Invoke(kit, Mod, Permissions.ModerateMembers,
            Sub("grant", Opt("member", Alice.ToString()), Opt("amount", 40), Opt("reason", "ran the @everyone meetup"))));
        await Command(kit).ExecuteAsync(Invoke(kit, Alice, 0, Sub("me")));

        Assert.That(responses[0].Response.Data!.Content, Does.Contain("Granted 40 points"));
        var me = responses[1].Response.Data!;
        Assert.That(me.Flags, Is.EqualTo(MessageFlags.Ephemeral));
        Assert.That(me.AllowedMentions!.Parse, Is.Empty);
        var text = string.Join("\n", me.Embeds![0].Fields!.Select(f => $"{f.Name}: {f.Value}"));
        Assert.That(text, Does.Contain("Balance: 40 points").And.Contain("#1 of 1").And.Contain("Bronze at 100").And.Contain("60 to go").And.Contain("ran the @everyone meetup"));
    }

    [TestCaseSource(typeof(TestDatabase), nameof(TestDatabase.Providers))]
    public async Task Export_attaches_the_ledger_as_formula_safe_csv(DatabaseProvider provider)
    {
        await using var kit = await AmbassadorKit.CreateAsync(provider, Settings);
        var responses = CaptureResponses(kit);
        await kit.Points.GrantAsync(AmbassadorKit.Guild, Alice, 5, "=HYPERLINK(\"x\"), thanks", Mod, 1);

        Assert.ThrowsAsync<InteractionRefusedException>(() => Command(kit).ExecuteAsync(Invoke(kit, Mod, Permissions.ModerateMembers, Sub("export"))), "admins only");
        await Command(kit).ExecuteAsync(Invoke(kit, 1, Permissions.ManageGuild, Sub("export")));

        var file = responses.Single(r => r.Files is { Count: > 0 }).Files![0];
        var csv = Encoding.UTF8.GetString(file.Content.Span).Split('\n');
        Assert.That(file.FileName, Does.EndWith(".csv"));
        Assert.That(csv[0], Does.StartWith("entry_id,member_id,amount"));
        Assert.That(csv[1], Does.Contain($",{Alice},5,manual,").And.Contain("\"'=HYPERLINK(\"\"x\"\"), thanks\""));
    }
}
