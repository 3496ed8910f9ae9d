namespace CommunityBot.Sandbox;

/// <summary>How the sandbox runs: where its files go and which loopback port serves the page.</summary>
public sealed record SandboxOptions
{
    public const int DefaultPort = 5080;

    /// <summary>Port of the page on 127.0.0.1; 0 picks a free one (tests).</summary>
    public int Port { get; init; } = DefaultPort;

    /// <summary>Holds community.json, the SQLite file and the logs; nothing else is written.</summary>
    public string DataDirectory { get; init; } = Path.Combine("data", "sandbox");

    /// <summary>Also log the bot's information lines to the console (warnings and errors always show).</summary>
    public bool Verbose { get; init; }

    /// <summary>Parses <c>[--port N] [--data DIR] [--verbose]</c>; returns an error message for anything else.</summary>
    public static (SandboxOptions? Options, string? Error) Parse(IReadOnlyList<string> args)
    {
        var options = new SandboxOptions();
        for (var i = 0; i < args.Count; i++)
        {
            switch (args[i])
            {
                case "--port" when i + 1 < args.Count:
                    if (!int.TryParse(args[++i], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var port) || port > 65535)
                        return (null, $"--port takes a number from 0 to 65535 (got '{args[i]}').");
                    options = options with { Port = port };
                    break;
                case "--data" when i + 1 < args.Count:
                    options = options with { DataDirectory = args[++i] };
                    break;
                case "--verbose":
                    options = options with { Verbose = true };
                    break;
                case "--port" or "--data":
                    return (null, $"{args[i]} needs a value.");
                default:
                    return (null, $"Unknown sandbox option '{args[i]}'.");
            }
        }
        return (options, null);
    }

    public const string Usage = "Usage: dotnet run --project src/CommunityBot -- sandbox [--port N (default 5080, 0 = any free port)] [--data DIR (default data/sandbox)] [--verbose]";
}
