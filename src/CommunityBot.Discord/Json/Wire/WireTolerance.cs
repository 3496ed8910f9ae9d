using System.Collections.Concurrent;
using System.Text;
using System.Text.Json;

namespace CommunityBot.Discord.Json.Wire;

/// <summary>
/// What the hand-written readers do with a field whose value has a shape they do not expect (a string where a number
/// belongs, an object for a list…): Discord, or a Discord-compatible server, answered, and one odd field the bot may
/// not even use must not turn the whole answer into a failure. The field is skipped and keeps the model's default;
/// only a field an object cannot do without (its id, the fields that route it) still fails the object. Each odd
/// (object, field) is reported once per process through <see cref="TryTakeNew"/>, which the REST and gateway clients
/// drain into their logs.
/// </summary>
internal static class WireTolerance
{
    private static readonly ConcurrentDictionary<string, byte> Seen = new();
    private static readonly ConcurrentQueue<string> New = new();

    /// <summary>Errors a value of the wrong shape produces (not a truncated document: that is not one field's fault).</summary>
    public static bool IsShapeError(Exception e) =>
        e is InvalidOperationException or FormatException or OverflowException
        || (e is JsonException && e.Message.IndexOf("truncated", StringComparison.OrdinalIgnoreCase) < 0);

    public static bool IsEssential(ReadOnlySpan<byte> field, ReadOnlySpan<string> essential)
    {
        foreach (var name in essential)
            if (Encoding.UTF8.GetByteCount(name) == field.Length && field.SequenceEqual(Encoding.UTF8.GetBytes(name))) return true;
        return false;
    }

    public static void Skipped(string what, ReadOnlySpan<byte> field, Exception e)
    {
        var key = what + "." + Encoding.UTF8.GetString(field);
        if (Seen.TryAdd(key, 0)) New.Enqueue($"{key} had an unexpected shape and was skipped ({e.GetType().Name}: {e.Message})");
    }

    /// <summary>A skipped field not reported before, for the caller's log.</summary>
    public static bool TryTakeNew(out string line) => New.TryDequeue(out line!);
}
