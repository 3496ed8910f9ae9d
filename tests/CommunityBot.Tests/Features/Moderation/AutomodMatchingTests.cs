using System.Diagnostics;
using CommunityBot.Features.Moderation;
using CommunityBot.Features.Moderation.Automod;

namespace CommunityBot.Tests.Features.Moderation;

[Category("Moderation")]
public sealed class AutomodMatchingTests
{
    private static readonly HashSet<string> NoInvites = [];

    private static AutomodEngine Engine(params AutomodRuleSettings[] rules) => AutomodEngine.For(new ModerationSettings { Rules = rules });

    private static AutomodRuleSettings Words(params string[] words) => new() { Name = "words", Type = AutomodRuleType.Words, Words = words };

    private static List<AutomodMatch> Check(AutomodEngine engine, string content, ulong authorId = 1) =>
        engine.Evaluate(new AutomodMessage { Content = content, AuthorId = authorId, SentAt = DateTimeOffset.UtcNow }, NoInvites, null);

    [TestCase("you ass")]
    [TestCase("you ASS")]
    [TestCase("a s s")]
    [TestCase("a.s.s")]
    [TestCase("a\u200Bss")]
    [TestCase("a\u200B\u200Cs\u2060s")]
    [TestCase("@ss")]
    [TestCase("a$$")]
    [TestCase("4ss")]
    [TestCase("ass!")]
    [TestCase("\u0430ss")] // Cyrillic а
    [TestCase("ＡＳＳ")] // full-width
    [TestCase("á̷̛s̸s̴")] // accents and zalgo marks
    [TestCase("asssss")]
    [TestCase("as s")]
    public void Evasions_of_a_word_are_caught(string content)
    {
        var matches = Check(Engine(Words("ass")), content);
        Assert.That(matches, Has.Count.EqualTo(1), content);
    }

    [TestCase("thanks for the assistance")]
    [TestCase("I live in Scunthorpe")]
    [TestCase("first class passes")]
    [TestCase("as soon as possible")]
    [TestCase("a s s i s t a n c e")]
    [TestCase("bass guitar")]
    public void Innocent_words_that_contain_a_rule_word_are_not_flagged(string content) =>
        Assert.That(Check(Engine(Words("ass", "cunt")), content), Is.Empty, content);

    [Test]
    public void Substring_matching_is_opt_in()
    {
        var rule = new AutomodRuleSettings { Name = "sub", Type = AutomodRuleType.Words, Words = ["cunt"], Substring = true };
        Assert.That(Check(Engine(rule), "I live in Scunthorpe"), Has.Count.EqualTo(1));
        Assert.That(Check(Engine(Words("cunt")), "I live in Scunthorpe"), Is.Empty);
    }

    [Test]
    public void Match_reports_the_rule_and_the_token_as_typed()
    {
        var match = Check(Engine(Words("ass")), "hey you a\u200Bss!").Single();
        Assert.That(match.RuleName, Is.EqualTo("words"));
        Assert.That(match.Evidence, Is.EqualTo("a\u200Bss!"));
        Assert.That(Check(Engine(Words("ass")), "well a s s then").Single().Evidence, Is.EqualTo("a s s"));
    }

    [Test]
    public void Rule_words_are_folded_like_messages() =>
        Assert.That(Check(Engine(Words("A$$")), "what an ass"), Has.Count.EqualTo(1));

    [Test]
    public void Multi_word_phrases_match_consecutive_words_only()
    {
        var engine = Engine(Words("kill yourself"));
        Assert.That(Check(engine, "just KILL   y0urself"), Has.Count.EqualTo(1));
        Assert.That(Check(engine, "kill the process yourself"), Is.Empty);
    }

    [Test]
    public void Korean_words_match_exactly_and_are_not_broken_by_normalisation()
    {
        var engine = Engine(Words("시발"));
        Assert.That(Check(engine, "아 시발 진짜"), Has.Count.EqualTo(1), "the word itself");
        // The same word typed as conjoining jamo (as some IMEs and evaders do) recomposes to the same syllables.
        Assert.That(Check(engine, "아 \u1109\u1175\u1107\u1161\u11AF 진짜"), Has.Count.EqualTo(1), "conjoining jamo");
        Assert.That(Check(engine, "시\u200B발"), Has.Count.EqualTo(1), "zero-width inside");
        // 시발점 (starting point) and 시발역 (starting station) contain the syllables but are different words.
        Assert.That(Check(engine, "여기가 시발점이야"), Is.Empty);
        Assert.That(Check(engine, "시발역에서 만나요"), Is.Empty);
        Assert.That(Check(Engine(Words("ass")), "안녕하세요 반갑습니다"), Is.Empty);
    }

