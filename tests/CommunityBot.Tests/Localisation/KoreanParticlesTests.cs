using CommunityBot.Localisation;

namespace CommunityBot.Tests.Localisation;

[Category("Localisation")]
public sealed class KoreanParticlesTests
{
    // Hangul: the final syllable's 받침 decides; ㄹ takes 로 (not 으로).
    [TestCase("민수", "을", "를")]
    [TestCase("지민", "를", "을")]
    [TestCase("사과", "이", "가")]
    [TestCase("책", "가", "이")]
    [TestCase("하늘", "은", "은")]
    [TestCase("바다", "은", "는")]
    [TestCase("친구", "과", "와")]
    [TestCase("동생", "와", "과")]
    [TestCase("서울", "으로", "로")]
    [TestCase("부산", "로", "으로")]
    [TestCase("학교", "으로", "로")]
    [TestCase("지민", "야", "아")]
    [TestCase("커피", "이나", "나")]
    // Numbers, read in Sino-Korean: 1 일, 2 이, 3 삼, 6 육, 7 칠, 8 팔, 10 십, 100 백, 1,000 천, 10,000 만.
    [TestCase("1", "을", "을")]
    [TestCase("2", "을", "를")]
    [TestCase("3", "이", "이")]
    [TestCase("5", "이", "가")]
    [TestCase("6", "은", "은")]
    [TestCase("9", "은", "는")]
    [TestCase("10", "이", "이")]
    [TestCase("100", "를", "을")]
    [TestCase("1,000", "가", "이")]
    [TestCase("20000", "가", "이")]
    [TestCase("0", "가", "이")]
    [TestCase("7", "으로", "로")]
    [TestCase("3", "으로", "으로")]
    [TestCase("4", "으로", "로")]
    // Latin names as they are usually written in Hangul.
    [TestCase("Bob", "을", "을")]
    [TestCase("Alice", "을", "를")]
    [TestCase("Max", "이", "가")]
    [TestCase("Ben", "가", "이")]
    [TestCase("Bill", "으로", "로")]
    [TestCase("Jack", "은", "은")]
    [TestCase("Chloe", "은", "는")]
    // What is not spoken at the end is skipped: markdown, quotes, brackets.
    [TestCase("**민수**", "을", "를")]
    [TestCase("「책」", "을", "을")]
    public void Picks_the_form_that_fits_the_words_ending(string word, string written, string expected) =>
        Assert.That(KoreanParticles.After(word, written), Is.EqualTo(expected));

    [TestCase("<@123456789>", "을", "을(를)")]
    [TestCase("🎉", "이", "이(가)")]
    [TestCase("<@123>", "으로", "(으)로")]
    [TestCase("<#42>", "이나", "(이)나")]
    public void When_the_ending_cannot_be_read_both_forms_are_shown(string word, string written, string expected) =>
        Assert.That(KoreanParticles.After(word, written), Is.EqualTo(expected));

    [Test]
    public void Only_two_form_particles_are_known()
    {
        Assert.That(KoreanParticles.IsKnown("를"), Is.True);
        Assert.That(KoreanParticles.IsKnown("의"), Is.False, "의 has one form");
        Assert.Throws<ArgumentException>(() => KoreanParticles.After("책", "의"));
    }
}
