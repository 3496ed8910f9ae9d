using System.Runtime.InteropServices;
using CommunityBot.Configuration;

namespace CommunityBot.Sandbox;

/// <summary>
/// <c>dotnet run --project src/CommunityBot -- sandbox [--port N] [--data DIR]</c>: try the bot without Discord.
/// Runs until Ctrl+C (or SIGTERM), then stops the page, the bot and the stand-in in that order.
/// </summary>
public static class SandboxCommand
{
    public const string Verb = "sandbox";

    public static void Register(IDictionary<string, Func<string[], Task<int>>> verbs) => verbs[Verb] = RunAsync;

    public static async Task<int> RunAsync(string[] args)
    {
        var (options, error) = SandboxOptions.Parse(args);
        if (options is null)
        {
            Console.Error.WriteLine(error);
            Console.Error.WriteLine(SandboxOptions.Usage);
            return 2;
        }

        using var stop = new CancellationTokenSource();
        using var sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, Stop);
        using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Stop);
        void Stop(PosixSignalContext context)
        {
            context.Cancel = true; // we shut down ourselves, in order
            stop.Cancel();
        }

        Console.WriteLine("Starting the CommunityBot sandbox: a pretend Discord server on this machine, with the real bot in it…");
        SandboxRuntime sandbox;
        try
        {
            sandbox = await SandboxRuntime.StartAsync(options, Console.Out, stop.Token);
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            Console.WriteLine("Sandbox start cancelled.");
            return 130;
        }
        catch (Exception ex) when (ex is SandboxStartException or ConfigInvalidException)
        {
            Console.Error.WriteLine(ex.Message);
            return 1;
        }

        await using (sandbox)
        {
            Console.WriteLine($"""

                Sandbox page: {sandbox.PageUrl}
                  Server "Sandbox Community" with #{string.Join(" #", SeededCommunity.ChannelNames)}
                  Act as: {string.Join(", ", sandbox.Personas)}
                  Community config: {sandbox.ConfigPath} (edit it: the page shows each reload and any errors)
                  Database: {sandbox.DatabasePath}
                Press Ctrl+C to stop.
                """);
            try { await Task.Delay(Timeout.Infinite, stop.Token); }
            catch (OperationCanceledException) { }
            Console.WriteLine("Stopping the sandbox…");
        }
        Console.WriteLine("Sandbox stopped.");
        return 0;
    }
}
