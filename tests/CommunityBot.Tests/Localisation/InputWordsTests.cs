using CommunityBot.Localisation;

namespace CommunityBot.Tests.Localisation;

[Category("Localisation")]
public sealed class InputWordsTests
{
    [TestCase("yes", true)]
    [TestCase("Y", true)]
    [TestCase("네", true)]
    [TestCase("예.", true)]
    [TestCase(" 응 ", true)]
    [TestCase("no", false)]
    [TestCase("아니요", false)]
    [TestCase("아니오", false)]
    [TestCase("아뇨!", false)]
    public void Reads_yes_and_no_in_both_languages(string text, bool expected)
    {
        Assert.That(InputWords.TryParseYesNo(text, out var yes), Is.True, text);
        Assert.That(yes, Is.EqualTo(expected));
    }

    [TestCase("")]
    [TestCase("maybe")]
    [TestCase("글쎄요")]
    [TestCase(null)]
    public void Anything_else_is_neither(string? text) => Assert.That(InputWords.TryParseYesNo(text, out _), Is.False);

    [Test]
    public void Lists_split_on_ascii_and_full_width_bars_and_lines_but_not_commas() =>
        Assert.That(InputWords.SplitList("짜장면 ｜ 짬뽕|Seoul, Korea\n 탕수육 ||"), Is.EqualTo(new[] { "짜장면", "짬뽕", "Seoul, Korea", "탕수육" }));
}
