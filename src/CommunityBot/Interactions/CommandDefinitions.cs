using CommunityBot.Discord.Models;

namespace CommunityBot.Interactions;

/// <summary>Terse builders for command definitions, so a command reads like its help text.</summary>
public static class Command
{
    private static readonly int[] GuildOnly = [0];

    public static ApplicationCommand Slash(string name, string description, AccessLevel access, params ApplicationCommandOption[] options) => new()
    {
        Type = ApplicationCommandTypes.ChatInput, Name = name, Description = description,
        Options = options.Length == 0 ? null : options, DefaultMemberPermissions = DefaultPermissions(access), Contexts = GuildOnly,
    };

    /// <summary>A message context-menu command (no description allowed).</summary>
    public static ApplicationCommand MessageMenu(string name, AccessLevel access = AccessLevel.Everyone) => new()
    {
        Type = ApplicationCommandTypes.Message, Name = name, DefaultMemberPermissions = DefaultPermissions(access), Contexts = GuildOnly,
    };

    /// <summary>
    /// Visibility hint only (admins can change it in Server Settings → Integrations); the real check happens
    /// server-side on every invocation.
    /// </summary>
    public static ulong? DefaultPermissions(AccessLevel access) => access switch
    {
        AccessLevel.Moderator => Permissions.ModerateMembers,
        AccessLevel.Admin => Permissions.ManageGuild,
        _ => null,
    };
}

public static class Option
{
    public static ApplicationCommandOption Sub(string name, string description, params ApplicationCommandOption[] options) =>
        new() { Type = ApplicationCommandOptionTypes.SubCommand, Name = name, Description = description, Options = options.Length == 0 ? null : options };

    public static ApplicationCommandOption Group(string name, string description, params ApplicationCommandOption[] subcommands) =>
        new() { Type = ApplicationCommandOptionTypes.SubCommandGroup, Name = name, Description = description, Options = subcommands };

    public static ApplicationCommandOption String(string name, string description, bool required = false, int? minLength = null, int? maxLength = null,
        bool autocomplete = false, params ApplicationCommandOptionChoice[] choices) => new()
    {
        Type = ApplicationCommandOptionTypes.String, Name = name, Description = description, Required = required ? true : null,
        MinLength = minLength, MaxLength = maxLength, Autocomplete = autocomplete ? true : null, Choices = choices.Length == 0 ? null : choices,
    };

    public static ApplicationCommandOption Integer(string name, string description, bool required = false, long? min = null, long? max = null,
        bool autocomplete = false, params ApplicationCommandOptionChoice[] choices) => new()
    {
        Type = ApplicationCommandOptionTypes.Integer, Name = name, Description = description, Required = required ? true : null,
        MinValue = min, MaxValue = max, Autocomplete = autocomplete ? true : null, Choices = choices.Length == 0 ? null : choices,
    };

    public static ApplicationCommandOption Boolean(string name, string description, bool required = false) =>
        new() { Type = ApplicationCommandOptionTypes.Boolean, Name = name, Description = description, Required = required ? true : null };

    public static ApplicationCommandOption User(string name, string description, bool required = false) =>
        new() { Type = ApplicationCommandOptionTypes.User, Name = name, Description = description, Required = required ? true : null };

    public static ApplicationCommandOption Role(string name, string description, bool required = false) =>
        new() { Type = ApplicationCommandOptionTypes.Role, Name = name, Description = description, Required = required ? true : null };

    public static ApplicationCommandOption Channel(string name, string description, bool required = false, params int[] channelTypes) =>
        new() { Type = ApplicationCommandOptionTypes.Channel, Name = name, Description = description, Required = required ? true : null, ChannelTypes = channelTypes.Length == 0 ? null : channelTypes };
}
