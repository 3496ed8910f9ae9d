using CommunityBot.Configuration;
using CommunityBot.Discord;
using CommunityBot.Storage.Migrations;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;

namespace CommunityBot.Hosting;

/// <summary>
/// Entry point: <c>dotnet run --project src/CommunityBot</c> runs the bot; further verbs (sandbox, faq export, …)
/// are registered by the features that own them.
/// </summary>
public static class CommandLine
{
    /// <summary>Verb → runner. Features add theirs in a static constructor-free way: see <see cref="Verbs"/>.</summary>
    public static readonly Dictionary<string, Func<string[], Task<int>>> Verbs = CreateVerbs();

    private static Dictionary<string, Func<string[], Task<int>>> CreateVerbs()
    {
        var verbs = new Dictionary<string, Func<string[], Task<int>>>(StringComparer.OrdinalIgnoreCase);
        Sandbox.SandboxCommand.Register(verbs);
        return verbs;
    }

    public static async Task<int> RunAsync(string[] args)
    {
        if (args.Length > 0 && Verbs.TryGetValue(args[0], out var verb)) return await verb(args[1..]);
        return await RunBotAsync(args);
    }

    private static async Task<int> RunBotAsync(string[] args)
    {
        var builder = BotHost.CreateBuilder(args);
        var token = builder.Configuration[$"{DiscordClientOptions.SectionName}:Token"];
        if (string.IsNullOrWhiteSpace(token))
        {
            Console.Error.WriteLine("""
                No Discord token is configured, so the bot cannot connect to Discord.
                  • To try CommunityBot safely without Discord, run:  dotnet run --project src/CommunityBot -- sandbox
                  • To connect to your server, set the token in the environment:  export Discord__Token=<your bot token>
                    (see README.md › "Create the Discord application").
                """);
            return 1;
        }

        using var host = builder.Build();
        try
        {
            await host.RunAsync();
            return Environment.ExitCode;
        }
        catch (ConfigInvalidException ex)
        {
            Console.Error.WriteLine(ex.Message);
            Console.Error.WriteLine("Fix the file and start again; nothing was changed.");
            return 1;
        }
        catch (DatabaseNewerThanCodeException ex)
        {
            Console.Error.WriteLine(ex.Message);
            return 1;
        }
    }
}