    [Test]
    public void Normaliser_keeps_hangul_syllables_intact()
    {
        var text = TextNormalizer.Normalize("한국어 ＡＢＣ Café").Text;
        Assert.That(text, Is.EqualTo("한국어 abc cafe"));
        Assert.That(TextNormalizer.Normalize("\u1112\u1161\u11AB").Text, Is.EqualTo("한"));
    }

    [Test]
    public void Stretched_letters_are_collapsed() =>
        Assert.That(Check(Engine(Words("fuck")), "fuuuuuck off"), Has.Count.EqualTo(1));

    [Test]
    public void Regex_rules_run_on_the_raw_text_and_report_the_match()
    {
        var rule = new AutomodRuleSettings { Name = "crypto", Type = AutomodRuleType.Regex, Pattern = @"free\s+(nitro|crypto)" };
        var match = Check(Engine(rule), "get FREE  Nitro here").Single();
        Assert.That(match.Evidence, Is.EqualTo("FREE  Nitro"));
    }

    [Test]
    public void A_catastrophically_backtracking_pattern_finishes_fast()
    {
        var rule = new AutomodRuleSettings { Name = "redos", Type = AutomodRuleType.Regex, Pattern = "(a+)+$" };
        var engine = Engine(rule, new AutomodRuleSettings { Name = "redos2", Type = AutomodRuleType.Regex, Pattern = @"^(\w+\s?)*$" });
        var attack = new string('a', 4000) + "!";
        Check(engine, "warm up");
        var watch = Stopwatch.StartNew();
        var matches = Check(engine, attack);
        watch.Stop();
        // A backtracking engine needs ~2^4000 steps here; the linear engine answers in milliseconds (budget: well under a second on a loaded CI box).
        Assert.That(watch.Elapsed, Is.LessThan(TimeSpan.FromSeconds(1)), $"took {watch.Elapsed.TotalMilliseconds:0.0} ms");
        Assert.That(matches, Is.Empty, "neither pattern matches a string ending in '!'");
        TestContext.Out.WriteLine($"adversarial input evaluated in {watch.Elapsed.TotalMilliseconds:0.00} ms");
    }

    [Test]
    public void Invites_to_other_servers_are_flagged_but_our_own_are_not()
    {
        var engine = Engine(new AutomodRuleSettings { Name = "invites", Type = AutomodRuleType.Invites });
        var ours = new HashSet<string> { "ourcode" };
        var message = (string c) => new AutomodMessage { Content = c, SentAt = DateTimeOffset.UtcNow };
        Assert.That(engine.Evaluate(message("join discord.gg/ourcode"), ours, null), Is.Empty);
        Assert.That(engine.Evaluate(message("join https://discord.com/invite/spam123"), ours, null).Single().Evidence, Is.EqualTo("discord.com/invite/spam123"));
    }

    [Test]
    public void Link_domains_are_denied_or_allowed()
    {
        var deny = Engine(new AutomodRuleSettings { Name = "deny", Type = AutomodRuleType.Links, DenyDomains = ["bad.example"] });
        Assert.That(Check(deny, "see https://cdn.bad.example/x"), Has.Count.EqualTo(1));
        Assert.That(Check(deny, "see https://notbad.example/x"), Is.Empty);
        var allow = Engine(new AutomodRuleSettings { Name = "allow", Type = AutomodRuleType.Links, AllowDomains = ["github.com"] });
        Assert.That(Check(allow, "https://github.com/a/b"), Is.Empty);
        Assert.That(Check(allow, "https://evil.test/a"), Has.Count.EqualTo(1));
    }

