using System.Globalization;
using CommunityBot.Configuration;
using CommunityBot.Features.Onboarding;
using CommunityBot.Hosting;
using CommunityBot.Localisation;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace CommunityBot.Tests.Features.Onboarding;

[Category("Localisation")]
public sealed class OnboardingLocalisationTests
{
    private static ConfigLoadResult Load(string onboardingJson)
    {
        var services = new ServiceCollection().AddCommunityBot(new ConfigurationBuilder().Build());
        var loader = new CommunityConfigLoader(services.Where(d => d.ServiceType == typeof(ConfigSection)).Select(d => (ConfigSection)d.ImplementationInstance!));
        return loader.Parse($$"""{ "guilds": { "900": { "onboarding": {{onboardingJson}} } } }""", "community.json");
    }

    [Test]
    public void Config_texts_may_be_given_per_language_and_each_language_is_checked()
    {
        var result = Load("""
            { "channels": { "rules": "10" },
              "rules": { "channelId": "10", "memberRoleId": "20",
                         "text": { "ko": "서로 존중해 주세요. {channel:rules}", "en": "Be kind. {channel:rules}" },
                         "buttonLabel": { "ko": "동의합니다", "en": "I agree" } } }
            """);
        Assert.That(result.Errors, Is.Empty);
        var rules = result.Config!.Guild(900)!.Section<OnboardingSettings>()!.Rules!;
        var values = new TemplateValues("서버", new Dictionary<string, ulong> { ["rules"] = 10 });
        Assert.That(RulesMessage.Embed(rules, values, Languages.Korean).Description, Is.EqualTo("서로 존중해 주세요. <#10>"));
        Assert.That(RulesMessage.Embed(rules, values, Languages.Fallback).Description, Is.EqualTo("Be kind. <#10>"));
        Assert.That(RulesMessage.Embed(rules, values, Languages.Korean).Title, Is.EqualTo("서버 규칙"), "an unset title is the default in that language");

        var broken = Load("""
            { "rules": { "channelId": "10", "memberRoleId": "20", "text": { "ko": "{usr}님 환영해요", "en": "" } } }
            """);
        var errors = broken.Errors.Select(e => e.ToString()).ToList();
        Assert.That(errors, Has.Some.StartsWith("community.json: $.guilds[\"900\"].onboarding.rules.text.ko: unknown variable {usr}"));
        Assert.That(errors, Has.Some.StartsWith("community.json: $.guilds[\"900\"].onboarding.rules.text.en: must not be empty"));
        Assert.That(Load("""{ "rules": { "channelId": "10", "memberRoleId": "20", "text": { "fr": "Soyez gentils" } } }""").Errors.Select(e => e.ToString()),
            Has.Some.Contains("onboarding.rules.text").And.Some.Contains("'fr' is not a language the bot speaks"));
    }

    [TestCase("Default.FirstSteps")]
    [TestCase("Default.Nudge")]
    [TestCase("Default.RejoinDirectMessage")]
    [TestCase("Default.RulesTitle")]
    public void Every_default_text_is_a_valid_template_in_every_language(string key)
    {
        var channels = new Dictionary<string, ulong> { ["rules"] = 10 };
        foreach (var culture in Languages.Translations.Prepend(Languages.Fallback))
        {
            var text = OnboardingTexts.Or(null, key, culture);
            Assert.That(OnboardingTemplate.Problems(text, TemplateScope.Member, channels), Is.Empty, $"{key} in {culture.Name}");
        }
    }

    [Test]
    public void The_funnel_report_is_written_in_the_moderators_language()
    {
        var report = FunnelReport.Compute([], DateTimeOffset.UtcNow, 7);
        var embed = report.ToEmbed(inviteTracking: false, CultureInfo.GetCultureInfo("ko"));
        Assert.That(embed.Title, Is.EqualTo("온보딩 퍼널"));
        Assert.That(embed.Description, Does.Contain("최근 **7**일 동안 들어온 멤버: **0**명").And.Contain("들어온 멤버가 없어요"));
        Assert.That(embed.Fields![0].Value, Does.Contain("서버 관리하기"));
        Assert.That(FunnelReport.Duration(TimeSpan.FromHours(26), Languages.Korean), Is.EqualTo("1일 2시간"));
    }
}
