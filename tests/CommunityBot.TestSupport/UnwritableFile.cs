using System.Diagnostics;

namespace CommunityBot.TestSupport;

/// <summary>
/// Makes a file unwritable until disposed: <c>chmod a-w</c>, and for root (whom permissions do not stop) the immutable
/// attribute (<c>chattr +i</c>). SQLite then opens the database read-only and every write fails with SQLITE_READONLY,
/// as for a file an operator left read-only or a volume mounted read-only. Ignored where neither can be done.
/// </summary>
public sealed class UnwritableFile : IDisposable
{
    private readonly string _path;
    private readonly bool _immutable;
    private readonly UnixFileMode _mode;

    private UnwritableFile(string path, bool immutable, UnixFileMode mode)
    {
        _path = path;
        _immutable = immutable;
        _mode = mode;
    }

    public static UnwritableFile Make(string path)
    {
        if (!OperatingSystem.IsLinux()) Assert.Ignore("Making a file unwritable is done the Linux way here.");
        var mode = File.GetUnixFileMode(path);
        File.SetUnixFileMode(path, mode & ~(UnixFileMode.UserWrite | UnixFileMode.GroupWrite | UnixFileMode.OtherWrite));
        var root = Environment.UserName == "root";
        if (root && !Run("chattr", "+i", path))
        {
            File.SetUnixFileMode(path, mode);
            Assert.Ignore("Running as root on a file system without chattr +i: cannot make the database unwritable.");
        }
        return new UnwritableFile(path, root, mode);
    }

    private static bool Run(string tool, string flag, string path)
    {
        try
        {
            using var process = Process.Start(new ProcessStartInfo(tool, [flag, path]) { RedirectStandardError = true })!;
            process.WaitForExit(10_000);
            return process.ExitCode == 0;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return false; // no such tool
        }
    }

    public void Dispose()
    {
        if (_immutable) Run("chattr", "-i", _path);
        File.SetUnixFileMode(_path, _mode);
    }
}
