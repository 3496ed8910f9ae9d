using System.Globalization;

namespace CommunityBot.Interactions;

/// <summary>
/// A component <c>custom_id</c> of the form <c>feature:action[:arg…]</c> (max 100 chars, CR § Custom ID).
/// Parsing is strict so a tampered or outdated id is refused instead of mis-routed.
/// </summary>
public sealed record CustomId(string Feature, string Action, IReadOnlyList<string> Args)
{
    public const int MaxLength = 100;
    private const char Separator = ':';

    public static string Create(string feature, string action, params object[] args)
    {
        var parts = new[] { feature, action }.Concat(args.Select(a => Convert.ToString(a, CultureInfo.InvariantCulture) ?? ""));
        var id = string.Join(Separator, parts.Select(Check));
        if (id.Length > MaxLength) throw new ArgumentException($"custom_id '{id}' is longer than {MaxLength} characters.");
        return id;

        static string Check(string part) =>
            part.Contains(Separator) || part.Length == 0 ? throw new ArgumentException($"custom_id part '{part}' is empty or contains ':'.") : part;
    }

    public static bool TryParse(string? value, out CustomId id)
    {
        id = null!;
        if (string.IsNullOrEmpty(value) || value.Length > MaxLength) return false;
        var parts = value.Split(Separator);
        if (parts.Length < 2 || parts.Any(p => p.Length == 0)) return false;
        id = new CustomId(parts[0], parts[1], parts[2..]);
        return true;
    }

    public string Arg(int index) => index < Args.Count ? Args[index] : throw Invalid();

    public long LongArg(int index) => long.TryParse(Arg(index), NumberStyles.Integer, CultureInfo.InvariantCulture, out var v) ? v : throw Invalid();

    public ulong SnowflakeArg(int index) => ulong.TryParse(Arg(index), NumberStyles.None, CultureInfo.InvariantCulture, out var v) ? v : throw Invalid();

    public int IntArg(int index) => int.TryParse(Arg(index), NumberStyles.Integer, CultureInfo.InvariantCulture, out var v) ? v : throw Invalid();

    private InteractionRefusedException Invalid() => new("This control is out of date. Please use the latest message.");

    public override string ToString() => string.Join(Separator, new[] { Feature, Action }.Concat(Args));
}
