using System.Text.Json;
using CommunityBot.Discord.Models;
using CommunityBot.Interactions;

namespace CommunityBot.Tests.Interactions;

[Category("Host")]
public sealed class InteractionPrimitivesTests
{
    [Test]
    public void Custom_ids_are_held_to_their_declared_shape_exact_segment_count_and_canonical_numbers()
    {
        var vote = new ComponentAction("v", CustomIdArg.Number, CustomIdArg.Number);
        bool Accepts(string raw) => CustomId.TryParse(raw, out var id) && vote.Accepts(id);

        Assert.That(Accepts("poll:v:1:1"), Is.True);
        Assert.That(Accepts("poll:v:0:10"), Is.True);
        foreach (var bad in new[] { "poll:v:1:1:extra", "poll:v:1", "poll:v:1 :1", "poll:v: 1:1", "poll:v:01:1", "poll:v:+1:1", "poll:v:-1:1",
                     "poll:v:1.0:1", "poll:v:１:1", "poll:v:99999999999999999999:1", "poll:w:1:1" })
            Assert.That(Accepts(bad), Is.False, bad);

        var survey = new ComponentAction("start", CustomIdArg.Word);
        Assert.That(CustomId.TryParse("survey:start:team-2026", out var ok) && survey.Accepts(ok), Is.True);
        Assert.That(CustomId.TryParse("survey:start:team 2026", out var spaced) && survey.Accepts(spaced), Is.False);

        // The accessors a handler uses read numbers the same strict way.
        Assert.That(CustomId.TryParse("x:y: 7", out var padded), Is.True);
        Assert.Throws<InteractionRefusedException>(() => padded.LongArg(0));
        Assert.That(CustomId.TryParse("x:y:7", out var plain) ? plain.LongArg(0) : 0, Is.EqualTo(7));
    }

    [Test]
    public void Custom_ids_round_trip_and_refuse_separators_and_overlong_values()
    {
        var id = CustomId.Create("poll", "vote", 42, 3);
        Assert.That(id, Is.EqualTo("poll:vote:42:3"));
        Assert.That(CustomId.TryParse(id, out var parsed), Is.True);
        Assert.That((parsed.Feature, parsed.Action, parsed.LongArg(0), parsed.IntArg(1)), Is.EqualTo(("poll", "vote", 42L, 3)));

        Assert.Throws<ArgumentException>(() => CustomId.Create("poll", "vo:te"));
        Assert.Throws<ArgumentException>(() => CustomId.Create("poll", "vote", new string('x', 100)));
        Assert.That(CustomId.TryParse("justone", out _), Is.False);
        Assert.That(CustomId.TryParse("a::b", out _), Is.False);
        Assert.Throws<InteractionRefusedException>(() => parsed.LongArg(5));
    }

    [Test]
    public void Options_are_read_below_subcommand_groups_and_validated_with_named_rules()
    {
        var data = new InteractionData
        {
            Name = "points",
            Options =
            [
                new InteractionDataOption
                {
                    Name = "season", Type = ApplicationCommandOptionTypes.SubCommandGroup,
                    Options = [new InteractionDataOption
                    {
                        Name = "start", Type = ApplicationCommandOptionTypes.SubCommand,
                        Options =
                        [
                            new InteractionDataOption { Name = "name", Type = 3, Value = JsonSerializer.SerializeToElement("  Spring  ") },
                            new InteractionDataOption { Name = "weeks", Type = 4, Value = JsonSerializer.SerializeToElement(60) },
                        ],
                    }],
                },
            ],
        };
        var options = new CommandOptions(data);
        Assert.That(options.Subcommand, Is.EqualTo("season start"));
        Assert.That(options.RequiredString("name", maxLength: 20), Is.EqualTo("Spring"));
        var tooLong = Assert.Throws<InteractionRefusedException>(() => options.RequiredString("name", maxLength: 3));
        Assert.That(tooLong!.Message, Is.EqualTo("Option `name` must be at most 3 characters (it has 6)."));
        Assert.That(Assert.Throws<InteractionRefusedException>(() => options.RequiredInteger("weeks", max: 52))!.Message, Is.EqualTo("Option `weeks` must be at most 52."));
        Assert.That(Assert.Throws<InteractionRefusedException>(() => options.RequiredSnowflake("member"))!.Message, Is.EqualTo("Option `member` is required."));
    }

    [Test]
    public void Access_levels_come_from_permissions_or_configured_roles()
    {
        var guild = new CommunityBot.Configuration.GuildConfig { GuildId = 1, ModeratorRoleIds = [7], AdminRoleIds = [8], Sections = new Dictionary<Type, object>() };
        InteractionContext Ctx(ulong permissions, params ulong[] roles) => new(new Interaction
        {
            Id = 1, Type = InteractionTypes.ApplicationCommand, GuildId = 1,
            Member = new GuildMember { User = new User { Id = 5 }, Roles = roles, Permissions = permissions },
        }, Moq.Mock.Of<CommunityBot.Discord.Rest.IDiscordRestClient>(), guild, true);

        Assert.That(Ctx(0).IsModerator, Is.False);
        Assert.That(Ctx(0, 7).IsModerator, Is.True);
        Assert.That(Ctx(0, 7).IsAdmin, Is.False);
        Assert.That(Ctx(Permissions.ModerateMembers).IsModerator, Is.True);
        Assert.That(Ctx(Permissions.ManageGuild).IsAdmin, Is.True);
        Assert.That(Ctx(Permissions.Administrator).IsAdmin, Is.True);
        Assert.That(Ctx(0, 8).IsModerator, Is.True, "admins are moderators too");
        Assert.That(Assert.Throws<InteractionRefusedException>(() => Ctx(0).Require(AccessLevel.Moderator))!.Message, Does.Contain("Moderate Members"));
    }

    [Test]
    public void A_dm_interaction_names_the_user_from_user_and_refuses_server_only_work_plainly()
    {
        var ctx = new InteractionContext(new Interaction
        {
            Id = 1, Type = InteractionTypes.MessageComponent, ChannelId = 9, User = new User { Id = 5 },
            Data = new InteractionData { CustomId = "mod:appeal:3" },
        }, Moq.Mock.Of<CommunityBot.Discord.Rest.IDiscordRestClient>(), guildConfig: null, true);

        Assert.That(ctx.UserId, Is.EqualTo(5UL), "no member in a DM: the invoker is `user`");
        Assert.That(ctx.ChannelId, Is.EqualTo(9UL));
        Assert.That(ctx.IsModerator, Is.False, "no guild permissions reach a DM");
        Assert.That(Assert.Throws<InteractionRefusedException>(() => _ = ctx.GuildId)!.Message, Does.Contain("inside a server"));
        Assert.That(Assert.Throws<InteractionRefusedException>(() => ctx.Section<object>("The FAQ"))!.Message,
            Is.EqualTo("This only works inside a server."), "not blamed on a missing config");
    }
}
