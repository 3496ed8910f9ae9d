using CommunityBot.Discord.Models;
using CommunityBot.Localisation;

namespace CommunityBot.Interactions;

/// <summary>
/// Fills a command definition's <c>name_localizations</c> / <c>description_localizations</c> from the feature's
/// translations. The English text stays in the definition (Discord's default); each translation's resource file
/// holds keys named after the command path:
/// <list type="bullet">
/// <item><c>Command.onboarding.Description</c>, <c>Command.onboarding publish.Description</c>,
/// <c>Command.points grant member.Description</c> — command, subcommand, option;</item>
/// <item><c>Command.Save as FAQ.Name</c> — a context-menu command's name (slash command and option names stay
/// English so the names our replies mention, like <c>/poll close</c>, are the ones members type);</item>
/// <item><c>Command.leaderboard scope.Choice.season</c> — a choice's label, by its value.</item>
/// </list>
/// A key missing from a translation leaves that text to Discord's English default;
/// <c>Every_command_is_described_in_every_language</c> makes sure none is missing.
/// </summary>
public static class CommandLocalisation
{
    public static ApplicationCommand Localised<TStrings>(this ApplicationCommand command, Localiser<TStrings> strings)
    {
        var translations = Languages.Translations.Select(c => (Locale: c.Name, Strings: strings.OwnStrings(c))).ToArray();
        var path = command.Name;
        return command with
        {
            NameLocalizations = Collect(translations, $"Command.{path}.Name"),
            DescriptionLocalizations = command.Type is null or ApplicationCommandTypes.ChatInput ? Collect(translations, $"Command.{path}.Description") : null,
            Options = command.Options?.Select(o => Localise(o, path, translations)).ToArray(),
        };
    }

    private static ApplicationCommandOption Localise(ApplicationCommandOption option, string parent, (string Locale, IReadOnlyDictionary<string, string> Strings)[] translations)
    {
        var path = $"{parent} {option.Name}";
        return option with
        {
            NameLocalizations = Collect(translations, $"Command.{path}.Name"),
            DescriptionLocalizations = Collect(translations, $"Command.{path}.Description"),
            Options = option.Options?.Select(o => Localise(o, path, translations)).ToArray(),
            Choices = option.Choices?.Select(c => c with { NameLocalizations = Collect(translations, $"Command.{path}.Choice.{ChoiceKey(c)}") }).ToArray(),
        };
    }

    /// <summary>The key part that names a choice: its value as written (<c>season</c>, <c>7</c>).</summary>
    public static string ChoiceKey(ApplicationCommandOptionChoice choice) =>
        choice.Value.ValueKind == System.Text.Json.JsonValueKind.String ? choice.Value.GetString()! : choice.Value.GetRawText();

    private static Dictionary<string, string>? Collect((string Locale, IReadOnlyDictionary<string, string> Strings)[] translations, string key)
    {
        Dictionary<string, string>? found = null;
        foreach (var (locale, strings) in translations)
            if (strings.TryGetValue(key, out var text) && text.Length > 0)
                (found ??= new Dictionary<string, string>(StringComparer.Ordinal))[locale] = text;
        return found;
    }
}
