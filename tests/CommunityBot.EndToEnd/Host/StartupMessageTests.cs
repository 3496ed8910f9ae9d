using System.Diagnostics;
using System.Text;

namespace CommunityBot.EndToEnd.Host;

/// <summary>
/// What an operator sees when the community config is missing or broken: the real bot as a separate process
/// (<c>dotnet CommunityBot.dll</c>) in an empty working directory, its console output read as they would read it.
/// </summary>
[Category("Host")]
[NonParallelizable]
public sealed class StartupMessageTests
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(60);
    private DirectoryInfo _workDir = null!;

    [SetUp]
    public void CreateWorkingDirectory() => _workDir = Directory.CreateTempSubdirectory("communitybot-startup-");

    [TearDown]
    public void RemoveWorkingDirectory()
    {
        try { _workDir.Delete(recursive: true); } catch (IOException) { }
    }

    [Test]
    public async Task An_invalid_config_prints_only_the_clear_message_and_exits_1()
    {
        await File.WriteAllTextAsync(Path.Combine(_workDir.FullName, "community.json"), """{ "guilds": { "not-a-snowflake": 5 } }""");
        using var bot = new BotProcess(_workDir.FullName, "community.json");

        var exitCode = await bot.WaitForExitAsync(Wait);

        Assert.That(exitCode, Is.EqualTo(1), bot.Output);
        Assert.That(bot.Output, Does.Contain("The community config is invalid:").And.Contain("$.guilds[\"not-a-snowflake\"]")
            .And.Contain("Fix the file and start again"));
        Assert.That(bot.Output, Does.Not.Contain("Hosting failed to start"), bot.Output);
        Assert.That(bot.Output, Does.Not.Contain("   at "), "no stack trace:\n" + bot.Output);
    }

    [Test]
    public async Task A_missing_config_says_no_server_is_configured_how_to_create_one_and_points_to_the_example()
    {
        using var bot = new BotProcess(_workDir.FullName, "config/community.json");

        var line = await bot.WaitForLineAsync(l => l.Contains("No server is configured", StringComparison.Ordinal), Wait);

        Assert.That(line, Does.Contain(Path.Combine(_workDir.FullName, "config", "community.json")));
        Assert.That(line, Does.Contain("copy config/community.example.json to that path").And.Contain("guilds"));
        Assert.That(line, Does.Contain("create it and restart"), "the config folder does not exist, so saving a file there is not enough");
    }

    /// <summary>The bot with a token, a database and a config path in its working directory, and a Discord that refuses connections.</summary>
    private sealed class BotProcess : IDisposable
    {
        private readonly Process _process;
        private readonly StringBuilder _output = new();
        private readonly List<(Func<string, bool> Matches, TaskCompletionSource<string> Seen)> _waiters = [];

        public BotProcess(string workingDirectory, string configPath)
        {
            var start = new ProcessStartInfo("dotnet")
            {
                WorkingDirectory = workingDirectory, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false,
            };
            start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "CommunityBot.dll"));
            start.Environment["Discord__Token"] = "startup-test-token";
            start.Environment["Discord__ApiBaseUrl"] = "http://127.0.0.1:9/api/v10"; // nothing listens: start-up messages come first
            start.Environment["Community__ConfigPath"] = configPath;
            start.Environment["Database__ConnectionString"] = "Data Source=" + Path.Combine(workingDirectory, "bot.db");
            _process = new Process { StartInfo = start };
            _process.OutputDataReceived += (_, e) => OnLine(e.Data);
            _process.ErrorDataReceived += (_, e) => OnLine(e.Data);
            _process.Start();
            _process.BeginOutputReadLine();
            _process.BeginErrorReadLine();
        }

        public string Output { get { lock (_output) return _output.ToString(); } }

        private void OnLine(string? line)
        {
            if (line is null) return;
            lock (_output)
            {
                _output.AppendLine(line);
                foreach (var (matches, seen) in _waiters) if (matches(line)) seen.TrySetResult(line);
            }
        }

        public async Task<string> WaitForLineAsync(Func<string, bool> matches, TimeSpan timeout)
        {
            var seen = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
            lock (_output)
            {
                var earlier = _output.ToString().Split('\n').FirstOrDefault(matches);
                if (earlier is not null) return earlier;
                _waiters.Add((matches, seen));
            }
            var first = await Task.WhenAny(seen.Task, _process.WaitForExitAsync(), Task.Delay(timeout));
            if (first != seen.Task) Assert.Fail($"No such line ({(_process.HasExited ? "the bot exited" : "timed out")}):\n{Output}");
            return await seen.Task;
        }

        public async Task<int> WaitForExitAsync(TimeSpan timeout)
        {
            using var cts = new CancellationTokenSource(timeout);
            try { await _process.WaitForExitAsync(cts.Token); }
            catch (OperationCanceledException) { Assert.Fail($"The bot did not exit within {timeout.TotalSeconds} s:\n{Output}"); }
            _process.WaitForExit(); // drains the redirected output
            return _process.ExitCode;
        }

        public void Dispose()
        {
            if (!_process.HasExited) _process.Kill(entireProcessTree: true);
            _process.WaitForExit();
            _process.Dispose();
        }
    }
}
