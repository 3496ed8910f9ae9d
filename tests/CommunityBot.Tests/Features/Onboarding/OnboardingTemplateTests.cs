using CommunityBot.Features.Onboarding;

namespace CommunityBot.Tests.Features.Onboarding;

[Category("Onboarding")]
public sealed class OnboardingTemplateTests
{
    private static readonly Dictionary<string, ulong> Channels = new() { ["rules"] = 111, ["intros"] = 222 };

    [Test]
    public void Every_variable_is_filled()
    {
        var text = OnboardingTemplate.Render("Hi {user} ({user.name}), welcome to {server}! Member #{memberCount}. See {channel:rules}, {channel:333} and {{literal}}.",
            new TemplateValues("Dev Hub", Channels) { MemberId = 42, MemberName = "ada", MemberCount = 1234 });
        Assert.That(text, Is.EqualTo("Hi <@42> (ada), welcome to Dev Hub! Member #1,234. See <#111>, <#333> and {literal}."));
    }

    [Test]
    public void Member_names_are_shown_as_written_never_as_formatting()
    {
        var text = OnboardingTemplate.Render("{user.name}", new TemplateValues("S", Channels) { MemberName = "**bold**_x_`y`" });
        Assert.That(text, Is.EqualTo(@"\*\*bold\*\*\_x\_\`y\`"));
    }

    [Test]
    public void A_valid_member_template_has_no_problems() =>
        Assert.That(OnboardingTemplate.Problems("Hi {user}, {user.name} · {server} · {memberCount} · {channel:intros} · {channel:123}", TemplateScope.Member, Channels), Is.Empty);

    [TestCase("Hi {usr}", "unknown variable {usr}")]
    [TestCase("Go to {channel:lobby}", "unknown channel 'lobby'")]
    [TestCase("Hi {user", "is never closed")]
    [TestCase("Hi user}", "has no matching '{'")]
    [TestCase("Hi {}", "empty variable")]
    public void Typos_are_reported(string template, string expected) =>
        Assert.That(OnboardingTemplate.Problems(template, TemplateScope.Member, Channels), Has.Some.Contains(expected));

    [Test]
    public void Rules_text_cannot_mention_a_member() =>
        Assert.That(OnboardingTemplate.Problems("Hello {user}", TemplateScope.Guild, Channels), Has.Some.Contains("{user} is not available here"));
}
