using System.Collections.Concurrent;
using CommunityBot.Discord.Gateway;
using CommunityBot.Discord.Models;
using CommunityBot.Hosting;
using CommunityBot.Interactions;
using CommunityBot.TestSupport;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace CommunityBot.EndToEnd.Host;

[Category("Host")]
public sealed class HostTests
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(10);

    [Test]
    public async Task Starts_connects_registers_commands_once_and_skips_re_registration_on_restart()
    {
        await using var bot = await BotTestHost.StartAsync();
        var names = bot.StandIn.RegisteredCommands(bot.GuildId).Select(c => c.Name).ToList();
        Assert.That(names, Does.Contain("ping"));
        Assert.That(bot.StandIn.BulkOverwriteCount(bot.GuildId), Is.EqualTo(1));

        await bot.RestartAsync();
        await Eventually.TrueAsync(() => bot.StandIn.Requests.Any(r => r is { Method: "GET", Route: "/applications/{application_id}/guilds/{guild_id}/commands" }),
            "the restarted bot to check the guild's list", Wait);

        Assert.That(bot.StandIn.BulkOverwriteCount(bot.GuildId), Is.EqualTo(1), "unchanged definitions are not re-registered");
        Assert.That(bot.StandIn.IdentifyCount, Is.EqualTo(2), "a restart is a new session");
        bot.StandIn.AssertNoSpecViolations();
    }

    [Test]
    public async Task Every_command_the_bot_defines_follows_Discords_naming_and_option_rules()
    {
        await using var bot = await BotTestHost.StartAsync();
        var definitions = bot.Services.GetServices<IApplicationCommand>().Select(c => c.Definition).ToArray();
        Assert.That(definitions, Has.Length.GreaterThan(5));
        Assert.DoesNotThrow(() => ApplicationCommandRules.Validate(definitions));
        Assert.That(bot.StandIn.RegisteredCommands(bot.GuildId), Has.Count.EqualTo(definitions.Length));
    }

    [Test]
    public async Task Global_registration_puts_every_command_in_the_global_scope_once_and_they_answer()
    {
        await using var bot = await BotTestHost.StartAsync(new BotTestHostOptions { Settings = { ["Interactions:RegisterGlobally"] = "true" } });
        var global = bot.StandIn.RegisteredCommands(null).Select(c => c.Name).ToList();
        Assert.That(global, Does.Contain("ping").And.Contain("points"));
        Assert.That(bot.StandIn.RegisteredCommands(bot.GuildId), Is.Empty, "nothing per guild when registering globally");
        Assert.That(bot.StandIn.BulkOverwriteCount(null), Is.EqualTo(1));

        var handle = await bot.StandIn.InvokeSlashCommandAsync(bot.GuildId, bot.Community.Channel("general"), bot.Community.Person("alice"), "ping");
        Assert.That((await handle.WaitForResponseAsync(Wait)).Content, Does.StartWith("Pong!"));

        await bot.RestartAsync();
        // The new process compares with Discord's list (one GET) instead of overwriting.
        await Eventually.TrueAsync(() => bot.StandIn.Requests.Any(r => r is { Method: "GET", Route: "/applications/{application_id}/commands" }),
            "the restarted bot to check the global list", Wait);
        Assert.That(bot.StandIn.BulkOverwriteCount(null), Is.EqualTo(1), "unchanged global definitions are not re-registered");
        bot.StandIn.AssertNoSpecViolations();
    }

    [Test]
    public async Task Commands_overwritten_outside_the_bot_are_registered_again_on_the_next_start()
    {
        await using var bot = await BotTestHost.StartAsync();
        var ours = bot.StandIn.RegisteredCommands(bot.GuildId).Select(c => c.Name).Order().ToList();
        // Another deploy of the same application replaces the guild's commands with just one.
        await bot.Service<Discord.Rest.IDiscordRestClient>().BulkOverwriteGuildApplicationCommandsAsync(bot.StandIn.ApplicationId, bot.GuildId,
            [new ApplicationCommand { Name = "ping", Description = "Someone else's ping", Type = ApplicationCommandTypes.ChatInput }]);

        await bot.RestartAsync();

        await Eventually.TrueAsync(() => bot.StandIn.RegisteredCommands(bot.GuildId).Count == ours.Count, "our commands registered again", Wait);
        Assert.That(bot.StandIn.RegisteredCommands(bot.GuildId).Select(c => c.Name).Order(), Is.EqualTo(ours));
        Assert.That(bot.StandIn.BulkOverwriteCount(bot.GuildId), Is.EqualTo(3), "ours, the outside one, ours again");
        bot.StandIn.AssertNoSpecViolations();
    }

    [Test]
    public async Task A_registration_refused_with_400_is_reported_once_to_the_admin_channel_with_Discords_error_body()
    {
        const string route = "PUT /applications/{application_id}/guilds/{guild_id}/commands";
        await using var bot = await BotTestHost.StartAsync();
        var admin = bot.Community.Channel("admin");
        // Someone else's deploy replaced the commands, so the next start must register ours, and Discord refuses them
        // (on that start and on the reconnect after it).
        await bot.Service<Discord.Rest.IDiscordRestClient>().BulkOverwriteGuildApplicationCommandsAsync(bot.StandIn.ApplicationId, bot.GuildId,
            [new ApplicationCommand { Name = "ping", Description = "Someone else's ping", Type = ApplicationCommandTypes.ChatInput }]);
        var errors = System.Text.Json.Nodes.JsonNode.Parse("""{"3":{"name":{"_errors":[{"code":"APPLICATION_COMMAND_INVALID_NAME","message":"Command name is invalid"}]}}}""")!.AsObject();
        bot.StandIn.Faults.RefuseNext(route, errors: errors);
        bot.StandIn.Faults.RefuseNext(route, errors: errors);

        await bot.RestartAsync();
        await Eventually.TrueAsync(() => bot.StandIn.Messages(admin).Any(m => m.AuthorId == bot.StandIn.BotUser.Id), "the refusal posted to #admin", Wait);
        var report = bot.StandIn.Messages(admin).Single(m => m.AuthorId == bot.StandIn.BotUser.Id).Content;
        Assert.That(report, Does.Contain("50035").And.Contain("Invalid Form Body").And.Contain("APPLICATION_COMMAND_INVALID_NAME"));

        // A fresh session brings GUILD_CREATE again: the same definitions are refused again, and nobody is told twice.
        var refusals = bot.Service<RegistrationRefusals>();
        await bot.StandIn.Faults.SendInvalidSessionAsync(resumable: false);
        await Eventually.TrueAsync(() => refusals.RepeatsSuppressed == 1, "the second refusal seen", Wait);
        Assert.That(bot.StandIn.Requests.Count(r => r is { Method: "PUT", Status: 400, Route: "/applications/{application_id}/guilds/{guild_id}/commands" }), Is.EqualTo(2));
        Assert.That(bot.StandIn.Messages(admin).Count(m => m.AuthorId == bot.StandIn.BotUser.Id), Is.EqualTo(1));
        bot.StandIn.AssertNoSpecViolations();
    }

    [Test]
    public async Task A_bucket_exhausted_before_a_restart_is_waited_out_by_the_new_process_not_sent_into()
    {
        await using var bot = await BotTestHost.StartAsync(new BotTestHostOptions
        {
            StandInBucketLimits = new Dictionary<string, (int, TimeSpan)> { ["POST /channels/{channel_id}/messages"] = (2, TimeSpan.FromSeconds(8)) },
        });
        var general = bot.Community.Channel("general");
        await bot.Service<Discord.Rest.IDiscordRestClient>().CreateMessageAsync(general, new CreateMessageRequest { Content = "one" });
        await bot.Service<Discord.Rest.IDiscordRestClient>().CreateMessageAsync(general, new CreateMessageRequest { Content = "two" });

        await bot.RestartAsync(); // well inside the 8 s window the two messages opened

        await bot.Service<Discord.Rest.IDiscordRestClient>().CreateMessageAsync(general, new CreateMessageRequest { Content = "three" });
        Assert.That(bot.StandIn.Messages(general).Select(m => m.Content), Is.SupersetOf(new[] { "one", "two", "three" }));
        Assert.That(bot.StandIn.RateLimitExceededCount, Is.Zero, "nothing sent into the bucket the previous process exhausted");
        Assert.That(bot.StandIn.Requests.Count(r => r.Status == 429), Is.Zero);
        bot.StandIn.AssertNoSpecViolations();
    }

    [Test]
    public async Task Ping_is_answered_ephemerally_within_the_deadline()
    {
        await using var bot = await BotTestHost.StartAsync();
        var handle = await bot.StandIn.InvokeSlashCommandAsync(bot.GuildId, bot.Community.Channel("general"), bot.Community.Person("alice"), "ping");
        var response = await handle.WaitForResponseAsync(Wait);

        Assert.That(response.Type, Is.EqualTo(InteractionCallbackTypes.ChannelMessageWithSource));
        Assert.That(response.IsEphemeral, Is.True);
        Assert.That(response.Content, Does.StartWith("Pong!"));
        Assert.That(response.Elapsed, Is.LessThan(TimeSpan.FromSeconds(3)));
        bot.StandIn.AssertNoSpecViolations();
    }

    [Test]
    public async Task A_slow_command_is_deferred_before_the_deadline_and_then_followed_up()
    {
        var slow = new SlowCommand.Gate();
        await using var bot = await BotTestHost.StartAsync(new BotTestHostOptions
        {
            ConfigureServices = s => s.AddSingleton(slow).AddApplicationCommand<SlowCommand>(),
        });
        var handle = await bot.StandIn.InvokeSlashCommandAsync(bot.GuildId, bot.Community.Channel("general"), bot.Community.Person("alice"), "slow");

        var response = await handle.WaitForResponseAsync(Wait);
        Assert.That(response.Type, Is.EqualTo(InteractionCallbackTypes.DeferredChannelMessageWithSource));
        Assert.That(response.IsEphemeral, Is.True);
        Assert.That(response.Elapsed, Is.LessThan(TimeSpan.FromSeconds(3)));

        slow.Release.SetResult();
        await bot.StandIn.WaitForAsync(() => handle.OriginalResponse?.Content == "done after a while", Wait, "the deferred answer");
        bot.StandIn.AssertNoSpecViolations();
    }

    [Test]
    public async Task A_privileged_command_is_refused_server_side_to_a_member_without_the_permission()
    {
        await using var bot = await BotTestHost.StartAsync(new BotTestHostOptions
        {
            ConfigureServices = s => s.AddApplicationCommand<AdminOnlyCommand>(),
        });
        var registered = bot.StandIn.RegisteredCommands(bot.GuildId).Single(c => c.Name == "admin-only");
        // AC § Application Command Permissions Object: "serialized as a string" (a JSON number would lose bits above 2^53).
        Assert.That(registered.Definition.GetProperty("default_member_permissions").ValueKind, Is.EqualTo(System.Text.Json.JsonValueKind.String));
        Assert.That(registered.Definition.GetProperty("default_member_permissions").GetString(), Is.EqualTo(Permissions.ManageGuild.ToString()));

        // Discord would hide it, but an admin can override visibility: the bot must still refuse.
        var member = await bot.StandIn.InvokeSlashCommandAsync(bot.GuildId, bot.Community.Channel("general"), bot.Community.Person("alice"), "admin-only");
        var refusal = await member.WaitForResponseAsync(Wait);
        Assert.That(refusal.IsEphemeral, Is.True);
        Assert.That(refusal.Content, Does.Contain("Manage Server"));
        Assert.That(AdminOnlyCommand.Runs, Is.Zero);

        var admin = await bot.StandIn.InvokeSlashCommandAsync(bot.GuildId, bot.Community.Channel("general"), bot.Community.Person("ada-admin"), "admin-only");
        Assert.That((await admin.WaitForResponseAsync(Wait)).Content, Is.EqualTo("admin things done"));
        bot.StandIn.AssertNoSpecViolations();
    }

    [Test]
    public async Task A_handler_that_throws_or_hangs_stops_neither_other_handlers_nor_heartbeats()
    {
        var seen = new ConcurrentBag<ulong>();
        await using var bot = await BotTestHost.StartAsync(new BotTestHostOptions
        {
            HeartbeatIntervalMs = 300,
            Settings = { ["EventPipeline:DrainTimeout"] = "00:00:01" },
            ConfigureServices = s => s
                .AddSingleton(seen)
                .AddEventHandler<MessageCreateEvent, HangingHandler>()
                .AddEventHandler<MessageCreateEvent, ThrowingHandler>()
                .AddEventHandler<MessageCreateEvent, RecordingHandler>(),
        });
        var general = bot.Community.Channel("general");
        var posted = new List<ulong>();
        for (var i = 0; i < 5; i++)
            posted.Add((await bot.StandIn.PostMessageAsync(bot.GuildId, general, bot.Community.Person("bob"), $"message {i}")).Id);

        await Eventually.TrueAsync(() => posted.All(seen.Contains), "the healthy handler to see every message");
        var beats = bot.StandIn.HeartbeatCount;
        await Eventually.TrueAsync(() => bot.StandIn.HeartbeatCount >= beats + 3, "heartbeats to continue while handlers hang");
        var ping = await bot.StandIn.InvokeSlashCommandAsync(bot.GuildId, general, bot.Community.Person("alice"), "ping");
        Assert.That((await ping.WaitForResponseAsync(Wait)).Content, Does.StartWith("Pong!"));
        Assert.That(bot.Service<IGatewayClient>().IsConnected, Is.True);
    }

    [Test]
    public async Task A_bad_config_edit_is_posted_to_the_admin_channel_and_the_old_config_keeps_running()
    {
        await using var bot = await BotTestHost.StartAsync();
        await bot.WriteRawConfigAsync($$"""{ "guilds": { "{{bot.GuildId}}": { "adminChannelId": "{{bot.Community.Channel("admin")}}", "diagnostcs": {} } } }""");

        await bot.StandIn.WaitForAsync(() => bot.StandIn.Messages(bot.Community.Channel("admin")).Any(m => m.Content.Contains("not applied")), Wait, "the admin notice");
        var notice = bot.StandIn.Messages(bot.Community.Channel("admin")).Last();
        Assert.That(notice.Content, Does.Contain("unknown key 'diagnostcs'").And.Contain("community.json"));
        Assert.That(notice.WouldPing, Is.False);
        Assert.That(bot.Service<Configuration.ICommunityConfig>().Current.Guild(bot.GuildId)!.ModeratorRoleIds, Has.Count.EqualTo(1), "the last good config is still active");
    }

    [Test]
    public void Start_up_with_an_invalid_community_config_refuses_and_names_the_problem()
    {
        var ex = Assert.ThrowsAsync<Configuration.ConfigInvalidException>(() => BotTestHost.StartAsync(new BotTestHostOptions
        {
            RawConfig = c => $$"""{ "guilds": { "{{c.GuildId}}": { "adminChannelId": "not-an-id" } } }""",
        }));
        Assert.That(ex!.Message, Does.Contain("community.json: $.guilds[").And.Contain("adminChannelId: expected a Discord id"));
    }

    [Test]
    public async Task A_bad_option_value_gets_an_ephemeral_answer_naming_the_option_and_the_rule()
    {
        await using var bot = await BotTestHost.StartAsync(new BotTestHostOptions { ConfigureServices = s => s.AddApplicationCommand<CountCommand>() });
        var handle = await bot.StandIn.InvokeSlashCommandAsync(bot.GuildId, bot.Community.Channel("general"), bot.Community.Person("alice"), "count",
            new StandIn.SlashOption().With("to", 500));
        var response = await handle.WaitForResponseAsync(Wait);
        Assert.That(response.IsEphemeral, Is.True);
        Assert.That(response.Content, Is.EqualTo("Option `to` must be at most 10."));
    }

    [Test]
    public async Task The_token_never_appears_in_any_log_line()
    {
        var logs = new CapturingLoggerProvider();
        await using var bot = await BotTestHost.StartAsync(new BotTestHostOptions
        {
            ConfigureServices = s => s.AddSingleton<ILoggerProvider>(logs),
            Settings = { ["Serilog:MinimumLevel:Default"] = "Debug" },
        });
        await bot.StandIn.Faults.CloseAsync(4000);
        var ping = await bot.StandIn.InvokeSlashCommandAsync(bot.GuildId, bot.Community.Channel("general"), bot.Community.Person("alice"), "ping");
        await ping.WaitForResponseAsync(Wait);

        Assert.That(logs.Lines, Is.Not.Empty);
        Assert.That(logs.Lines.Where(l => l.Contains(bot.StandIn.Options.Token)), Is.Empty);
    }

    private sealed class SlowCommand(SlowCommand.Gate gate) : IApplicationCommand
    {
        public sealed class Gate { public TaskCompletionSource Release { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously); }
        public ApplicationCommand Definition { get; } = Command.Slash("slow", "A command that takes its time", AccessLevel.Everyone);

        public async Task ExecuteAsync(InteractionContext ctx)
        {
            await gate.Release.Task.WaitAsync(TimeSpan.FromSeconds(30));
            await ctx.RespondAsync("done after a while");
        }
    }

    private sealed class AdminOnlyCommand : IApplicationCommand
    {
        public static int Runs;
        public ApplicationCommand Definition { get; } = Command.Slash("admin-only", "Admins only", AccessLevel.Admin);
        public AccessLevel Access => AccessLevel.Admin;

        public Task ExecuteAsync(InteractionContext ctx)
        {
            Interlocked.Increment(ref Runs);
            return ctx.RespondAsync("admin things done");
        }
    }

    private sealed class CountCommand : IApplicationCommand
    {
        public ApplicationCommand Definition { get; } = Command.Slash("count", "Counts", AccessLevel.Everyone, Option.Integer("to", "Up to", required: true));

        public Task ExecuteAsync(InteractionContext ctx) =>
            ctx.RespondAsync(string.Join(' ', Enumerable.Range(1, (int)ctx.Options.RequiredInteger("to", min: 1, max: 10))));
    }

    private sealed class HangingHandler : IEventHandler<MessageCreateEvent>
    {
        public Task HandleAsync(MessageCreateEvent evt, CancellationToken ct) => Task.Delay(Timeout.Infinite, ct);
    }

    private sealed class ThrowingHandler : IEventHandler<MessageCreateEvent>
    {
        public Task HandleAsync(MessageCreateEvent evt, CancellationToken ct) => throw new InvalidOperationException("handler bug");
    }

    private sealed class RecordingHandler(ConcurrentBag<ulong> seen) : IEventHandler<MessageCreateEvent>
    {
        public Task HandleAsync(MessageCreateEvent evt, CancellationToken ct)
        {
            seen.Add(evt.Message.Id);
            return Task.CompletedTask;
        }
    }
}
