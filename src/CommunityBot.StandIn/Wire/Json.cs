using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace CommunityBot.StandIn;

/// <summary>Small helpers for building and reading Discord JSON with System.Text.Json.Nodes.</summary>
internal static class Json
{
    public static string Id(ulong id) => id.ToString(CultureInfo.InvariantCulture);

    public static JsonNode? Id(ulong? id) => id is { } v ? JsonValue.Create(Id(v)) : null;

    /// <summary>ISO 8601 as Discord writes it.</summary>
    public static string Time(DateTimeOffset t) =>
        t.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'+00:00'", CultureInfo.InvariantCulture);

    public static JsonNode? Time(DateTimeOffset? t) => t is { } v ? JsonValue.Create(Time(v)) : null;

    public static JsonArray Ids(IEnumerable<ulong> ids) => new(ids.Select(i => (JsonNode?)JsonValue.Create(Id(i))).ToArray());

    public static JsonNode? Node(JsonElement? element) => element is { } e ? JsonNode.Parse(e.GetRawText()) : null;

    public static JsonElement? Element(JsonNode? node) =>
        node is null ? null : JsonDocument.Parse(node.ToJsonString()).RootElement.Clone();

    /// <summary>A snowflake read from a string (or, tolerantly, a number); null when absent or malformed.</summary>
    public static ulong? Snowflake(JsonNode? node)
    {
        if (node is not JsonValue value) return null;
        if (value.TryGetValue<string>(out var s))
            return ulong.TryParse(s, NumberStyles.None, CultureInfo.InvariantCulture, out var id) ? id : null;
        if (value.TryGetValue<ulong>(out var n)) return n;
        return null;
    }

    public static string? String(JsonNode? node) => node is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;

    public static int? Int(JsonNode? node)
    {
        if (node is not JsonValue v) return null;
        if (v.TryGetValue<int>(out var i)) return i;
        if (v.TryGetValue<long>(out var l) && l is >= int.MinValue and <= int.MaxValue) return (int)l;
        if (v.TryGetValue<double>(out var d) && d == Math.Floor(d) && d is >= int.MinValue and <= int.MaxValue) return (int)d;
        return null;
    }

    public static bool? Bool(JsonNode? node) => node is JsonValue v && v.TryGetValue<bool>(out var b) ? b : null;

    /// <summary>True when the object has the property, even if its value is null (absent ≠ null).</summary>
    public static bool Has(JsonObject obj, string name) => obj.ContainsKey(name);

    public static JsonObject Error(int code, string message) => new() { ["code"] = code, ["message"] = message };
}
