using System.Globalization;

namespace CommunityBot.Interactions;

/// <summary>
/// A component <c>custom_id</c> of the form <c>feature:action[:arg…]</c> (max 100 chars, CR § Custom ID). The one parser
/// every feature's ids go through: <see cref="TryParse"/> splits it, and the dispatcher then holds it to the
/// <see cref="ComponentAction"/> its feature declared (exact argument count, canonical numbers) before any handler runs,
/// so a tampered or outdated id is refused instead of mis-routed.
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

    /// <summary>
    /// A number as <see cref="Create"/> writes it: ASCII digits only, no sign, no spaces, no leading zero (so each number
    /// has exactly one spelling and <c>poll:v:1 :1</c> or <c>poll:v:01:1</c> never passes for <c>poll:v:1:1</c>).
    /// </summary>
    public static bool TryParseCanonical(string text, out ulong value)
    {
        value = 0;
        if (text.Length is 0 or > 20 || (text.Length > 1 && text[0] == '0')) return false;
        foreach (var c in text) if (c is < '0' or > '9') return false;
        return ulong.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out value);
    }

    public string Arg(int index) => index < Args.Count ? Args[index] : throw Invalid();

    public long LongArg(int index) => TryParseCanonical(Arg(index), out var v) && v <= long.MaxValue ? (long)v : throw Invalid();

    public ulong SnowflakeArg(int index) => TryParseCanonical(Arg(index), out var v) ? v : throw Invalid();

    public int IntArg(int index) => TryParseCanonical(Arg(index), out var v) && v <= int.MaxValue ? (int)v : throw Invalid();

    internal static InteractionRefusedException Invalid() => new("This control is out of date. Please use the latest message.") { SharedKey = "ControlOutOfDate" };

    public override string ToString() => string.Join(Separator, new[] { Feature, Action }.Concat(Args));
}

/// <summary>What one argument of a custom_id holds.</summary>
public enum CustomIdArg
{
    /// <summary>An id, position or count: canonical digits (<see cref="CustomId.TryParseCanonical"/>).</summary>
    Number,
    /// <summary>A name from the config or a fixed word (<c>yes</c>, <c>dismiss</c>): letters, digits, <c>-</c> and <c>_</c>.</summary>
    Word,
}

/// <summary>One custom_id shape a feature makes: the action and the kind of each argument, in order.</summary>
public sealed record ComponentAction(string Name, params CustomIdArg[] Args)
{
    /// <summary>Exactly this action, exactly this many arguments, each well-formed for its kind.</summary>
    public bool Accepts(CustomId id)
    {
        if (id.Action != Name || id.Args.Count != Args.Length) return false;
        for (var i = 0; i < Args.Length; i++)
        {
            var ok = Args[i] switch
            {
                CustomIdArg.Number => CustomId.TryParseCanonical(id.Args[i], out _),
                _ => id.Args[i].All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_'),
            };
            if (!ok) return false;
        }
        return true;
    }
}
