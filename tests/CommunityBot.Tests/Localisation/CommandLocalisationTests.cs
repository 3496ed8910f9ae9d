using CommunityBot.Discord.Models;
using CommunityBot.Features.Diagnostics.Resources;
using CommunityBot.Hosting;
using CommunityBot.Interactions;
using CommunityBot.Localisation;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace CommunityBot.Tests.Localisation;

[Category("Localisation")]
public sealed class CommandLocalisationTests
{
    /// <summary>
    /// Commands whose features are still being translated (issue 21): each feature's owner removes its commands here
    /// when its resources land. The list only shrinks.
    /// </summary>
    private static readonly HashSet<string> NotYetTranslated =
    [
        "faq", "Save as FAQ", "Mark as answer",
        "poll", "survey", "idea", "Report to moderators", "automod", "ban", "case", "kick", "modlog", "timeout", "unban", "untimeout", "warn",
    ];

    private static ApplicationCommand[] Definitions()
    {
        var services = new ServiceCollection().AddLogging().AddCommunityBot(new ConfigurationBuilder().Build()).BuildServiceProvider();
        using var scope = services.CreateScope();
        return scope.ServiceProvider.GetServices<IApplicationCommand>().Select(c => c.Definition).ToArray();
    }

    [Test]
    public void Every_translated_command_is_described_in_every_language()
    {
        var definitions = Definitions();
        var missing = new List<string>();
        foreach (var command in definitions.Where(c => !NotYetTranslated.Contains(c.Name)))
        {
            if (command.Type is null or ApplicationCommandTypes.ChatInput) Check(command.DescriptionLocalizations, $"/{command.Name}");
            else Check(command.NameLocalizations, command.Name);
            foreach (var option in command.Options ?? []) CheckOption(option, $"/{command.Name}");
        }
        Assert.That(missing, Is.Empty, "texts without a translation");
        Assert.That(definitions.Select(d => d.Name), Does.Contain("ping"), "the check saw the bot's commands");
        Assert.DoesNotThrow(() => ApplicationCommandRules.Validate(definitions), "translations follow Discord's naming and length rules");

        void CheckOption(ApplicationCommandOption option, string at)
        {
            var here = $"{at} {option.Name}";
            Check(option.DescriptionLocalizations, here);
            foreach (var choice in option.Choices ?? []) Check(choice.NameLocalizations, $"{here} choice {choice.Name}");
            foreach (var inner in option.Options ?? []) CheckOption(inner, here);
        }

        void Check(Dictionary<string, string>? localized, string at)
        {
            foreach (var culture in Languages.Translations)
                if (localized?.ContainsKey(culture.Name) != true) missing.Add($"{at} ({culture.Name})");
        }
    }

    [Test]
    public void Localised_fills_descriptions_options_and_choices_from_the_translation()
    {
        var ping = Command.Slash("ping", "Check that the bot is alive and how fast it answers", AccessLevel.Everyone).Localised(Localiser<DiagnosticsStrings>.Shared);
        Assert.That(ping.DescriptionLocalizations!["ko"], Does.Contain("봇이 살아 있는지"));
        Assert.That(ping.NameLocalizations, Is.Null, "slash command names stay English");
        Assert.That(ping.Description, Is.EqualTo("Check that the bot is alive and how fast it answers"), "English stays the default");
    }

    private static ApplicationCommand Slash(Dictionary<string, string>? names = null, Dictionary<string, string>? descriptions = null,
        ApplicationCommandOption[]? options = null) => new()
    {
        Type = ApplicationCommandTypes.ChatInput, Name = "poll", Description = "Polls",
        NameLocalizations = names, DescriptionLocalizations = descriptions, Options = options,
    };

    [Test]
    public void Rules_check_every_localization()
    {
        Assert.DoesNotThrow(() => ApplicationCommandRules.Validate([Slash(new() { ["ko"] = "투표" }, new() { ["ko"] = "투표를 만들어요" })]));

        var ex = Assert.Throws<ArgumentException>(() => ApplicationCommandRules.Validate([Slash(descriptions: new() { ["kr"] = "투표" })]));
        Assert.That(ex!.Message, Does.Contain("/poll").And.Contain("“kr”").And.Contain("not a Discord locale"));

        ex = Assert.Throws<ArgumentException>(() => ApplicationCommandRules.Validate([Slash(descriptions: new() { ["ko"] = new string('가', 101) })]));
        Assert.That(ex!.Message, Does.Contain("ko description must be 1–100 characters (has 101)"));

        ex = Assert.Throws<ArgumentException>(() => ApplicationCommandRules.Validate([Slash(names: new() { ["ko"] = "투표 만들기" })]));
        Assert.That(ex!.Message, Does.Contain("ko name “투표 만들기”"));

        var option = new ApplicationCommandOption
        {
            Type = ApplicationCommandOptionTypes.String, Name = "kind", Description = "Kind",
            Choices = [ApplicationCommandOptionChoice.Of("Yes", "yes") with { NameLocalizations = new() { ["ko"] = "" } }],
        };
        ex = Assert.Throws<ArgumentException>(() => ApplicationCommandRules.Validate([Slash(options: [option])]));
        Assert.That(ex!.Message, Does.Contain("/poll kind choice “Yes”"));

        var menu = new ApplicationCommand { Type = ApplicationCommandTypes.Message, Name = "Save as FAQ", DescriptionLocalizations = new() { ["ko"] = "x" } };
        Assert.Throws<ArgumentException>(() => ApplicationCommandRules.Validate([menu]), "context-menu commands have no description in any language");
    }
}
