using CommunityBot.Features.Faq;

namespace CommunityBot.Tests.Features.Faq;

[Category("Faq")]
public class FaqTextAndMatcherTests
{
    [TestCase("비밀번호를", "비밀번호")]
    [TestCase("비밀번호에서는", "비밀번호")]
    [TestCase("결제를", "결제")]
    [TestCase("결제", "결제")]
    [TestCase("passwords", "password")]
    [TestCase("status", "status")]
    [TestCase("Notif", "notif")]
    public void Search_terms_strip_particles_and_plurals(string word, string stem) =>
        Assert.That(FaqText.SearchTerms(word), Is.EqualTo(new[] { stem }));

    [Test]
    public void Tags_are_normalised_sorted_and_unique() =>
        Assert.That(FaqText.NormalizeTags(" Login, #account ,login,,계정 "), Is.EqualTo("account,login,계정"));

    [TestCase("How do I reset my password", true)]
    [TestCase("anyone know why the bot is offline", true)]
    [TestCase("my upload is not working", true)]
    [TestCase("비밀번호를 어떻게 바꾸나요", true)]
    [TestCase("결제가 안돼요", true)]
    [TestCase("환불 받을 수 있나요", true)]
    [TestCase("thanks, that fixed it!", false)]
    [TestCase("lol", false)]
    [TestCase("감사합니다 해결됐어요", false)]
    public void Questions_are_recognised_in_english_and_korean(string text, bool question) =>
        Assert.That(QuestionDetector.LooksLikeQuestion(text), Is.EqualTo(question));

    [Test]
    public void Matcher_prefers_the_entry_the_question_is_about()
    {
        var index = TrigramIndex.Build([
            (1, "How do I reset my password?"),
            (2, "How do I change my nickname?"),
            (3, "비밀번호 변경 방법"),
            (4, "결제 취소는 어떻게 하나요?"),
            (2, "rename myself"),
        ]);

        Assert.That(index.Best("how can I reset my password??")!.EntryId, Is.EqualTo(1));
        Assert.That(index.Best("how can I reset my password??")!.Score, Is.GreaterThan(0.8));
        Assert.That(index.Best("비밀번호를 어떻게 변경하나요?")!.EntryId, Is.EqualTo(3));
        Assert.That(index.Best("how do I rename myself")!.EntryId, Is.EqualTo(2), "aliases match too");
        Assert.That(index.Best("how do I fix my microphone?")?.Score ?? 0, Is.LessThan(0.55), "unrelated questions stay below the default threshold");
    }
}
