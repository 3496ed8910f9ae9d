using System.Net;
using CommunityBot.Discord;
using CommunityBot.Discord.Models;
using CommunityBot.Discord.Rest;
using CommunityBot.Interactions;
using CommunityBot.Tests.Discord.Fakes;
using Microsoft.Extensions.Logging.Abstractions;
using static CommunityBot.Interactions.Option;

namespace CommunityBot.Tests.Discord;

/// <summary>Checklist §4.4: a command set that breaks Discord's rules is refused before the PUT, naming the command and the rule.</summary>
[Category("Protocol")]
public class ApplicationCommandRulesTests
{
    private static ApplicationCommand Slash(string name, params ApplicationCommandOption[] options) =>
        Command.Slash(name, "Does a thing", AccessLevel.Everyone, options);

    private static string Refusal(params ApplicationCommand[] commands) =>
        Assert.Throws<ArgumentException>(() => ApplicationCommandRules.Validate(commands))!.Message;

    [Test]
    public void AWellFormedSet_Passes()
    {
        Assert.DoesNotThrow(() => ApplicationCommandRules.Validate([
            Slash("points", Sub("me", "Your balance"), Group("admin", "Admin tools", Sub("grant", "Grant points", User("member", "Who", required: true), Integer("amount", "How many", required: true, min: 1, max: 10), String("reason", "Why", maxLength: 200)))),
            Slash("ça-va_l'ami", String("mode", "Pick", choices: [ApplicationCommandOptionChoice.Of("Fast", "fast")])),
            Command.MessageMenu("Save as FAQ"),
        ]));
    }

    [Test]
    public void Names_MustBeLowercaseWordCharacters_UpToThirtyTwo()
    {
        Assert.That(Refusal(Slash("Points")), Does.Contain("/Points").And.Contain("lowercase"));
        Assert.That(Refusal(Slash("two words")), Does.Contain("“two words”"));
        Assert.That(Refusal(Slash(new string('a', 33))), Does.Contain("1–32"));
        Assert.That(Refusal(Slash("faq", String("Query", "Text"))), Does.Contain("/faq Query").And.Contain("lowercase"));
        Assert.That(Refusal(Command.MessageMenu(new string('M', 33))), Does.Contain("1–32"));
    }

    [Test]
    public void Descriptions_AreRequiredOnSlashCommands_AndForbiddenOnContextMenus()
    {
        Assert.That(Refusal(Command.Slash("faq", "", AccessLevel.Everyone)), Does.Contain("/faq: description must be 1–100"));
        Assert.That(Refusal(Command.Slash("faq", new string('d', 101), AccessLevel.Everyone)), Does.Contain("has 101"));
        Assert.That(Refusal(Command.MessageMenu("Save") with { Description = "Saves" }), Does.Contain("must not have a description"));
    }

    [Test]
    public void Options_RequiredFirst_AtMost25_ChoicesNotWithAutocomplete_BoundsInOrder()
    {
        Assert.That(Refusal(Slash("grant", String("reason", "Why"), User("member", "Who", required: true))),
            Does.Contain("/grant member: is required but follows an optional option"));
        Assert.That(Refusal(Slash("many", Enumerable.Range(0, 26).Select(i => Boolean($"o{i}", "Flag")).ToArray())), Does.Contain("26 options"));
        Assert.That(Refusal(Slash("pick", String("mode", "Mode", autocomplete: true, choices: [ApplicationCommandOptionChoice.Of("A", "a")]))),
            Does.Contain("autocomplete with choices"));
        Assert.That(Refusal(Slash("pick", String("mode", "Mode", choices: Enumerable.Range(0, 26).Select(i => ApplicationCommandOptionChoice.Of($"c{i}", i)).ToArray()))),
            Does.Contain("26 choices"));
        Assert.That(Refusal(Slash("len", String("text", "Text", minLength: 10, maxLength: 5))), Does.Contain("minimum above its maximum"));
        Assert.That(Refusal(Slash("len", String("text", "Text", maxLength: 6001))), Does.Contain("max_length"));
        // Required-before-optional is per level: each subcommand starts afresh.
        Assert.DoesNotThrow(() => ApplicationCommandRules.Validate([Slash("s", Sub("a", "A", String("x", "X")), Sub("b", "B", String("y", "Y", required: true)))]));
    }

    [Test]
    public void Nesting_GroupsHoldOnlySubcommands_AndGoOneLevelDeep()
    {
        Assert.That(Refusal(Slash("g", Group("admin", "Admin", String("x", "X")))), Does.Contain("must hold subcommands only"));
        Assert.That(Refusal(Slash("g", Sub("a", "A", Sub("b", "B")))), Does.Contain("nested too deep"));
    }

    [Test]
    public void TheSetAsAWhole_NoDuplicates_AndTheDocumentedCountsPerType()
    {
        Assert.That(Refusal(Slash("faq"), Slash("faq")), Does.Contain("/faq: is defined twice"));
        Assert.DoesNotThrow(() => ApplicationCommandRules.Validate([Slash("faq"), Command.MessageMenu("faq")]), "same name, different type is fine");
        Assert.That(Refusal(Enumerable.Range(0, 16).Select(i => Command.MessageMenu($"Menu {i}")).ToArray()), Does.Contain("16 MESSAGE commands"));
        Assert.That(Refusal(Enumerable.Range(0, 101).Select(i => Slash($"c{i}")).ToArray()), Does.Contain("101 CHAT_INPUT commands"));
    }

    [Test]
    public void BulkOverwrite_RefusesABrokenSet_BeforeAnyRequest()
    {
        var http = new ScriptedHttpHandler();
        using var rest = new DiscordRestClient(new DiscordClientOptions { Token = "t", ApiBaseUrl = "https://discord.test/api/v10" },
            NullLogger.Instance, http, new ManualTimeProvider(), TimeSpan.Zero);
        Assert.ThrowsAsync<ArgumentException>(() => rest.BulkOverwriteGuildApplicationCommandsAsync(1, 2, [Slash("Bad")]));
        Assert.ThrowsAsync<ArgumentException>(() => rest.BulkOverwriteGlobalApplicationCommandsAsync(1, [Slash("Bad")]));
        Assert.That(http.Requests, Is.Empty);
    }
}
