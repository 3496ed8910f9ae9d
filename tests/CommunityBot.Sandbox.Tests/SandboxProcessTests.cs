using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Runtime.InteropServices;
using System.Text;

namespace CommunityBot.Sandbox.Tests;

/// <summary>
/// The sandbox as a person runs it: a separate process started with the <c>sandbox</c> verb in an empty working
/// directory, stopped with Ctrl+C (SIGINT). Its sockets are read from /proc, its files from the disk.
/// </summary>
[Category("Sandbox")]
[NonParallelizable]
public sealed class SandboxProcessTests
{
    private DirectoryInfo _workDir = null!;

    [SetUp]
    public void CreateWorkingDirectory() => _workDir = Directory.CreateTempSubdirectory("communitybot-sandbox-proc-");

    [TearDown]
    public void RemoveWorkingDirectory()
    {
        try { _workDir.Delete(recursive: true); } catch (IOException) { }
    }

    [Test]
    public async Task Starts_listens_only_on_loopback_keeps_its_data_in_its_own_files_and_stops_cleanly_on_ctrl_c()
    {
        if (!OperatingSystem.IsLinux()) Assert.Ignore("Reads listening sockets from /proc and sends SIGINT: Linux only.");
        using var sandbox = new SandboxProcess(_workDir.FullName);
        var url = await sandbox.WaitForPageUrlAsync(TimeSpan.FromSeconds(120));
        Assert.That(url, Does.StartWith("http://127.0.0.1:"), sandbox.Output);

        using (var http = new HttpClient())
        {
            var page = await http.GetStringAsync(url);
            Assert.That(page, Does.Contain("CommunityBot sandbox"));
        }

        var listening = ListeningSockets.Of(sandbox.Pid);
        Assert.That(listening, Has.Count.GreaterThanOrEqualTo(2), "the page and the stand-in should both be listening");
        Assert.That(listening.Select(s => s.Address), Is.All.EqualTo(IPAddress.Loopback),
            "every listening socket: " + string.Join(", ", listening));
        Assert.That(listening.Select(s => s.Port), Does.Contain(new Uri(url).Port));
        Assert.That(ListeningSockets.BoundUdpAddresses(sandbox.Pid).Where(a => !IPAddress.IsLoopback(a)), Is.Empty);

        var exitCode = await sandbox.InterruptAsync(TimeSpan.FromSeconds(60));
        Assert.That(exitCode, Is.EqualTo(0), sandbox.Output);
        Assert.That(sandbox.Output, Does.Contain("Sandbox stopped."));

        // Everything it wrote is under data/sandbox: config, database, logs — nothing beside it.
        var dataDir = Path.Combine(_workDir.FullName, "data", "sandbox");
        var files = Directory.GetFiles(_workDir.FullName, "*", SearchOption.AllDirectories).Select(f => Path.GetRelativePath(_workDir.FullName, f)).ToList();
        Assert.That(files, Is.Not.Empty);
        Assert.That(files, Is.All.StartsWith(Path.Combine("data", "sandbox") + Path.DirectorySeparatorChar), string.Join(", ", files));
        Assert.That(File.Exists(Path.Combine(dataDir, "community.json")));
        Assert.That(File.Exists(Path.Combine(dataDir, "sandbox.db")));
    }

    [Test]
    public async Task A_port_in_use_is_refused_with_a_clear_message()
    {
        if (!OperatingSystem.IsLinux()) Assert.Ignore("Linux only.");
        using var blocker = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        blocker.Start();
        var port = ((IPEndPoint)blocker.LocalEndpoint).Port;
        using var sandbox = new SandboxProcess(_workDir.FullName, "--port", port.ToString(CultureInfo.InvariantCulture));
        var exitCode = await sandbox.WaitForExitAsync(TimeSpan.FromSeconds(120));
        Assert.That(exitCode, Is.EqualTo(1), sandbox.Output);
        Assert.That(sandbox.Output, Does.Contain($"127.0.0.1:{port}").And.Contain("--port"));
    }

    [Test]
    public async Task Bad_options_get_the_usage()
    {
        using var sandbox = new SandboxProcess(_workDir.FullName, "--port", "eighty");
        var exitCode = await sandbox.WaitForExitAsync(TimeSpan.FromSeconds(60));
        Assert.That(exitCode, Is.EqualTo(2));
        Assert.That(sandbox.Output, Does.Contain("--port takes a number").And.Contain("Usage:"));
    }

    /// <summary><c>dotnet CommunityBot.dll sandbox --port 0 …</c> with its output captured.</summary>
    private sealed class SandboxProcess : IDisposable
    {
        private readonly Process _process;
        private readonly StringBuilder _output = new();
        private readonly TaskCompletionSource<string> _url = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public SandboxProcess(string workingDirectory, params string[] extraArgs)
        {
            var dll = Path.Combine(AppContext.BaseDirectory, "CommunityBot.dll");
            var start = new ProcessStartInfo("dotnet") { WorkingDirectory = workingDirectory, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            foreach (var arg in new[] { dll, "sandbox" }.Concat(extraArgs.Length > 0 ? extraArgs : ["--port", "0"])) start.ArgumentList.Add(arg);
            // No token or appsettings of the developer's may leak in: the sandbox needs neither.
            start.Environment.Remove("Discord__Token");
            _process = new Process { StartInfo = start };
            _process.OutputDataReceived += (_, e) => OnLine(e.Data);
            _process.ErrorDataReceived += (_, e) => OnLine(e.Data);
            _process.Start();
            _process.BeginOutputReadLine();
            _process.BeginErrorReadLine();
        }

        public int Pid => _process.Id;

        public string Output { get { lock (_output) return _output.ToString(); } }

        private void OnLine(string? line)
        {
            if (line is null) return;
            lock (_output) _output.AppendLine(line);
            const string marker = "Sandbox page: ";
            if (line.StartsWith(marker, StringComparison.Ordinal)) _url.TrySetResult(line[marker.Length..].Trim());
        }

        public async Task<string> WaitForPageUrlAsync(TimeSpan timeout)
        {
            var exited = _process.WaitForExitAsync();
            var first = await Task.WhenAny(_url.Task, exited, Task.Delay(timeout));
            if (first == _url.Task) return await _url.Task;
            Assert.Fail($"The sandbox did not print its URL ({(first == exited ? "it exited" : "timed out")}):\n{Output}");
            return "";
        }

        public async Task<int> InterruptAsync(TimeSpan timeout)
        {
            Assert.That(Kill(_process.Id, 2), Is.EqualTo(0), "sending SIGINT");
            return await WaitForExitAsync(timeout);
        }

        public async Task<int> WaitForExitAsync(TimeSpan timeout)
        {
            using var cts = new CancellationTokenSource(timeout);
            try { await _process.WaitForExitAsync(cts.Token); }
            catch (OperationCanceledException) { Assert.Fail($"The sandbox did not exit within {timeout.TotalSeconds} s:\n{Output}"); }
            _process.WaitForExit(); // drains the redirected output
            return _process.ExitCode;
        }

        public void Dispose()
        {
            if (!_process.HasExited) _process.Kill(entireProcessTree: true);
            _process.Dispose();
        }

        [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
        private static extern int Kill(int pid, int signal);
    }
}
