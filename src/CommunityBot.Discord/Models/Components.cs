using System.Text.Json.Serialization;

namespace CommunityBot.Discord.Models;

/// <summary>CR § Component Types used by the bot.</summary>
public static class ComponentTypes
{
    public const int ActionRow = 1;
    public const int Button = 2;
    public const int StringSelect = 3;
    public const int TextInput = 4;
    public const int UserSelect = 5;
    public const int RoleSelect = 6;
    public const int TextDisplay = 10;
    public const int Label = 18;
}

public static class ButtonStyles
{
    public const int Primary = 1;
    public const int Secondary = 2;
    public const int Success = 3;
    public const int Danger = 4;
    public const int Link = 5;
}

public static class TextInputStyles
{
    public const int Short = 1;
    public const int Paragraph = 2;
}

/// <summary>
/// One shape for every component (CR § Component Object): the wire format is a tagged union on
/// <c>type</c>, and a flat record with optional fields round-trips it without a custom converter.
/// Use the factory methods to build valid ones.
/// </summary>
public sealed record Component
{
    public int Type { get; init; }
    public int? Id { get; init; }
    public string? CustomId { get; init; }
    public int? Style { get; init; }
    public string? Label { get; init; }
    public string? Url { get; init; }
    public bool? Disabled { get; init; }
    public Emoji? Emoji { get; init; }
    public SelectOption[]? Options { get; init; }
    public string? Placeholder { get; init; }
    public int? MinValues { get; init; }
    public int? MaxValues { get; init; }
    /// <summary>Children of an action row.</summary>
    public Component[]? Components { get; init; }
    /// <summary>The single child of a Label (type 18).</summary>
    [JsonPropertyName("component")]
    public Component? Child { get; init; }
    public string? Description { get; init; }
    /// <summary>Text input value (pre-fill when sent, the answer in a modal submit).</summary>
    public string? Value { get; init; }
    /// <summary>Select values in a modal submit.</summary>
    public string[]? Values { get; init; }
    public bool? Required { get; init; }
    public int? MinLength { get; init; }
    public int? MaxLength { get; init; }
    /// <summary>Text Display content (type 10).</summary>
    public string? Content { get; init; }

    public static Component Row(params Component[] children) => new() { Type = ComponentTypes.ActionRow, Components = children };

    public static Component Button(string customId, string label, int style = ButtonStyles.Secondary, string? emoji = null, bool disabled = false) => new()
    {
        Type = ComponentTypes.Button, CustomId = customId, Label = label, Style = style,
        Emoji = emoji is null ? null : new Emoji { Name = emoji }, Disabled = disabled ? true : null,
    };

    public static Component LinkButton(string url, string label) => new() { Type = ComponentTypes.Button, Style = ButtonStyles.Link, Url = url, Label = label };

    public static Component StringSelect(string customId, IEnumerable<SelectOption> options, int minValues = 1, int maxValues = 1, string? placeholder = null) => new()
    {
        Type = ComponentTypes.StringSelect, CustomId = customId, Options = options.ToArray(),
        MinValues = minValues, MaxValues = maxValues, Placeholder = placeholder,
    };

    /// <summary>A modal text input wrapped in a Label (CR § Label), the current modal layout.</summary>
    public static Component LabeledTextInput(string customId, string label, int style = TextInputStyles.Short, bool required = true,
        int? minLength = null, int? maxLength = null, string? value = null, string? placeholder = null, string? description = null) => new()
    {
        Type = ComponentTypes.Label, Label = label, Description = description,
        Child = new Component
        {
            Type = ComponentTypes.TextInput, CustomId = customId, Style = style, Required = required,
            MinLength = minLength, MaxLength = maxLength, Value = value, Placeholder = placeholder,
        },
    };
}

public sealed record SelectOption
{
    public string Label { get; init; } = "";
    public string Value { get; init; } = "";
    public string? Description { get; init; }
    public Emoji? Emoji { get; init; }
    public bool? Default { get; init; }
}
