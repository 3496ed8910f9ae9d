using System.Text.RegularExpressions;

namespace CommunityBot.Discord.Models;

/// <summary>
/// AC § Registering a Command, § Application Command Naming and § Application Command Option Structure, checked
/// before a bulk overwrite leaves the process. Discord refuses the whole set with 50035 and a nested error tree;
/// here the developer who added a command learns which one broke which rule, at the first start.
/// </summary>
public static partial class ApplicationCommandRules
{
    public const int MaxChatInputCommands = 100;
    public const int MaxUserCommands = 15;
    public const int MaxMessageCommands = 15;
    public const int MaxName = 32;
    public const int MaxDescription = 100;
    public const int MaxOptions = 25;
    public const int MaxChoices = 25;
    public const int MaxStringLength = 6000;

    /// <summary>Slash command and option names: letters, digits, '-', '_' and apostrophes, 1–32 of them.</summary>
    [GeneratedRegex(@"^[-_'\p{L}\p{N}\p{IsDevanagari}\p{IsThai}]{1,32}$", RegexOptions.CultureInvariant)]
    private static partial Regex SlashName();

    /// <summary>RR § Locales: the keys Discord accepts in <c>*_localizations</c>.</summary>
    public static readonly IReadOnlySet<string> Locales = new HashSet<string>(StringComparer.Ordinal)
    {
        "id", "da", "de", "en-GB", "en-US", "es-ES", "es-419", "fr", "hr", "it", "lt", "hu", "nl", "no", "pl", "pt-BR", "ro",
        "fi", "sv-SE", "vi", "tr", "cs", "el", "bg", "ru", "uk", "hi", "th", "zh-CN", "ja", "zh-TW", "ko",
    };

    /// <summary>Throws <see cref="ArgumentException"/> naming the first command or option that breaks a rule.</summary>
    public static void Validate(IReadOnlyList<ApplicationCommand> commands)
    {
        CheckCount(commands, ApplicationCommandTypes.ChatInput, MaxChatInputCommands, "CHAT_INPUT");
        CheckCount(commands, ApplicationCommandTypes.User, MaxUserCommands, "USER");
        CheckCount(commands, ApplicationCommandTypes.Message, MaxMessageCommands, "MESSAGE");
        var duplicate = commands.GroupBy(c => (c.Type ?? ApplicationCommandTypes.ChatInput, c.Name)).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null) throw Broken($"/{duplicate.Key.Name}", "is defined twice with the same type");

