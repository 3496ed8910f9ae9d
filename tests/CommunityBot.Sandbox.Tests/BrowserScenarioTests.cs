using System.Text.RegularExpressions;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace CommunityBot.Sandbox.Tests;

/// <summary>What a community manager tries first, clicked through the sandbox page in Chromium.</summary>
[Category("Sandbox")]
[NonParallelizable]
public sealed class BrowserScenarioTests : SandboxBrowserTest
{
    [Test]
    public async Task A_new_member_is_welcomed_accepts_the_rules_and_becomes_a_member()
    {
        await ActAsAsync("nina-newcomer");
        await StepAsync("nina-not-in-the-server");
        await Page.GetByTestId("join-nina-newcomer").ClickAsync();
        await Expect(Page.GetByTestId("leave-nina-newcomer")).ToBeVisibleAsync();

        await OpenChannelAsync("welcome");
        await Expect(MessageContaining("Welcome @nina-newcomer")).ToBeVisibleAsync();
        await StepAsync("welcome-message");

        await OpenChannelAsync("rules");
        var accept = Page.GetByRole(AriaRole.Button, new PageGetByRoleOptions { Name = "I accept" });
        await Expect(accept).ToBeVisibleAsync();
        await Expect(Messages.First.GetByTestId("embed")).ToContainTextAsync("Rules of Sandbox Community");
        await StepAsync("rules-with-accept-button");

        await accept.ClickAsync();
        await Expect(Page.GetByTestId("roles-nina-newcomer")).ToHaveTextAsync(new Regex(@"\bmember\b"));
        var thanks = MessageContaining("Thanks nina-newcomer");
        await Expect(thanks).ToContainTextAsync("Only you can see this");
        await StepAsync("accepted-member-role-and-first-steps");

        // The first-steps answer was ephemeral: another member does not see it.
        await ActAsAsync("alice");
        await Expect(Messages.First).ToBeVisibleAsync();
        await Expect(MessageContaining("Thanks nina-newcomer")).ToHaveCountAsync(0);
        await StepAsync("alice-does-not-see-ninas-ephemeral-answer");
    }

    [Test]
    public async Task A_poll_is_created_and_voted_on()
    {
        RequireCommand("poll", "Brainstorming (polls)", 6);
        await ActAsAsync("max-moderator");
        await OpenChannelAsync("general");
        await OpenCommandAsync("poll", "create");
        await Option("question").FillAsync("Where should the meetup be?");
        await Option("options").FillAsync("Pizza place | Taco truck | Sushi bar");
        await StepAsync("poll-create-form");
        await RunCommandAsync();

        var poll = MessageContaining("Where should the meetup be?").Last;
        await Expect(poll.GetByRole(AriaRole.Button, new LocatorGetByRoleOptions { Name = "Taco truck" })).ToBeVisibleAsync();
        await StepAsync("poll-posted");

        await ActAsAsync("alice");
        poll = MessageContaining("Where should the meetup be?").Last;
        await poll.GetByRole(AriaRole.Button, new LocatorGetByRoleOptions { Name = "Taco truck" }).ClickAsync();
        await Expect(poll).ToContainTextAsync("100%");
        await StepAsync("alice-voted");

        await ActAsAsync("bob");
        poll = MessageContaining("Where should the meetup be?").Last;
        await poll.GetByRole(AriaRole.Button, new LocatorGetByRoleOptions { Name = "Sushi bar" }).ClickAsync();
        await Expect(poll).ToContainTextAsync("50%");
        await StepAsync("bob-voted");
    }

    [Test]
    public async Task A_message_flagged_by_automod_is_resolved_by_a_moderator_reacting_in_the_mod_queue()
    {
        RequireCommand("automod", "Moderation", 8);
        const string shouting = "THIS IS THE BEST SERVER EVER AND EVERYONE SHOULD KNOW IT";
        await ActAsAsync("alice");
        await OpenChannelAsync("general");
        await PostAsync(shouting);
        await Expect(MessageContaining(shouting)).ToBeVisibleAsync();
        await StepAsync("alice-shouts");

        await ActAsAsync("max-moderator");
        await OpenChannelAsync("mod-queue");
        var card = MessageContaining("shouting").Last;
        await Expect(card).ToContainTextAsync(shouting);
        var delete = card.Locator("button.reaction[data-emoji='🗑️']");
        await Expect(delete).ToBeVisibleAsync();
        await StepAsync("card-in-mod-queue");

        await delete.ClickAsync();
        await Expect(card).ToContainTextAsync("Resolved by @max-moderator");
        await StepAsync("moderator-deleted-it");

        await OpenChannelAsync("general");
        await Expect(MessageContaining(shouting)).ToHaveCountAsync(0);
        await StepAsync("message-gone-from-general");
    }

