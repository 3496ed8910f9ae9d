using System.Globalization;
using CommunityBot.Localisation;

namespace CommunityBot.Tests.Localisation;

[Category("Localisation")]
public sealed class DurationWordsTests
{
    [TestCase("90m", 90)]
    [TestCase("6h", 360)]
    [TestCase("2d", 2880)]
    [TestCase("1w", 10080)]
    [TestCase("1d12h", 2160)]
    [TestCase("2 hours", 120)]
    [TestCase("1 day 30 minutes", 1470)]
    [TestCase("30분", 30)]
    [TestCase("2시간", 120)]
    [TestCase("3일", 4320)]
    [TestCase("1주", 10080)]
    [TestCase("1주일", 10080)]
    [TestCase("2시간 30분", 150)]
    [TestCase("1일12시간", 2160)]
    public void Reads_English_and_Korean_durations(string text, int minutes)
    {
        Assert.That(DurationWords.TryParse(text, out var duration), Is.True, text);
        Assert.That(duration, Is.EqualTo(TimeSpan.FromMinutes(minutes)));
    }

    [TestCase("")]
    [TestCase("soon")]
    [TestCase("5")]
    [TestCase("0m")]
    [TestCase("5 mo")]
    [TestCase("2dx")]
    [TestCase("3년")]
    [TestCase("1234567m")]
    public void Refuses_what_is_not_a_positive_duration(string text) => Assert.That(DurationWords.TryParse(text, out _), Is.False, text);

    [Test]
    public void Describes_in_the_readers_language()
    {
        var span = TimeSpan.FromDays(3) + TimeSpan.FromMinutes(30);
        Assert.That(DurationWords.Describe(span, CultureInfo.GetCultureInfo("ko")), Is.EqualTo("3일 30분"));
        Assert.That(DurationWords.Describe(span, CultureInfo.GetCultureInfo("en-GB")), Is.EqualTo("3d 30m"));
        Assert.That(DurationWords.Describe(TimeSpan.Zero, CultureInfo.GetCultureInfo("ko")), Is.EqualTo("0분"));
    }
}