        foreach (var command in commands)
        {
            var at = $"/{command.Name}";
            if ((command.Type ?? ApplicationCommandTypes.ChatInput) == ApplicationCommandTypes.ChatInput)
            {
                CheckSlashName(command.Name, at);
                CheckDescription(command.Description, at);
                CheckLocalized(command.NameLocalizations, at, SlashNameProblem);
                CheckLocalized(command.DescriptionLocalizations, at, DescriptionProblem);
                CheckOptions(command.Options, at, depth: 0);
            }
            else
            {
                // Context-menu names may hold spaces and capitals; a description must not be sent at all.
                if (command.Name.Length is 0 or > MaxName) throw Broken(at, $"name must be 1–{MaxName} characters");
                CheckLocalized(command.NameLocalizations, at, name => LengthProblem(name, MaxName, "name"));
                if (!string.IsNullOrEmpty(command.Description)) throw Broken(at, "is a context-menu command and must not have a description");
                if (command.DescriptionLocalizations is { Count: > 0 }) throw Broken(at, "is a context-menu command and must not have description localizations");
                if (command.Options is { Length: > 0 }) throw Broken(at, "is a context-menu command and cannot have options");
            }
        }
    }

    private static void CheckOptions(ApplicationCommandOption[]? options, string at, int depth)
    {
        if (options is null) return;
        if (options.Length > MaxOptions) throw Broken(at, $"has {options.Length} options; at most {MaxOptions}");
        var seenOptional = false;
        foreach (var option in options)
        {
            var here = $"{at} {option.Name}";
            CheckSlashName(option.Name, here);
            CheckDescription(option.Description, here);
            CheckLocalized(option.NameLocalizations, here, SlashNameProblem);
            CheckLocalized(option.DescriptionLocalizations, here, DescriptionProblem);
            switch (option.Type)
            {
                case ApplicationCommandOptionTypes.SubCommandGroup:
                    if (depth > 0) throw Broken(here, "is a subcommand group nested below the top level");
                    if (option.Options is not { Length: > 0 } subs || subs.Any(s => s.Type != ApplicationCommandOptionTypes.SubCommand))
                        throw Broken(here, "is a subcommand group and must hold subcommands only");
                    CheckOptions(option.Options, here, depth + 1);
                    continue;
                case ApplicationCommandOptionTypes.SubCommand:
                    if (depth > 1) throw Broken(here, "is a subcommand nested too deep");
                    CheckOptions(option.Options, here, depth: 2);
                    continue;
            }
            // AC § Option Structure: required options must be listed before optional ones.
            if (option.Required == true && seenOptional) throw Broken(here, "is required but follows an optional option");
            seenOptional |= option.Required != true;
            if (option.Choices is { Length: > 0 } choices)
            {
                if (choices.Length > MaxChoices) throw Broken(here, $"has {choices.Length} choices; at most {MaxChoices}");
                if (option.Autocomplete == true) throw Broken(here, "cannot combine autocomplete with choices");
                if (choices.FirstOrDefault(c => c.Name.Length is 0 or > MaxDescription) is { } bad)
                    throw Broken(here, $"has a choice named “{bad.Name}”; choice names are 1–{MaxDescription} characters");
                foreach (var choice in choices)
                    CheckLocalized(choice.NameLocalizations, $"{here} choice “{choice.Name}”", name => LengthProblem(name, MaxDescription, "name"));
            }
            if (option.MinLength is < 0 or > MaxStringLength || option.MaxLength is < 1 or > MaxStringLength)
                throw Broken(here, $"min_length is 0–{MaxStringLength} and max_length 1–{MaxStringLength}");
            if (option.MinLength > option.MaxLength || option.MinValue > option.MaxValue)
                throw Broken(here, "has a minimum above its maximum");
        }
    }

    private static void CheckSlashName(string name, string at)
    {
        if (SlashNameProblem(name) is { } problem) throw Broken(at, problem);
    }

    private static void CheckDescription(string? description, string at)
    {
        if (DescriptionProblem(description) is { } problem) throw Broken(at, problem);
    }

    private static string? SlashNameProblem(string name) =>
        !SlashName().IsMatch(name) ? $"name “{name}” must be 1–{MaxName} letters, digits, '-', '_' or apostrophes"
        // "lowercase where a lowercase form exists": Discord refuses capitals in slash command and option names.
        : !string.Equals(name, name.ToLowerInvariant(), StringComparison.Ordinal) ? $"name “{name}” must be lowercase"
        : null;

    private static string? DescriptionProblem(string? description) =>
        string.IsNullOrEmpty(description) || description.Length > MaxDescription
            ? $"description must be 1–{MaxDescription} characters (has {description?.Length ?? 0})"
            : null;

    private static string? LengthProblem(string text, int max, string what) =>
        text.Length is 0 || text.Length > max ? $"{what} “{text}” must be 1–{max} characters" : null;

    /// <summary>Each localization: a locale Discord knows, and a text that passes the same rule as the default.</summary>
    private static void CheckLocalized(Dictionary<string, string>? localized, string at, Func<string, string?> problemOf)
    {
        if (localized is null) return;
        foreach (var (locale, text) in localized)
        {
            if (!Locales.Contains(locale)) throw Broken(at, $"has a localization for “{locale}”, which is not a Discord locale");
            if (problemOf(text) is { } problem) throw Broken(at, $"{locale} {problem}");
        }
    }

    private static void CheckCount(IReadOnlyList<ApplicationCommand> commands, int type, int max, string label)
    {
        var count = commands.Count(c => (c.Type ?? ApplicationCommandTypes.ChatInput) == type);
        if (count > max) throw new ArgumentException($"{count} {label} commands; Discord allows at most {max} per scope.", nameof(commands));
    }

    private static ArgumentException Broken(string at, string problem) => new($"Command {at}: {problem}.", "commands");
}
