using System.Globalization;
using CommunityBot.Localisation;

namespace CommunityBot.Tests.Localisation;

[Category("Localisation")]
public sealed class TextTemplateTests
{
    private static readonly CultureInfo Ko = CultureInfo.GetCultureInfo("ko");
    private static readonly CultureInfo En = CultureInfo.GetCultureInfo("en-US");

    [Test]
    public void Named_placeholders_keep_each_languages_word_order()
    {
        Assert.That(TextTemplate.Format("{member}님이 {points}점을 받았어요", Ko, [("member", "민수"), ("points", 1500)]), Is.EqualTo("민수님이 1,500점을 받았어요"));
        Assert.That(TextTemplate.Format("{member} earned {points} points", En, [("points", 1500), ("member", "Minsu")]), Is.EqualTo("Minsu earned 1,500 points"));
    }

    [Test]
    public void A_particle_after_a_placeholder_fits_the_value()
    {
        const string template = "{reward:을} 신청했어요. {member:이} 확인할 거예요.";
        Assert.That(TextTemplate.Format(template, Ko, [("reward", "스티커"), ("member", "관리자")]), Is.EqualTo("스티커를 신청했어요. 관리자가 확인할 거예요."));
        Assert.That(TextTemplate.Format(template, Ko, [("reward", "배지 역할"), ("member", "민수")]), Is.EqualTo("배지 역할을 신청했어요. 민수가 확인할 거예요."));
        Assert.That(TextTemplate.Format("{count:이} 남았어요", Ko, [("count", 3)]), Is.EqualTo("3이 남았어요"));
        Assert.That(TextTemplate.Format("{count:이} 남았어요", Ko, [("count", 2)]), Is.EqualTo("2가 남았어요"));
    }

    [Test]
    public void Numbers_follow_the_culture_and_ids_stay_as_they_are()
    {
        var de = CultureInfo.GetCultureInfo("de-DE");
        Assert.That(TextTemplate.Format("{n}", de, [("n", 1234567L)]), Is.EqualTo("1.234.567"));
        Assert.That(TextTemplate.Format("{n}", En, [("n", 2.5)]), Is.EqualTo("2.5"));
        Assert.That(TextTemplate.Format("{n}", de, [("n", 2.5)]), Is.EqualTo("2,5"));
        Assert.That(TextTemplate.Format("#{id}", En, [("id", 123456789012345678UL)]), Is.EqualTo("#123456789012345678"));
    }

    [Test]
    public void Times_are_Discord_timestamps_and_durations_are_words()
    {
        var at = DateTimeOffset.FromUnixTimeSeconds(1_700_000_000);
        Assert.That(TextTemplate.Format("{at}", Ko, [("at", at)]), Is.EqualTo("<t:1700000000:f>"));
        Assert.That(TextTemplate.Format("{at:R}", Ko, [("at", at)]), Is.EqualTo("<t:1700000000:R>"));
        var span = TimeSpan.FromHours(26) + TimeSpan.FromMinutes(5);
        Assert.That(TextTemplate.Format("{d}", Ko, [("d", span)]), Is.EqualTo("1일 2시간 5분"));
        Assert.That(TextTemplate.Format("{d}", En, [("d", span)]), Is.EqualTo("1d 2h 5m"));
    }

    [Test]
    public void Braces_can_be_written_and_a_missing_value_is_an_error()
    {
        Assert.That(TextTemplate.Format("{{user}} → {user}", En, [("user", "Ann")]), Is.EqualTo("{user} → Ann"));
        Assert.Throws<FormatException>(() => TextTemplate.Format("{user} and {other}", En, [("user", "Ann")]));
        Assert.Throws<FormatException>(() => TextTemplate.Format("{user", En, [("user", "Ann")]));
    }

    [Test]
    public void Placeholders_lists_names_without_formats_or_particles() =>
        Assert.That(TextTemplate.Placeholders("{{x}} {member:이} {points} {at:R}"), Is.EqualTo(new[] { "member", "points", "at" }));
}
