using System.Globalization;
using System.Net;

namespace CommunityBot.Sandbox.Tests;

/// <summary>A process's TCP listeners and bound UDP sockets, from its open file descriptors and /proc/net.</summary>
internal static class ListeningSockets
{
    public sealed record Listener(IPAddress Address, int Port)
    {
        public override string ToString() => $"{Address}:{Port}";
    }

    public static IReadOnlyList<Listener> Of(int pid)
    {
        var inodes = SocketInodes(pid);
        return Entries("tcp").Concat(Entries("tcp6"))
            .Where(e => e.State == "0A" && inodes.Contains(e.Inode)) // 0A = TCP_LISTEN
            .Select(e => new Listener(e.Address, e.Port)).ToList();
    }

    public static IReadOnlyList<IPAddress> BoundUdpAddresses(int pid)
    {
        var inodes = SocketInodes(pid);
        return Entries("udp").Concat(Entries("udp6")).Where(e => inodes.Contains(e.Inode)).Select(e => e.Address).ToList();
    }

    private sealed record Entry(IPAddress Address, int Port, string State, string Inode);

    private static HashSet<string> SocketInodes(int pid)
    {
        var inodes = new HashSet<string>();
        foreach (var fd in Directory.GetFiles($"/proc/{pid}/fd"))
        {
            try
            {
                var target = new FileInfo(fd).LinkTarget;
                if (target is not null && target.StartsWith("socket:[", StringComparison.Ordinal)) inodes.Add(target[8..^1]);
            }
            catch (IOException) { } // the descriptor closed meanwhile
            catch (UnauthorizedAccessException) { }
        }
        return inodes;
    }

    private static IEnumerable<Entry> Entries(string table)
    {
        var path = "/proc/net/" + table;
        if (!File.Exists(path)) yield break;
        foreach (var line in File.ReadLines(path).Skip(1))
        {
            var cols = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (cols.Length < 10) continue;
            var local = cols[1].Split(':');
            yield return new Entry(ParseAddress(local[0]), int.Parse(local[1], NumberStyles.HexNumber, CultureInfo.InvariantCulture), cols[3], cols[9]);
        }
    }

    /// <summary>/proc/net prints addresses as 32-bit words in host (little-endian) order.</summary>
    private static IPAddress ParseAddress(string hex)
    {
        var bytes = new byte[hex.Length / 2];
        for (var word = 0; word < bytes.Length / 4; word++)
            for (var i = 0; i < 4; i++)
                bytes[word * 4 + i] = byte.Parse(hex.AsSpan(word * 8 + (3 - i) * 2, 2), NumberStyles.HexNumber, CultureInfo.InvariantCulture);
        var address = new IPAddress(bytes);
        return address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address;
    }
}
