using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.Extensions.Logging;

namespace CommunityBot.Discord.Rest;

/// <summary>
/// What the limiter knew was exhausted, kept in a small file so the next process does not send into it: a restart
/// within a bucket's window (a crash, a redeploy) would otherwise start with no bucket known, and its first request on
/// each route would land in a bucket Discord still counts as empty — or, after a global 429, anywhere at all.
/// <para>
/// Only what is still in force is kept: the global block, and per bucket its hash, the routes that map to it and the
/// wall-clock time its window (or its 429) ends. The file is rewritten (atomically, replace-by-rename) whenever a bucket
/// runs out or a 429 arrives, so even a kill -9 leaves the last exhaustion behind; it is read once at start. Times are
/// wall-clock because the monotonic clock does not survive the process; a clock step between two processes can only
/// shorten or lengthen a wait by that step.
/// </para>
/// </summary>
internal sealed class RateLimitMemory(string path, TimeProvider time, ILogger log)
{
    private readonly object _writeGate = new();
    private long _written;

    internal sealed record Snapshot(DateTimeOffset? GlobalBlockedUntil, List<BucketState> Buckets);

    internal sealed record BucketState(string Hash, string MajorParameter, string[] Templates, int Limit, DateTimeOffset Until);

    /// <summary>The entries still in force, or nothing when there is no (readable) file.</summary>
    public Snapshot? Load()
    {
        try
        {
            if (!File.Exists(path)) return null;
            var snapshot = JsonSerializer.Deserialize(File.ReadAllBytes(path), RateLimitMemoryJson.Default.Snapshot);
            if (snapshot is null) return null;
            var now = time.GetUtcNow();
            return snapshot with
            {
                GlobalBlockedUntil = snapshot.GlobalBlockedUntil > now ? snapshot.GlobalBlockedUntil : null,
                Buckets = snapshot.Buckets.Where(b => b.Until > now).ToList(),
            };
        }
        catch (Exception e) when (e is IOException or JsonException or UnauthorizedAccessException)
        {
            log.LogWarning("Could not read the rate-limit memory {Path} ({Error}); starting as if no bucket were exhausted", path, e.Message);
            return null;
        }
    }

    /// <summary>Writes <paramref name="snapshot"/> unless a newer one (higher <paramref name="version"/>) was already written.</summary>
    public void Save(long version, Snapshot snapshot)
    {
        lock (_writeGate)
        {
            if (version <= _written) return;
            _written = version;
            try
            {
                Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
                var temporary = path + ".tmp";
                File.WriteAllBytes(temporary, JsonSerializer.SerializeToUtf8Bytes(snapshot, RateLimitMemoryJson.Default.Snapshot));
                File.Move(temporary, path, overwrite: true);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                log.LogWarning("Could not write the rate-limit memory {Path}: {Error}", path, e.Message);
            }
        }
    }
}

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower)]
[JsonSerializable(typeof(RateLimitMemory.Snapshot))]
internal sealed partial class RateLimitMemoryJson : JsonSerializerContext;
