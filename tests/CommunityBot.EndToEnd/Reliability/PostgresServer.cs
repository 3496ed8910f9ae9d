using System.Diagnostics;
using CommunityBot.TestSupport;
using Npgsql;

namespace CommunityBot.EndToEnd.Reliability;

/// <summary>
/// A PostgreSQL cluster of the test's own, started and stopped with scripts/test-postgres.sh, so the test can take the
/// database away under load (the shared cluster of CI and the other tests must never be stopped). Restarts keep the port.
/// </summary>
public sealed class PostgresServer : IAsyncDisposable
{
    private const string Binaries = "/usr/lib/postgresql/15/bin";
    private readonly string _directory;

    private PostgresServer(string directory, string adminConnectionString)
    {
        _directory = directory;
        AdminConnectionString = adminConnectionString;
        Port = new NpgsqlConnectionStringBuilder(adminConnectionString).Port;
    }

    public string AdminConnectionString { get; }
    public int Port { get; }

    /// <summary>Why the test cannot run here, or null: it needs PostgreSQL 15's server binaries, as CI installs them.</summary>
    public static string? Unavailable() =>
        !OperatingSystem.IsLinux() ? "needs Linux" :
        !File.Exists(Path.Combine(Binaries, "initdb")) ? $"PostgreSQL 15 server binaries not found in {Binaries} (apt-get install postgresql-15); the shared cluster must not be stopped" :
        null;

    public static async Task<PostgresServer> StartAsync()
    {
        await StoppablePostgres.Acquire(); // one stoppable server at a time, with no pooled connection to the last: see there why
        try
        {
            var directory = Path.Combine(Path.GetTempPath(), "communitybot-reliability-pg-" + Guid.NewGuid().ToString("N")[..8]);
            var output = await RunScriptAsync(Script(), "start", directory, null);
            return new PostgresServer(directory, output.Trim());
        }
        catch
        {
            StoppablePostgres.Release();
            throw;
        }
    }

    /// <summary>A fresh database on this server.</summary>
    public async Task<string> CreateDatabaseAsync()
    {
        var name = "cb_rel_" + Guid.NewGuid().ToString("N")[..12];
        await using (var connection = new NpgsqlConnection(AdminConnectionString))
        {
            await connection.OpenAsync();
            await using var create = new NpgsqlCommand($"CREATE DATABASE {name}", connection);
            await create.ExecuteNonQueryAsync();
        }
        return new NpgsqlConnectionStringBuilder(AdminConnectionString) { Database = name }.ToString();
    }

    /// <summary>pg_ctl stop -m fast: open connections are cut, new ones refused.</summary>
    public Task StopAsync() => RunScriptAsync(Script(), "stop", _directory, null);

    /// <summary>Starts it again on the same port with the same data.</summary>
    public Task RestartAsync() => RunScriptAsync(Script(), "start", _directory, Port);

    private static string Script() => Path.Combine(RepoFiles.Root(), "scripts", "test-postgres.sh");

    private static async Task<string> RunScriptAsync(string script, string action, string directory, int? port)
    {
        var start = new ProcessStartInfo("bash") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in new[] { script, action, directory }) start.ArgumentList.Add(arg);
        if (port is { } p) start.Environment["PGPORT_TEST"] = p.ToString(System.Globalization.CultureInfo.InvariantCulture);
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0) throw new InvalidOperationException($"test-postgres.sh {action} failed ({process.ExitCode}): {await stderr}");
        return await stdout;
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            NpgsqlConnection.ClearAllPools();
            await StopAsync();
            try { Directory.Delete(_directory, recursive: true); } catch (Exception ex) when (ex is IOException or UnauthorizedAccessException) { }
        }
        finally
        {
            StoppablePostgres.Release();
        }
    }
}
