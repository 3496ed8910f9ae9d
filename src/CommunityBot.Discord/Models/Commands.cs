using System.Text.Json;
using System.Text.Json.Serialization;

namespace CommunityBot.Discord.Models;

/// <summary>AC § Application Command Types.</summary>
public static class ApplicationCommandTypes
{
    public const int ChatInput = 1;
    public const int User = 2;
    public const int Message = 3;
}

/// <summary>AC § Application Command Option Type.</summary>
public static class ApplicationCommandOptionTypes
{
    public const int SubCommand = 1;
    public const int SubCommandGroup = 2;
    public const int String = 3;
    public const int Integer = 4;
    public const int Boolean = 5;
    public const int User = 6;
    public const int Channel = 7;
    public const int Role = 8;
    public const int Mentionable = 9;
    public const int Number = 10;
    public const int Attachment = 11;
}

/// <summary>AC § Application Command Structure, as sent in a bulk overwrite and read back.</summary>
public sealed record ApplicationCommand
{
    public ulong? Id { get; init; }
    public ulong? ApplicationId { get; init; }
    public ulong? GuildId { get; init; }
    public int? Type { get; init; }
    public string Name { get; init; } = "";
    /// <summary>AC § Localization: the name per Discord locale ("ko"); each follows the same rules as the name.</summary>
    public Dictionary<string, string>? NameLocalizations { get; init; }
    /// <summary>Required for CHAT_INPUT; must be absent for USER and MESSAGE commands.</summary>
    public string? Description { get; init; }
    public Dictionary<string, string>? DescriptionLocalizations { get; init; }
    public ApplicationCommandOption[]? Options { get; init; }
    /// <summary>
    /// Permission bits needed to see the command; null means everyone. Sent as a string, as the docs say (Discord's
    /// OpenAPI spec types the request field an integer; Discord accepts both); read from either.
    /// </summary>
    [JsonConverter(typeof(Json.PermissionBitsConverter))]
    public ulong? DefaultMemberPermissions { get; init; }
    /// <summary>0 GUILD, 1 BOT_DM, 2 PRIVATE_CHANNEL.</summary>
    public int[]? Contexts { get; init; }
    public bool? Nsfw { get; init; }
    public ulong? Version { get; init; }
}

public sealed record ApplicationCommandOption
{
    public int Type { get; init; }
    public string Name { get; init; } = "";
    public Dictionary<string, string>? NameLocalizations { get; init; }
    public string Description { get; init; } = "";
    public Dictionary<string, string>? DescriptionLocalizations { get; init; }
    public bool? Required { get; init; }
    public ApplicationCommandOptionChoice[]? Choices { get; init; }
    public ApplicationCommandOption[]? Options { get; init; }
    public int[]? ChannelTypes { get; init; }
    public double? MinValue { get; init; }
    public double? MaxValue { get; init; }
    public int? MinLength { get; init; }
    public int? MaxLength { get; init; }
    public bool? Autocomplete { get; init; }
}

public sealed record ApplicationCommandOptionChoice
{
    public string Name { get; init; } = "";
    public Dictionary<string, string>? NameLocalizations { get; init; }
    /// <summary>string, integer or number.</summary>
    public JsonElement Value { get; init; }

    public static ApplicationCommandOptionChoice Of(string name, string value) =>
        new() { Name = name, Value = JsonSerializer.SerializeToElement(value, Json.DiscordJsonContext.Default.String) };

    public static ApplicationCommandOptionChoice Of(string name, long value) =>
        new() { Name = name, Value = JsonSerializer.SerializeToElement(value, Json.DiscordJsonContext.Default.Int64) };
}

public sealed record Application
{
    public ulong Id { get; init; }
    public string Name { get; init; } = "";
    public int? Flags { get; init; }
}
