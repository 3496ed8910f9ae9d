using CommunityBot.StandIn;

namespace CommunityBot.Sandbox;

/// <summary>
/// What an admin would do right after inviting the bot, done once at start so the sandbox opens ready to try:
/// each step runs only if the feature that owns it registered its command, acting as ada-admin in #admin (the
/// bot's ephemeral answers show there on the page).
/// </summary>
internal static class SandboxWarmUp
{
    private sealed record Step(string Command, string? Subcommand, string What);

    private static readonly Step[] Steps =
    [
        new("onboarding", "publish", "posted the rules message in #rules"),
    ];

    public static async Task RunAsync(SandboxRuntime sandbox, TextWriter? console, CancellationToken ct)
    {
        var guildId = sandbox.Community.GuildId;
        var admin = sandbox.Community.Person("ada-admin");
        var channel = sandbox.Community.Channel("admin");
        foreach (var step in Steps)
        {
            if (!sandbox.StandIn.RegisteredCommands(guildId).Any(c => c.Name == step.Command && c.Type == 1)) continue;
            ct.ThrowIfCancellationRequested();
            var options = step.Subcommand is null ? null : new SlashOption(step.Subcommand);
            var handle = await sandbox.StandIn.InvokeSlashCommandAsync(guildId, channel, admin, step.Command, options);
            try
            {
                await handle.WaitForResponseAsync(TimeSpan.FromSeconds(10));
                console?.WriteLine($"  warm-up: ada-admin ran /{step.Command} {step.Subcommand} and {step.What}.");
            }
            catch (TimeoutException ex)
            {
                console?.WriteLine($"  warm-up: /{step.Command} {step.Subcommand} got no answer ({ex.Message}); carrying on.");
            }
        }
    }
}