    [Test]
    public async Task Points_shows_the_balance_and_rewards_autocomplete_offers_the_bots_suggestions()
    {
        RequireCommand("points", "Ambassadors", 5);
        await ActAsAsync("max-moderator");
        await OpenChannelAsync("general");
        await OpenCommandAsync("points", "grant");
        await Option("member").SelectOptionAsync(new SelectOptionValue { Label = "@alice" });
        await Option("amount").FillAsync("25");
        await Option("reason").FillAsync("Answered three questions in #help");
        await StepAsync("grant-form");
        await RunCommandAsync();
        await Expect(MessageContaining("Granted 25 points")).ToBeVisibleAsync();

        await ActAsAsync("alice");
        await OpenCommandAsync("points", "me");
        await RunCommandAsync();
        var card = MessageContaining("Your ambassador points").Last;
        await Expect(card).ToContainTextAsync("Balance");
        await Expect(card).ToContainTextAsync("25 points");
        await StepAsync("points-me");

        await OpenCommandAsync("rewards", "redeem");
        await Option("reward").FocusAsync();
        await Option("reward").PressSequentiallyAsync("st");
        await Expect(Page.Locator("#ac-reward option").First).ToHaveAttributeAsync("value", new Regex("."));
        await Expect(Page.Locator("#ac-reward option")).ToContainTextAsync(["Sticker pack"]);
        await StepAsync("rewards-autocomplete");
    }

    [Test]
    public async Task A_timed_out_member_appeals_from_the_dm_button_and_a_moderator_lifts_the_timeout()
    {
        RequireCommand("timeout", "Moderation", 8);
        await ActAsAsync("max-moderator");
        await OpenChannelAsync("general");
        await OpenCommandAsync("timeout");
        await Option("member").SelectOptionAsync(new SelectOptionValue { Label = "@bob" });
        await Option("duration").FillAsync("1h");
        await Option("reason").FillAsync("cool down");
        await RunCommandAsync();

        await ActAsAsync("bob");
        await Page.GetByTestId("dm-link").ClickAsync();
        var sanction = MessageContaining("cool down").Last;
        var appeal = sanction.GetByRole(AriaRole.Button, new LocatorGetByRoleOptions { Name = "Appeal" });
        await Expect(appeal).ToBeVisibleAsync();
        await StepAsync("bob-dm-with-appeal-button");

        await appeal.ClickAsync();
        await Expect(Page.Locator("#modal [data-field='text']")).ToBeVisibleAsync();
        await Page.Locator("#modal [data-field='text']").FillAsync("I was having a bad day, sorry");
        await StepAsync("appeal-form");
        await Page.GetByTestId("modal-submit").ClickAsync();
        await Expect(MessageContaining("sent to the moderators")).ToBeVisibleAsync();
        await StepAsync("appeal-sent");

        await ActAsAsync("max-moderator");
        await OpenChannelAsync("appeals");
        var card = MessageContaining("bad day").Last;
        await card.GetByRole(AriaRole.Button, new LocatorGetByRoleOptions { Name = "Accept (lift)" }).ClickAsync();
        await Expect(card).ToContainTextAsync("Accepted by");
        await StepAsync("appeal-accepted");

        await ActAsAsync("bob");
        await Page.GetByTestId("dm-link").ClickAsync();
        await Expect(MessageContaining("was accepted")).ToBeVisibleAsync();
        await StepAsync("bob-told");
    }

    [Test]
    public async Task Editing_the_sandbox_config_shows_the_reload_and_the_errors_of_a_bad_edit()
    {
        var original = await File.ReadAllTextAsync(Runtime.ConfigPath);
        await Expect(Page.GetByTestId("config-status")).ToContainTextAsync("version 1 running");

        await File.WriteAllTextAsync(Runtime.ConfigPath, original.Replace("\"cooldownSeconds\": 0", "\"cooldownSeconds\": -5"));
        await Expect(Page.GetByTestId("config-status")).ToContainTextAsync("edit rejected");
        await Expect(Page.GetByTestId("config-errors")).ToContainTextAsync("cooldownSeconds");
        await StepAsync("rejected-edit");

        await File.WriteAllTextAsync(Runtime.ConfigPath, original.Replace("Rules of {server}", "House rules of {server}"));
        await Expect(Page.GetByTestId("config-status")).ToContainTextAsync("version 2 running");
        await Expect(Page.GetByTestId("config-errors")).ToBeHiddenAsync();
        await StepAsync("accepted-edit");
    }
}
