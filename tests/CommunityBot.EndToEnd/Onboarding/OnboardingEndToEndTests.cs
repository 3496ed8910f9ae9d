using System.Text.Json;
using System.Text.Json.Nodes;
using CommunityBot.Configuration;
using CommunityBot.Features.Onboarding;
using CommunityBot.Hosting;
using CommunityBot.Jobs;
using CommunityBot.Sandbox;
using CommunityBot.StandIn;
using CommunityBot.Storage;
using CommunityBot.Tests.Features.Onboarding;
using CommunityBot.TestSupport;
using Dapper;

namespace CommunityBot.EndToEnd.Onboarding;

/// <summary>Onboarding against the stand-in over real sockets, on SQLite and PostgreSQL: what a newcomer and the staff see.</summary>
[Category("Onboarding")]
public sealed class OnboardingEndToEndTests
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(15);

    private static void Configure(SeededCommunity c, JsonObject guild, double? nudgeHours = null, bool dm = true, string[]? interests = null, string? rejoinMessage = null)
    {
        var section = new JsonObject
        {
            ["channels"] = new JsonObject { ["rules"] = Id(c.Channel("rules")), ["intros"] = Id(c.Channel("introductions")), ["help"] = Id(c.Channel("help")) },
            ["welcome"] = new JsonObject
            {
                ["channelId"] = Id(c.Channel("welcome")),
                ["message"] = "Welcome {user} to {server}! You are member #{memberCount}. Start with {channel:rules}.",
            },
            ["autoRoles"] = new JsonObject { ["roleIds"] = new JsonArray(Id(c.Role("interest-events"))) },
            ["rules"] = new JsonObject
            {
                ["channelId"] = Id(c.Channel("rules")),
                ["title"] = "Rules of {server}",
                ["text"] = "1. Be kind. 2. Questions go to {channel:help}.",
                ["memberRoleId"] = Id(c.Role("member")),
                ["newcomerRoleId"] = Id(c.Role("newcomer")),
                ["firstSteps"] = "Welcome aboard, {user.name}! Introduce yourself in {channel:intros}.",
            },
            ["interests"] = new JsonObject
            {
                ["maxValues"] = Math.Min(2, (interests ?? ["interest-design", "interest-dev"]).Length),
                ["roles"] = new JsonArray((interests ?? ["interest-design", "interest-dev"])
                    .Select(r => (JsonNode)new JsonObject { ["roleId"] = Id(c.Role(r)), ["label"] = r["interest-".Length..] }).ToArray()),
            },
        };
        if (dm) section["welcome"]!["directMessage"] = "Hi {user.name}, welcome to {server}!";
        if (rejoinMessage is not null)
        {
            section["welcome"]!["rejoinMessage"] = rejoinMessage;
            section["rejoin"] = new JsonObject { ["mode"] = "restore" };
        }
        if (nudgeHours is { } hours) section["nudge"] = new JsonObject { ["afterHours"] = hours, ["message"] = "Hi {user.name}, accept the rules in {channel:rules} to join in." };
        guild["onboarding"] = section;
    }

    private static string Id(ulong id) => id.ToString();

    private static Task<BotTestHost> StartAsync(DatabaseProvider provider, double? nudgeHours = null, bool dm = true, string? rejoinMessage = null) =>
        BotTestHost.StartAsync(new BotTestHostOptions { Provider = provider, ConfigureGuild = (c, g) => Configure(c, g, nudgeHours, dm, rejoinMessage: rejoinMessage) });

    private static async Task<StandInMessage> PublishAsync(BotTestHost bot)
    {
        var publish = await bot.StandIn.InvokeSlashCommandAsync(bot.GuildId, bot.Community.Channel("admin"), bot.Community.Person("ada-admin"), "onboarding", new SlashOption("publish"));
        var answer = await publish.WaitForResponseAsync(Wait);
        Assert.That(answer.IsEphemeral, Is.True);
        Assert.That(answer.Content, Does.Contain($"<#{bot.Community.Channel("rules")}>"));
        var posted = bot.StandIn.Messages(bot.Community.Channel("rules")).Where(m => m.AuthorId == bot.StandIn.BotUser.Id && m.InteractionId is null).ToList();
        Assert.That(posted, Has.Count.EqualTo(1), string.Join(" | ", posted.Select(m => $"{m.Id} eph={m.IsEphemeral} {m.Content}")));
        return posted[0];
    }

    private static Task<Journey?> JourneyAsync(BotTestHost bot, ulong memberId) => bot.Service<OnboardingRepository>().GetLatestAsync(bot.GuildId, memberId);

    private static IReadOnlyList<StandInMessage> WelcomesFor(BotTestHost bot, ulong memberId) =>
        bot.StandIn.Messages(bot.Community.Channel("welcome")).Where(m => m.Content.Contains($"<@{memberId}>")).ToList();

    private static IReadOnlyList<ulong> RolesOf(BotTestHost bot, ulong memberId) => bot.StandIn.Member(bot.GuildId, memberId)?.Roles ?? [];

    [TestCaseSource(typeof(TestDatabase), nameof(TestDatabase.Providers))]
    public async Task A_join_is_welcomed_with_the_template_filled_a_DM_and_roles(DatabaseProvider provider)
    {
        await using var bot = await StartAsync(provider);
        var nina = bot.Community.Person(SeededCommunity.NewcomerPersona);
        await bot.StandIn.MemberJoinAsync(bot.GuildId, nina);

        await bot.StandIn.WaitForAsync(() => WelcomesFor(bot, nina).Count == 1 && bot.StandIn.DmsTo(nina).Count == 1
                                             && RolesOf(bot, nina).Contains(bot.Community.Role("interest-events")), Wait, "the welcome, DM and roles");
        var welcome = WelcomesFor(bot, nina).Single();
        var memberCount = bot.StandIn.Members(bot.GuildId).Count;
        Assert.That(welcome.Content, Is.EqualTo(
            $"Welcome <@{nina}> to Sandbox Community! You are member #{memberCount}. Start with <#{bot.Community.Channel("rules")}>."));
        var mentions = welcome.AllowedMentions!.Value;
        Assert.That(mentions.GetProperty("parse").GetArrayLength(), Is.Zero, "never @everyone or roles");
        Assert.That(mentions.GetProperty("users").EnumerateArray().Select(u => u.GetString()), Is.EqualTo(new[] { Id(nina) }), "only the newcomer");
        Assert.That(bot.StandIn.DmsTo(nina).Single().Content, Is.EqualTo($"Hi {SeededCommunity.NewcomerPersona}, welcome to Sandbox Community!"));
        Assert.That(RolesOf(bot, nina), Is.EquivalentTo(new[] { bot.Community.Role("newcomer"), bot.Community.Role("interest-events") }));
        bot.StandIn.AssertNoSpecViolations();
    }

    [TestCaseSource(typeof(TestDatabase), nameof(TestDatabase.Providers))]
    public async Task A_member_with_closed_DMs_is_recorded_and_not_retried(DatabaseProvider provider)
    {
        await using var bot = await StartAsync(provider);
        var closed = bot.StandIn.CreateUser("private-person");
        closed.DmsClosed = true;
        await bot.StandIn.MemberJoinAsync(bot.GuildId, closed.Id);

        await Eventually.TrueAsync(async () => (await JourneyAsync(bot, closed.Id))?.WelcomeDmStatus == DmStatus.Closed, "the closed DM to be recorded", Wait);
        await Eventually.TrueAsync(async () => !await bot.Service<IJobScheduler>().ExistsAsync(WelcomeJob.JobKind, (await JourneyAsync(bot, closed.Id))!.JobKey),
            "the welcome job to finish rather than retry", Wait);
        Assert.That(WelcomesFor(bot, closed.Id), Has.Count.EqualTo(1), "the public welcome still went out");
        Assert.That(bot.StandIn.Requests.Count(r => r.ErrorCode == 50007), Is.EqualTo(1), "one refused DM, no retries");
        Assert.That(RolesOf(bot, closed.Id), Does.Contain(bot.Community.Role("newcomer")));
        bot.StandIn.AssertNoSpecViolations();
    }

    [TestCaseSource(typeof(TestDatabase), nameof(TestDatabase.Providers))]
    public async Task A_repeated_join_event_welcomes_once(DatabaseProvider provider)
    {
        await using var bot = await StartAsync(provider);
        var nina = bot.Community.Person(SeededCommunity.NewcomerPersona);
        var member = await bot.StandIn.MemberJoinAsync(bot.GuildId, nina);
        var repeat = new JsonObject
        {
            ["guild_id"] = Id(bot.GuildId),
            ["user"] = new JsonObject { ["id"] = Id(nina), ["username"] = SeededCommunity.NewcomerPersona, ["discriminator"] = "0", ["global_name"] = null, ["avatar"] = null },
            ["roles"] = new JsonArray(),
            ["joined_at"] = member.JoinedAt.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffffzzz"),
            ["deaf"] = false, ["mute"] = false, ["flags"] = 0,
        };
        await bot.StandIn.Faults.SendRawDispatchAsync("GUILD_MEMBER_ADD", repeat);
        await bot.StandIn.Faults.SendRawDispatchAsync("GUILD_MEMBER_ADD", repeat.DeepClone());

        await bot.StandIn.WaitForAsync(() => WelcomesFor(bot, nina).Count >= 1 && bot.StandIn.DmsTo(nina).Count >= 1, Wait, "the welcome");
        await bot.RestartAsync(); // a graceful stop drains every in-flight handler and job: nothing can still be on its way

        Assert.That(WelcomesFor(bot, nina), Has.Count.EqualTo(1));
        Assert.That(bot.StandIn.DmsTo(nina), Has.Count.EqualTo(1));
        bot.StandIn.AssertNoSpecViolations();
    }

    [TestCaseSource(typeof(TestDatabase), nameof(TestDatabase.Providers))]
    public async Task Accepting_the_rules_changes_roles_answers_with_first_steps_and_is_harmless_twice(DatabaseProvider provider)
    {
        await using var bot = await StartAsync(provider, dm: false);
        var rules = await PublishAsync(bot);
        var embed = rules.Embeds!.Value[0];
        Assert.That(embed.GetProperty("title").GetString(), Is.EqualTo("Rules of Sandbox Community"));
        Assert.That(embed.GetProperty("description").GetString(), Is.EqualTo($"1. Be kind. 2. Questions go to <#{bot.Community.Channel("help")}>."));

        var nina = bot.Community.Person(SeededCommunity.NewcomerPersona);
        await bot.StandIn.MemberJoinAsync(bot.GuildId, nina);
        await bot.StandIn.WaitForAsync(() => RolesOf(bot, nina).Contains(bot.Community.Role("newcomer")), Wait, "the newcomer role");

        var click = await bot.StandIn.ClickButtonAsync(bot.GuildId, rules.ChannelId, nina, rules.Id, RulesMessage.AcceptId);
        var answer = await click.WaitForResponseAsync(Wait);
        Assert.That(answer.IsEphemeral, Is.True);
        Assert.That(answer.Content, Is.EqualTo($"Welcome aboard, {SeededCommunity.NewcomerPersona}! Introduce yourself in <#{bot.Community.Channel("introductions")}>."));
        Assert.That(RolesOf(bot, nina), Does.Contain(bot.Community.Role("member")).And.Not.Contain(bot.Community.Role("newcomer")));
        var acceptedAt = (await JourneyAsync(bot, nina))!.AcceptedAtMs;
        Assert.That(acceptedAt, Is.Not.Null);

        bot.Clock.Advance(TimeSpan.FromMinutes(5));
        var again = await (await bot.StandIn.ClickButtonAsync(bot.GuildId, rules.ChannelId, nina, rules.Id, RulesMessage.AcceptId)).WaitForResponseAsync(Wait);
        Assert.That(again.Content, Does.StartWith("Welcome aboard"));
        Assert.That((await JourneyAsync(bot, nina))!.AcceptedAtMs, Is.EqualTo(acceptedAt), "the first acceptance time is kept");
        Assert.That(RolesOf(bot, nina).Count(r => r == bot.Community.Role("member")), Is.EqualTo(1));

        var republished = await PublishAsync(bot);
        Assert.That(republished.Id, Is.EqualTo(rules.Id), "publishing again edits the same message");
        bot.StandIn.AssertNoSpecViolations();
    }

    /// <summary>
    /// Rejoin mode <c>restore</c>: Nina joins, accepts the rules, picks an interest, leaves a day later and comes back.
    /// Her member role and interest come straight back through Discord's REST API, she gets the rejoin message and the
    /// short welcome-back DM instead of a second first-time welcome (once, though Discord repeats the join), no newcomer
    /// role and no reminder, and the funnel
    /// counts two joins (one returning), two acceptances and one departure.
    /// </summary>
    [TestCaseSource(typeof(TestDatabase), nameof(TestDatabase.Providers))]
    public async Task A_returning_member_gets_the_member_role_back_and_the_rejoin_message_once(DatabaseProvider provider)
    {
        await using var bot = await StartAsync(provider, nudgeHours: 2, rejoinMessage: "Welcome back {user}! Your access to {server} is restored.");
        var rules = await PublishAsync(bot);
        var nina = bot.Community.Person(SeededCommunity.NewcomerPersona);
        var (member, newcomer, events, design) = (bot.Community.Role("member"), bot.Community.Role("newcomer"), bot.Community.Role("interest-events"), bot.Community.Role("interest-design"));

        await bot.StandIn.MemberJoinAsync(bot.GuildId, nina);
        await bot.StandIn.WaitForAsync(() => WelcomesFor(bot, nina).Count == 1 && RolesOf(bot, nina).Contains(newcomer), Wait, "the first welcome and the newcomer role");
        await (await bot.StandIn.ClickButtonAsync(bot.GuildId, rules.ChannelId, nina, rules.Id, RulesMessage.AcceptId)).WaitForResponseAsync(Wait);
        await (await bot.StandIn.SelectAsync(bot.GuildId, rules.ChannelId, nina, rules.Id, RulesMessage.InterestsId, Id(design))).WaitForResponseAsync(Wait);
        Assert.That(RolesOf(bot, nina), Is.EquivalentTo(new[] { member, events, design }));

        bot.Clock.Advance(TimeSpan.FromDays(1));
        await bot.StandIn.MemberLeaveAsync(bot.GuildId, nina);
        await Eventually.TrueAsync(async () => (await JourneyAsync(bot, nina))?.LeftAtMs is not null, "the departure recorded", Wait);
        var restoresBefore = RoleGrants(bot, nina, member);

        var back = await bot.StandIn.MemberJoinAsync(bot.GuildId, nina);
        await bot.StandIn.Faults.SendRawDispatchAsync("GUILD_MEMBER_ADD", new JsonObject
        {
            ["guild_id"] = Id(bot.GuildId),
            ["user"] = new JsonObject { ["id"] = Id(nina), ["username"] = SeededCommunity.NewcomerPersona, ["discriminator"] = "0", ["global_name"] = null, ["avatar"] = null },
            ["roles"] = new JsonArray(), ["joined_at"] = back.JoinedAt.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffffzzz"), ["deaf"] = false, ["mute"] = false, ["flags"] = 0,
        });
        try
        {
            await bot.StandIn.WaitForAsync(() => RolesOf(bot, nina).Contains(member) && WelcomesFor(bot, nina).Count == 2, Wait, "the member role restored and the rejoin message");
        }
        catch (TimeoutException)
        {
            Assert.Fail("No restore: " + await DescribeAsync(bot, nina));
        }
        await Eventually.TrueAsync(async () => (await JourneyAsync(bot, nina)) is { IsRejoin: true, WelcomeDmStatus: not null }, "the rejoin welcome finished", Wait);

        bot.Clock.Advance(TimeSpan.FromHours(3)); // past the reminder time: a restored member is not nudged
        await bot.RestartAsync(); // a graceful stop drains every handler and job: nothing can still be on its way

        Assert.That(RoleGrants(bot, nina, member), Is.EqualTo(restoresBefore + 1), "the member role was given back once, through REST");
        Assert.That(RolesOf(bot, nina), Is.EquivalentTo(new[] { member, events, design }), "member role, auto-role and the interest she picked; no newcomer role");
        var welcomes = WelcomesFor(bot, nina).Select(m => m.Content).ToList();
        Assert.That(welcomes[0], Does.StartWith($"Welcome <@{nina}> to Sandbox Community!"));
        Assert.That(welcomes[1], Is.EqualTo($"Welcome back <@{nina}>! Your access to Sandbox Community is restored."));
        Assert.That(welcomes, Has.Count.EqualTo(2), "one welcome per join, the rejoin message the second time");
        Assert.That(bot.StandIn.DmsTo(nina).Select(m => m.Content), Is.EqualTo(new[]
        {
            $"Hi {SeededCommunity.NewcomerPersona}, welcome to Sandbox Community!",
            $"Welcome back to Sandbox Community, {SeededCommunity.NewcomerPersona}! Your access and the interests you picked are restored.",
        }), "the full welcome DM, then the default welcome-back once, and no reminder");
        var journey = (await JourneyAsync(bot, nina))!;
        Assert.That((journey.AcceptedVia, journey.AcceptedBefore, journey.NudgedAtMs), Is.EqualTo((AcceptedVia.Restored, true, (long?)null)));

        var stats = await (await bot.StandIn.InvokeSlashCommandAsync(bot.GuildId, bot.Community.Channel("mod-queue"), bot.Community.Person("max-moderator"), "onboarding",
            new SlashOption("stats").With("days", 30))).WaitForResponseAsync(Wait);
        var text = stats.Data!.Value.GetProperty("embeds")[0].GetProperty("description").GetString();
        Assert.That(text, Does.Contain("Members who joined in the last **30** days: **2** (1 returning)"), text);
        Assert.That(text, Does.Contain("1. Accepted the rules: **2** · 100% of previous step · 100% of joined"), text);
        Assert.That(text, Does.Contain("Left: **1** · 50% of joined"), text);
        bot.StandIn.AssertNoSpecViolations();
    }

    /// <summary>
    /// Restored interests are the member's last menu choice as the server stands at the rejoin: of Nina's three picks,
    /// "dev" was dropped from the config and "music" deleted from the server while she was away, so only "design" comes
    /// back. Her second DM is the configured welcome-back (no rules walkthrough), sent once though the join is repeated.
    /// </summary>
    [TestCaseSource(typeof(TestDatabase), nameof(TestDatabase.Providers))]
    public async Task A_restored_member_gets_the_interests_still_offered_back_and_one_short_welcome_back_DM(DatabaseProvider provider)
    {
        const string welcomeBack = "Welcome back to {server}, {user.name}! Good to see you again.";
        await using var bot = await StartAsync(provider, rejoinMessage: "Welcome back {user}!");
        var music = bot.StandIn.Guild(bot.GuildId).AddRole("interest-music").Id;
        var (member, events, design, dev) = (bot.Community.Role("member"), bot.Community.Role("interest-events"), bot.Community.Role("interest-design"), bot.Community.Role("interest-dev"));
        await ReconfigureAsync(bot, (c, g) => ConfigureInterests(c, g, welcomeBack, design, dev, music));
        var rules = await PublishAsync(bot);

        var nina = bot.Community.Person(SeededCommunity.NewcomerPersona);
        await bot.StandIn.MemberJoinAsync(bot.GuildId, nina);
        await bot.StandIn.WaitForAsync(() => bot.StandIn.DmsTo(nina).Count == 1 && RolesOf(bot, nina).Contains(bot.Community.Role("newcomer")), Wait, "the first welcome");
        await (await bot.StandIn.ClickButtonAsync(bot.GuildId, rules.ChannelId, nina, rules.Id, RulesMessage.AcceptId)).WaitForResponseAsync(Wait);
        await (await bot.StandIn.SelectAsync(bot.GuildId, rules.ChannelId, nina, rules.Id, RulesMessage.InterestsId, Id(design), Id(dev), Id(music))).WaitForResponseAsync(Wait);
        Assert.That(RolesOf(bot, nina), Is.EquivalentTo(new[] { member, events, design, dev, music }));

        bot.Clock.Advance(TimeSpan.FromDays(1));
        await bot.StandIn.MemberLeaveAsync(bot.GuildId, nina);
        await Eventually.TrueAsync(async () => (await JourneyAsync(bot, nina))?.LeftAtMs is not null, "the departure recorded", Wait);
        await ReconfigureAsync(bot, (c, g) => ConfigureInterests(c, g, welcomeBack, design, music));
        bot.StandIn.Guild(bot.GuildId).DeleteRole(music);
        await Eventually.TrueAsync(async () => !(await bot.Service<GuildDirectory>().GetAsync(bot.GuildId)).Roles.ContainsKey(music), "the bot to see the role deleted", Wait);

        var back = await bot.StandIn.MemberJoinAsync(bot.GuildId, nina);
        await bot.StandIn.Faults.SendRawDispatchAsync("GUILD_MEMBER_ADD", new JsonObject
        {
            ["guild_id"] = Id(bot.GuildId),
            ["user"] = new JsonObject { ["id"] = Id(nina), ["username"] = SeededCommunity.NewcomerPersona, ["discriminator"] = "0", ["global_name"] = null, ["avatar"] = null },
            ["roles"] = new JsonArray(), ["joined_at"] = back.JoinedAt.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffffzzz"), ["deaf"] = false, ["mute"] = false, ["flags"] = 0,
        });
        await Eventually.TrueAsync(async () => (await JourneyAsync(bot, nina)) is { IsRejoin: true, WelcomeDmStatus: not null }, "the rejoin welcome finished", Wait);
        await bot.RestartAsync(); // a graceful stop drains every handler and job: nothing can still be on its way

        Assert.That(RolesOf(bot, nina), Is.EquivalentTo(new[] { member, events, design }), "dropped from the config, deleted from the server: neither comes back");
        int Puts(ulong role) => bot.StandIn.Requests.Count(r => r.Method == "PUT" && r.Path.EndsWith($"/members/{nina}/roles/{role}"));
        Assert.That((Puts(dev), Puts(music), Puts(design)), Is.EqualTo((1, 1, 2)), "dev and music only from her first pick: the bot never asked for them again");
        var dms = bot.StandIn.DmsTo(nina);
        Assert.That(dms.Select(m => m.Content), Is.EqualTo(new[]
        {
            $"Hi {SeededCommunity.NewcomerPersona}, welcome to Sandbox Community!",
            $"Welcome back to Sandbox Community, {SeededCommunity.NewcomerPersona}! Good to see you again.",
        }), "one welcome-back, no second rules walkthrough");
        Assert.That(dms[1].AllowedMentions!.Value.GetProperty("parse").GetArrayLength(), Is.Zero, "the DM pings nobody");
        bot.StandIn.AssertNoSpecViolations();
    }

    private static async Task ReconfigureAsync(BotTestHost bot, Action<SeededCommunity, JsonObject> configure)
    {
        var version = bot.Service<ICommunityConfig>().Current.Version;
        await bot.WriteConfigAsync(configure);
        await Eventually.TrueAsync(() => bot.Service<ICommunityConfig>().Current.Version > version, "the config reload", Wait);
    }

    /// <summary>Rejoin mode restore with a configured welcome-back DM and the given interest roles (labels are their ids).</summary>
    private static void ConfigureInterests(SeededCommunity c, JsonObject guild, string rejoinDirectMessage, params ulong[] interestRoleIds)
    {
        Configure(c, guild, rejoinMessage: "Welcome back {user}!");
        guild["onboarding"]!["welcome"]!["rejoinDirectMessage"] = rejoinDirectMessage;
        guild["onboarding"]!["interests"] = new JsonObject
        {
            ["roles"] = new JsonArray(interestRoleIds.Select(id => (JsonNode)new JsonObject { ["roleId"] = Id(id), ["label"] = Id(id) }).ToArray()),
        };
    }

    /// <summary>What a failed wait needs to be understood: the member's roles and welcomes, their journey, and the pending jobs.</summary>
    private static async Task<string> DescribeAsync(BotTestHost bot, ulong memberId)
    {
        await using var connection = await bot.Database.OpenAsync();
        var jobs = await connection.QueryAsync<(string Kind, string Key, long Attempts, string? Error)>("SELECT kind, job_key, attempts, last_error FROM jobs");
        return $"roles [{string.Join(", ", RolesOf(bot, memberId))}], welcomes [{string.Join(" | ", WelcomesFor(bot, memberId).Select(m => m.Content))}], " +
               $"journey {JsonSerializer.Serialize(await JourneyAsync(bot, memberId))}, jobs [{string.Join(" | ", jobs)}]";
    }

    /// <summary>Successful PUTs of <paramref name="role"/> onto the member.</summary>
    private static int RoleGrants(BotTestHost bot, ulong memberId, ulong role) =>
        bot.StandIn.Requests.Count(r => r.Method == "PUT" && r.Status == 204 && r.Path.EndsWith($"/members/{memberId}/roles/{role}"));

    [TestCaseSource(typeof(TestDatabase), nameof(TestDatabase.Providers))]
    public async Task The_button_still_works_after_a_restart(DatabaseProvider provider)
    {
        await using var bot = await StartAsync(provider, dm: false);
        var rules = await PublishAsync(bot);
        await bot.RestartAsync();

        var nina = bot.Community.Person(SeededCommunity.NewcomerPersona);
        await bot.StandIn.MemberJoinAsync(bot.GuildId, nina);
        var answer = await (await bot.StandIn.ClickButtonAsync(bot.GuildId, rules.ChannelId, nina, rules.Id, RulesMessage.AcceptId)).WaitForResponseAsync(Wait);

        Assert.That(answer.Content, Does.StartWith("Welcome aboard"));
        await bot.StandIn.WaitForAsync(() => RolesOf(bot, nina).Contains(bot.Community.Role("member")), Wait, "the member role");
        bot.StandIn.AssertNoSpecViolations();
    }

    [TestCaseSource(typeof(TestDatabase), nameof(TestDatabase.Providers))]
    public async Task The_interest_menu_grants_configured_roles_and_refuses_any_other(DatabaseProvider provider)
    {
        await using var bot = await StartAsync(provider, dm: false);
        var rules = await PublishAsync(bot);
        var alice = bot.Community.Person("alice");
        var design = Id(bot.Community.Role("interest-design"));
        var dev = Id(bot.Community.Role("interest-dev"));

        var chosen = await (await bot.StandIn.SelectAsync(bot.GuildId, rules.ChannelId, alice, rules.Id, RulesMessage.InterestsId, design, dev)).WaitForResponseAsync(Wait);
        Assert.That(chosen.Content, Does.StartWith("Your interests: design, dev."));
        Assert.That(RolesOf(bot, alice), Does.Contain(bot.Community.Role("interest-design")).And.Contain(bot.Community.Role("interest-dev")));

        // The admin drops "dev" from the config; the menu already posted still offers it.
        var version = bot.Service<ICommunityConfig>().Current.Version;
        await bot.WriteConfigAsync((c, g) => Configure(c, g, dm: false, interests: ["interest-design"]));
        await Eventually.TrueAsync(() => bot.Service<ICommunityConfig>().Current.Version > version, "the config reload", Wait);

        var refused = await (await bot.StandIn.SelectAsync(bot.GuildId, rules.ChannelId, alice, rules.Id, RulesMessage.InterestsId, dev)).WaitForResponseAsync(Wait);
        Assert.That(refused.IsEphemeral, Is.True);
        Assert.That(refused.Content, Does.Contain("is not one of this server's interest roles, so nothing was changed"));
        Assert.That(RolesOf(bot, alice), Does.Contain(bot.Community.Role("interest-design")).And.Contain(bot.Community.Role("interest-dev")), "nothing changed");
        bot.StandIn.AssertNoSpecViolations();
    }

    [TestCaseSource(typeof(TestDatabase), nameof(TestDatabase.Providers))]
    public async Task The_nudge_fires_once_across_restarts(DatabaseProvider provider)
    {
        await using var bot = await StartAsync(provider, nudgeHours: 2, dm: false);
        await PublishAsync(bot);
        var nina = bot.Community.Person(SeededCommunity.NewcomerPersona);
        await bot.StandIn.MemberJoinAsync(bot.GuildId, nina);
        await Eventually.TrueAsync(async () => (await JourneyAsync(bot, nina)) is { } j && await bot.Service<IJobScheduler>().ExistsAsync(NudgeJob.JobKind, j.JobKey),
            "the nudge to be scheduled", Wait);

        await bot.RestartAsync(); // the schedule lives in the database, not in memory
        bot.Clock.Advance(TimeSpan.FromHours(2.5));
        await bot.StandIn.WaitForAsync(() => bot.StandIn.DmsTo(nina).Count == 1, Wait, "the nudge DM");
        var nudge = bot.StandIn.DmsTo(nina).Single();
        Assert.That(nudge.Content, Is.EqualTo($"Hi {SeededCommunity.NewcomerPersona}, accept the rules in <#{bot.Community.Channel("rules")}> to join in."));
        var key = (await JourneyAsync(bot, nina))!.JobKey;
        await Eventually.TrueAsync(async () => !await bot.Service<IJobScheduler>().ExistsAsync(NudgeJob.JobKind, key), "the nudge job to complete", Wait);

        await bot.RestartAsync();
        bot.Clock.Advance(TimeSpan.FromHours(48));
        Assert.That(await bot.Service<IJobScheduler>().ExistsAsync(NudgeJob.JobKind, key), Is.False);
        Assert.That(bot.StandIn.DmsTo(nina), Has.Count.EqualTo(1));
        Assert.That((await JourneyAsync(bot, nina))!.NudgeStatus, Is.EqualTo(DmStatus.Sent));
        bot.StandIn.AssertNoSpecViolations();
    }

    [TestCaseSource(typeof(TestDatabase), nameof(TestDatabase.Providers))]
    public async Task Funnel_numbers_for_a_scripted_cohort_of_20_plus_a_live_newcomer_match_exactly(DatabaseProvider provider)
    {
        await using var bot = await StartAsync(provider, dm: false);
        await ScriptedCohort.SeedAsync(bot.Service<OnboardingRepository>(), bot.GuildId, bot.Clock.GetUtcNow().AddDays(-30), firstMemberId: 5_000);
        var rules = await PublishAsync(bot);
        bot.StandIn.Guild(bot.GuildId).AddInvite(bot.Community.Channel("welcome"), code: "spring");
        await bot.StandIn.WaitForAsync(() => bot.StandIn.Requests.Any(r => r.Path.EndsWith("/invites")), Wait, "the invite snapshot");

        // The live newcomer: joins by invite, completes Discord's onboarding, accepts, writes, and alice replies.
        var nina = bot.Community.Person(SeededCommunity.NewcomerPersona);
        var member = await bot.StandIn.MemberJoinAsync(bot.GuildId, nina, inviteCode: "spring");
        await Eventually.TrueAsync(async () => (await JourneyAsync(bot, nina))?.InviteCode == "spring", "the invite attribution", Wait);
        await bot.StandIn.Faults.SendRawDispatchAsync("GUILD_MEMBER_UPDATE", new JsonObject
        {
            ["guild_id"] = Id(bot.GuildId), ["user"] = new JsonObject { ["id"] = Id(nina), ["username"] = SeededCommunity.NewcomerPersona },
            ["roles"] = new JsonArray(), ["joined_at"] = member.JoinedAt.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffffzzz"), ["flags"] = 2,
        });
        bot.Clock.Advance(TimeSpan.FromMinutes(2));
        await (await bot.StandIn.ClickButtonAsync(bot.GuildId, rules.ChannelId, nina, rules.Id, RulesMessage.AcceptId)).WaitForResponseAsync(Wait);
        bot.Clock.Advance(TimeSpan.FromMinutes(2));
        var hello = await bot.StandIn.PostMessageAsync(bot.GuildId, bot.Community.Channel("general"), nina, "hi all, new here!");
        await Eventually.TrueAsync(async () => (await JourneyAsync(bot, nina))?.FirstMessageAtMs is not null, "the first message", Wait);
        bot.Clock.Advance(TimeSpan.FromMinutes(2));
        await bot.StandIn.PostMessageAsync(bot.GuildId, bot.Community.Channel("general"), bot.Community.Person("alice"), "welcome!", replyToMessageId: hello.Id);
        await Eventually.TrueAsync(async () => (await JourneyAsync(bot, nina)) is { FirstReplyAtMs: not null, NativeOnboardedAtMs: not null }, "the reply and the native flag", Wait);

        var refused = await (await bot.StandIn.InvokeSlashCommandAsync(bot.GuildId, bot.Community.Channel("general"), bot.Community.Person("alice"), "onboarding",
            new SlashOption("stats"))).WaitForResponseAsync(Wait);
        Assert.That(refused.Content, Does.Contain("Moderate Members"));

        var stats = await (await bot.StandIn.InvokeSlashCommandAsync(bot.GuildId, bot.Community.Channel("mod-queue"), bot.Community.Person("max-moderator"), "onboarding",
            new SlashOption("stats").With("days", 60))).WaitForResponseAsync(Wait);
        Assert.That(stats.IsEphemeral, Is.True);
        var embed = stats.Data!.Value.GetProperty("embeds")[0];
        var text = embed.GetProperty("description").GetString();
        // 20 scripted + nina: 21 → 16 accepted → 11 wrote → 7 got a reply → 3 active in week 2; 4 left. Nina's steps take minutes, so medians shift predictably.
        Assert.That(text, Does.Contain("Members who joined in the last **60** days: **21**"));
        Assert.That(text, Does.Contain("1. Accepted the rules: **16** · 76.2% of previous step · 76.2% of joined · median 1h 15m after joining"));
        Assert.That(text, Does.Contain("2. First message: **11** · "));
        Assert.That(text, Does.Contain(" · median 5h 0m after joining"));
        Assert.That(text, Does.Contain("3. First reply received: **7** · 63.6% of previous step · 33.3% of joined · median 6h 0m after joining"));
        Assert.That(text, Does.Contain("4. Active in week 2: **3** · 42.9% of previous step · 14.3% of joined · median 9d 0h after joining"));
        Assert.That(text, Does.Contain("Left: **4** · 19% of joined · median 2d 12h after joining"));
        Assert.That(text, Does.Contain("Completed Discord's own onboarding: 1"));
        var byInvite = embed.GetProperty("fields")[0].GetProperty("value").GetString();
        Assert.That(byInvite, Does.Contain("`alpha`: 10 joined · 10 accepted (100%) · 10 wrote (100%) · 6 got a reply"));
        Assert.That(byInvite, Does.Contain("`spring`: 1 joined · 1 accepted (100%) · 1 wrote (100%) · 1 got a reply"));
        bot.StandIn.AssertNoSpecViolations();
    }

    [TestCaseSource(typeof(TestDatabase), nameof(TestDatabase.Providers))]
    public async Task An_invalid_template_is_refused_at_config_load_and_the_last_good_config_keeps_running(DatabaseProvider provider)
    {
        await using var bot = await StartAsync(provider, dm: false);
        var version = bot.Service<ICommunityConfig>().Current.Version;
        await bot.WriteConfigAsync((c, g) =>
        {
            Configure(c, g, dm: false);
            g["onboarding"]!["welcome"]!["message"] = "Welcome {usr}!";
        });

        await bot.StandIn.WaitForAsync(() => bot.StandIn.Messages(bot.Community.Channel("admin")).Any(m => m.Content.Contains("onboarding.welcome.message")),
            Wait, "the config error in the admin channel");
        var notice = bot.StandIn.Messages(bot.Community.Channel("admin")).Last().Content;
        Assert.That(notice, Does.Contain("unknown variable {usr}"));
        Assert.That(bot.Service<ICommunityConfig>().Current.Version, Is.EqualTo(version), "the last good config stays");

        var nina = bot.Community.Person(SeededCommunity.NewcomerPersona);
        await bot.StandIn.MemberJoinAsync(bot.GuildId, nina);
        await bot.StandIn.WaitForAsync(() => WelcomesFor(bot, nina).Count == 1, Wait, "the welcome from the last good template");
        Assert.That(WelcomesFor(bot, nina).Single().Content, Does.StartWith($"Welcome <@{nina}> to Sandbox Community!"));
        bot.StandIn.AssertNoSpecViolations();
    }
}