    [Test]
    public void Mentions_and_caps_are_limited()
    {
        var engine = Engine(
            new AutomodRuleSettings { Name = "mentions", Type = AutomodRuleType.MentionSpam, MaxMentions = 3 },
            new AutomodRuleSettings { Name = "caps", Type = AutomodRuleType.Caps, MinLetters = 10, MaxCapsRatio = 0.8 });
        var spam = new AutomodMessage { Content = "hi", UserMentions = 2, RoleMentions = 1, SentAt = DateTimeOffset.UtcNow };
        Assert.That(engine.Evaluate(spam, NoInvites, null).Single().RuleName, Is.EqualTo("mentions"));
        Assert.That(Check(engine, "WHY IS NOBODY ANSWERING").Single().RuleName, Is.EqualTo("caps"));
        Assert.That(Check(engine, "OK"), Is.Empty, "too short to judge");
        Assert.That(Check(engine, "I like NASA and the ESA a lot"), Is.Empty);
    }

    [Test]
    public void Flood_and_cross_channel_duplicates_use_the_members_recent_messages()
    {
        var engine = Engine(
            new AutomodRuleSettings { Name = "flood", Type = AutomodRuleType.Flood, Messages = 3, Seconds = 5 },
            new AutomodRuleSettings { Name = "dupes", Type = AutomodRuleType.Duplicates, Channels = 2, Seconds = 60 });
        var tracker = new MemberActivityTracker();
        var t0 = DateTimeOffset.UtcNow;
        List<AutomodMatch> Send(ulong id, ulong channel, string text, double seconds)
        {
            var message = new AutomodMessage { Content = text, MessageId = id, ChannelId = channel, AuthorId = 7, SentAt = t0.AddSeconds(seconds) };
            var activity = tracker.Record(1, 7, new(id, channel, message.SentAt, AutomodEngine.ContentHash(text)));
            return engine.Evaluate(message, NoInvites, activity);
        }
        Assert.That(Send(1, 10, "hello", 0), Is.Empty);
        Assert.That(Send(2, 10, "how are you", 10), Is.Empty);
        Assert.That(Send(2, 10, "how are you", 10), Is.Empty, "a replayed event is not counted twice");
        Assert.That(Send(3, 10, "anyone?", 11), Is.Empty);
        Assert.That(Send(4, 10, "hello??", 12).Select(m => m.RuleName), Is.EqualTo(new[] { "flood" }));
        Assert.That(Send(5, 20, "Hello", 30).Select(m => m.RuleName), Is.EqualTo(new[] { "dupes" }), "hello in channels 10 and 20");
    }

    [Test]
    public void Conditions_and_exemptions_narrow_a_rule()
    {
        var rule = new AutomodRuleSettings
        {
            Name = "new-links", Type = AutomodRuleType.Links, DenyDomains = ["x.test"],
            When = new RuleConditions { AccountYoungerThanDays = 7, JoinedWithinHours = 24 }, ExemptRoleIds = [55], ExemptChannelIds = [66],
        };
        var engine = Engine(rule);
        var now = DateTimeOffset.UtcNow;
        ulong IdAt(DateTimeOffset at) => (ulong)(at.ToUnixTimeMilliseconds() - 1420070400000) << 22;
        AutomodMessage Message(DateTimeOffset created, DateTimeOffset? joined, ulong role = 0, ulong channel = 1) => new()
        {
            Content = "http://x.test", AuthorId = IdAt(created), JoinedAt = joined, SentAt = now, RoleIds = role == 0 ? [] : [role], ChannelId = channel,
        };
        Assert.That(engine.Evaluate(Message(now.AddDays(-1), now.AddHours(-1)), NoInvites, null), Has.Count.EqualTo(1));
        Assert.That(engine.Evaluate(Message(now.AddDays(-30), now.AddHours(-1)), NoInvites, null), Is.Empty, "old account");
        Assert.That(engine.Evaluate(Message(now.AddDays(-1), now.AddDays(-2)), NoInvites, null), Is.Empty, "joined long ago");
        Assert.That(engine.Evaluate(Message(now.AddDays(-1), now.AddHours(-1), role: 55), NoInvites, null), Is.Empty, "exempt role");
        Assert.That(engine.Evaluate(Message(now.AddDays(-1), now.AddHours(-1), channel: 66), NoInvites, null), Is.Empty, "exempt channel");
    }
}
