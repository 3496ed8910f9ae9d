using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Text;

namespace CommunityBot.EndToEnd.Reliability;

/// <summary>
/// The real bot as its own OS process — <c>dotnet CommunityBot.dll</c>, configured through the environment as an operator
/// would — so it can be killed the way a crash or an OOM kill ends it (SIGKILL: no shutdown code runs) or stopped
/// the way an orchestrator does (SIGTERM: the host drains). Its console output is kept for failure messages.
/// </summary>
public sealed class BotProcess : IDisposable
{
    private const int SigTerm = 15;
    private const int KeptLines = 400;
    private readonly Process _process;
    private readonly Queue<string> _lines = new();
    private readonly string _healthFile;
    private readonly DateTime _startedAt = DateTime.UtcNow;

    private BotProcess(Process process, string healthFile)
    {
        _process = process;
        _healthFile = healthFile;
    }

    public int Pid => _process.Id;
    public bool HasExited => _process.HasExited;

    /// <summary>The last few hundred lines it printed.</summary>
    public string Output { get { lock (_lines) return string.Join('\n', _lines); } }

    public static BotProcess Start(string workingDirectory, IReadOnlyDictionary<string, string> environment)
    {
        var healthFile = environment["Health__FilePath"];
        File.Delete(healthFile); // a killed process leaves its last one behind
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = workingDirectory, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "CommunityBot.dll"));
        foreach (var (key, value) in environment) start.Environment[key] = value;
        var process = new Process { StartInfo = start };
        var bot = new BotProcess(process, healthFile);
        process.OutputDataReceived += (_, e) => bot.Keep(e.Data);
        process.ErrorDataReceived += (_, e) => bot.Keep(e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return bot;
    }

    private void Keep(string? line)
    {
        if (line is null) return;
        lock (_lines)
        {
            _lines.Enqueue(line);
            while (_lines.Count > KeptLines) _lines.Dequeue();
        }
    }

    /// <summary>Waits for the health file: connected, the guilds arrived, and Discord acknowledging heartbeats.</summary>
    public async Task WaitUntilHealthyAsync(TimeSpan timeout)
    {
        var deadline = Stopwatch.StartNew();
        while (!(File.Exists(_healthFile) && File.GetLastWriteTimeUtc(_healthFile) >= _startedAt))
        {
            if (_process.HasExited) throw new InvalidOperationException($"The bot exited with {_process.ExitCode} before it was healthy:\n{Output}");
            if (deadline.Elapsed > timeout) throw new TimeoutException($"The bot was not healthy within {timeout.TotalSeconds} s:\n{Output}");
            await Task.Delay(50);
        }
    }

    /// <summary>SIGKILL: the process ends at once, mid-write if it was writing; nothing of the host's shutdown runs.</summary>
    public async Task KillAsync()
    {
        _process.Kill();
        await _process.WaitForExitAsync();
    }

    /// <summary>SIGTERM, as `docker stop` sends: the host stops the gateway, drains handlers and jobs, and exits.</summary>
    public async Task<int> StopAsync(TimeSpan timeout)
    {
        if (Kill(_process.Id, SigTerm) != 0) throw new InvalidOperationException("Could not send SIGTERM to the bot.");
        using var cts = new CancellationTokenSource(timeout);
        try { await _process.WaitForExitAsync(cts.Token); }
        catch (OperationCanceledException) { throw new TimeoutException($"The bot did not stop within {timeout.TotalSeconds} s of SIGTERM:\n{Output}"); }
        _process.WaitForExit(); // drains the redirected output
        return _process.ExitCode;
    }

    public void Dispose()
    {
        if (!_process.HasExited) _process.Kill(entireProcessTree: true);
        _process.WaitForExit();
        _process.Dispose();
    }

    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int Kill(int pid, int signal);
}
