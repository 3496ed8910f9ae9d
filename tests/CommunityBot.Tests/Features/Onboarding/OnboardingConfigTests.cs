using CommunityBot.Localisation;
using CommunityBot.Configuration;
using CommunityBot.Features.Onboarding;
using CommunityBot.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace CommunityBot.Tests.Features.Onboarding;

/// <summary>The onboarding section through the real loader: shipped schema, strict typing, then the feature's own checks.</summary>
[Category("Onboarding")]
public sealed class OnboardingConfigTests
{
    private static CommunityConfigLoader Loader()
    {
        var services = new ServiceCollection().AddCommunityBot(new ConfigurationBuilder().Build());
        return new CommunityConfigLoader(services.Where(d => d.ServiceType == typeof(ConfigSection)).Select(d => (ConfigSection)d.ImplementationInstance!));
    }

    private static ConfigLoadResult Load(string onboardingJson) =>
        Loader().Parse($$"""{ "guilds": { "900": { "moderatorRoleIds": ["77"], "onboarding": {{onboardingJson}} } } }""", "community.json");

    private const string Rules = """
        "rules": { "channelId": "10", "text": "Be kind. Questions in {channel:faq}.", "memberRoleId": "20", "newcomerRoleId": "21", "firstSteps": "Hi {user.name}, say hello in {channel:intros}." }
        """;

    [Test]
    public void A_complete_section_loads()
    {
        var result = Load($$"""
            { "channels": { "faq": "11", "intros": "12" },
              "welcome": { "channelId": "13", "message": "Welcome {user} to {server}, member #{memberCount}!", "directMessage": "Hi {user.name}" },
              "autoRoles": { "roleIds": ["30"], "delayMinutes": 10 },
              {{Rules}},
              "interests": { "minValues": 0, "maxValues": 2, "roles": [ { "roleId": "40", "label": "Backend" }, { "roleId": "41", "label": "Frontend" } ] },
              "nudge": { "afterHours": 12, "message": "Accept the rules in {channel:faq}" },
              "rejoin": { "mode": "askAgain" } }
            """);
        Assert.That(result.Errors, Is.Empty);
        var settings = result.Config!.Guild(900)!.Section<OnboardingSettings>()!;
        Assert.That(settings.Rejoin.Mode, Is.EqualTo(RejoinMode.AskAgain));
        Assert.That(settings.Interests!.EffectiveMaxValues, Is.EqualTo(2));
    }

    [Test]
    public void An_unknown_template_variable_is_refused_with_its_path()
    {
        var result = Load("""{ "welcome": { "channelId": "13", "message": "Welcome {usr}!" } }""");
        Assert.That(result.IsValid, Is.False);
        Assert.That(result.Errors.Select(e => e.ToString()), Has.Some.StartsWith("community.json: $.guilds[\"900\"].onboarding.welcome.message: unknown variable {usr}"));
    }

    [Test]
    public void A_channel_link_to_an_unnamed_channel_is_refused_with_its_path()
    {
        var result = Load($$"""{ "channels": { "faq": "11" }, {{Rules}} }""");
        Assert.That(result.Errors.Select(e => e.ToString()),
            Has.Some.StartsWith("community.json: $.guilds[\"900\"].onboarding.rules.firstSteps: unknown channel 'intros'"));
    }

    [Test]
    public void Interest_roles_can_never_include_the_gate_roles_or_staff_roles()
    {
        var result = Load($$"""
            { "channels": { "faq": "11", "intros": "12" }, {{Rules}},
              "interests": { "roles": [ { "roleId": "20", "label": "Member" }, { "roleId": "77", "label": "Mods" } ] } }
            """);
        var errors = result.Errors.Select(e => e.ToString()).ToList();
        Assert.That(errors, Has.Some.Contains("onboarding.interests.roles[0].roleId: must not be the member or newcomer role"));
        Assert.That(errors, Has.Some.Contains("onboarding.interests.roles[1].roleId: is a moderator or admin role"));
    }

    [Test]
    public void Select_bounds_are_checked_against_the_roles()
    {
        var result = Load("""{ "interests": { "minValues": 3, "maxValues": 2, "roles": [ { "roleId": "40", "label": "A" }, { "roleId": "41", "label": "B" } ] } }""");
        Assert.That(result.Errors.Select(e => e.ToString()), Has.Some.Contains("onboarding.interests.minValues: must not exceed maxValues (2)"));
    }

    [Test]
    public void A_nudge_without_a_rules_gate_is_refused()
    {
        var result = Load("""{ "nudge": { "afterHours": 24, "message": "hi" } }""");
        Assert.That(result.Errors.Select(e => e.ToString()), Has.Some.Contains("onboarding.nudge: needs onboarding.rules"));
    }

    [Test]
    public void The_welcome_back_DM_has_a_short_default_and_a_custom_one_is_checked_like_any_template()
    {
        var defaulted = Load("""{ "welcome": { "directMessage": "Hi {user.name}" } }""");
        Assert.That(defaulted.Errors, Is.Empty);
        // The default comes from the feature's resources, in the member's language.
        var configured = defaulted.Config!.Guild(900)!.Section<OnboardingSettings>()!.Welcome!.RejoinDirectMessage;
        Assert.That(OnboardingTexts.Or(configured, "Default.RejoinDirectMessage", Languages.Fallback),
            Is.EqualTo("Welcome back to {server}, {user.name}! Your access and the interests you picked are restored."));
        Assert.That(OnboardingTexts.Or(configured, "Default.RejoinDirectMessage", Languages.Korean), Does.StartWith("{user.name}님, {server}에 다시 오신 걸 환영해요!"));

        var custom = Load("""{ "welcome": { "directMessage": "Hi {user.name}", "rejoinDirectMessage": "Back again, {user.name}!" } }""");
        Assert.That(custom.Errors, Is.Empty);
        Assert.That(custom.Config!.Guild(900)!.Section<OnboardingSettings>()!.Welcome!.RejoinDirectMessage!.For(Languages.Korean), Is.EqualTo("Back again, {user.name}!"));

        var broken = Load("""{ "welcome": { "rejoinDirectMessage": "Back again, {usr}!" } }""");
        Assert.That(broken.Errors.Select(e => e.ToString()),
            Has.Some.StartsWith("community.json: $.guilds[\"900\"].onboarding.welcome.rejoinDirectMessage: unknown variable {usr}"));
    }

    [Test]
    public void An_unknown_key_is_refused_by_the_schema()
    {
        var result = Load("""{ "welcom": { } }""");
        Assert.That(result.Errors.Select(e => e.ToString()), Has.Some.Contains("onboarding.welcom: unknown key 'welcom'"));
    }
}
