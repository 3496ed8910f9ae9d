using System.Diagnostics;

namespace CommunityBot.TestSupport;

/// <summary>
/// A PostgreSQL server of the test's own (scripts/test-postgres.sh in a temporary directory) that the test can stop and
/// start again on the same port under a running bot: a real outage, with the errors Npgsql really raises (connections
/// refused, admin shutdown), rather than a simulated one. Ignored where PostgreSQL 15 is not installed.
/// </summary>
public sealed class StoppablePostgres : IAsyncDisposable
{
    private const string PgCtl = "/usr/lib/postgresql/15/bin/pg_ctl";
    private readonly string _directory;
    private readonly string _port;

    private StoppablePostgres(string directory, string adminConnectionString)
    {
        _directory = directory;
        AdminConnectionString = adminConnectionString;
        _port = File.ReadAllText(Path.Combine(directory, "port")).Trim();
    }

    /// <summary>
    /// Held from start to dispose by every stoppable server in the test process. Two servers started side by side could both
    /// pick the same free port in test-postgres.sh; the second then failed to bind while the first one's stop cut its
    /// connections (57P01). Servers that follow each other may still get the same port, hence the same connection strings:
    /// <see cref="Acquire"/> also empties Npgsql's pools, whose connections to the previous server were cut when it stopped.
    /// </summary>
    private static readonly SemaphoreSlim OneAtATime = new(1, 1);

    /// <summary>Waits for the previous stoppable server of this test process to be gone; pair with <see cref="Release"/>.</summary>
    public static async Task Acquire()
    {
        await OneAtATime.WaitAsync();
        Npgsql.NpgsqlConnection.ClearAllPools();
    }

    public static void Release() => OneAtATime.Release();

    /// <summary>Connection string to the server's <c>postgres</c> database (tests create their own databases on it).</summary>
    public string AdminConnectionString { get; }

    public static async Task<StoppablePostgres> StartAsync()
    {
        if (!OperatingSystem.IsLinux() || !File.Exists(PgCtl))
            Assert.Ignore($"PostgreSQL 15 is not installed ({PgCtl}); scripts/test-postgres.sh installs it on Debian.");
        await Acquire();
        try
        {
            var directory = Directory.CreateTempSubdirectory("communitybot-pg-outage-").FullName;
            var connectionString = await ScriptAsync("start", directory, port: null);
            return new StoppablePostgres(directory, connectionString);
        }
        catch
        {
            Release();
            throw;
        }
    }

    /// <summary>Stops the server at once (<c>pg_ctl -m fast</c>): open sessions are ended with admin_shutdown, new ones refused.</summary>
    public Task StopAsync() => ScriptAsync("stop", _directory, port: null);

    /// <summary>Starts it again on the same port; returns once it accepts connections.</summary>
    public Task StartAgainAsync() => ScriptAsync("start", _directory, _port);

    private static async Task<string> ScriptAsync(string action, string directory, string? port)
    {
        var start = new ProcessStartInfo("bash", [Path.Combine(RepoFiles.Root(), "scripts", "test-postgres.sh"), action, directory])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        if (port is not null) start.Environment["PGPORT_TEST"] = port;
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(2));
        if (process.ExitCode != 0) throw new InvalidOperationException($"test-postgres.sh {action} failed ({process.ExitCode}): {await errors}");
        return (await output).Trim();
    }

    public async ValueTask DisposeAsync()
    {
        Npgsql.NpgsqlConnection.ClearAllPools();
        try { await StopAsync(); } catch (InvalidOperationException) { }
        try { Directory.Delete(_directory, recursive: true); } catch (IOException) { }
        Release();
    }
}
