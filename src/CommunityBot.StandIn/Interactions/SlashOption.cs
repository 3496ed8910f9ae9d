namespace CommunityBot.StandIn;

/// <summary>
/// The options of a slash-command invocation. <c>new SlashOption()</c> holds top-level values;
/// <c>new SlashOption("create")</c> is a subcommand; <c>new SlashOption("admin", new SlashOption("reset"))</c> a group.
/// Values are typed from the registered command (USER/ROLE/CHANNEL ids get resolved data), else from the CLR type.
/// </summary>
public sealed class SlashOption
{
    private readonly List<(string Name, object? Value, bool Focused)> _values = new();

    public SlashOption(string? subcommand = null, SlashOption? nested = null)
    {
        Name = subcommand;
        Nested = nested;
    }

    /// <summary>The subcommand or group name; null for top-level values.</summary>
    public string? Name { get; }
    /// <summary>For a group: its subcommand.</summary>
    public SlashOption? Nested { get; }
    public IReadOnlyList<(string Name, object? Value, bool Focused)> Values => _values;

    /// <summary>Adds a value; <paramref name="focused"/> marks the option being autocompleted.</summary>
    public SlashOption With(string name, object? value, bool focused = false)
    {
        if (Nested is not null) throw new InvalidOperationException("A subcommand group holds a subcommand, not values.");
        _values.Add((name, value, focused));
        return this;
    }
}
