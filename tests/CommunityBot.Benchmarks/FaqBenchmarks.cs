using BenchmarkDotNet.Attributes;
using CommunityBot.Features.Faq;
using CommunityBot.Storage;
using CommunityBot.Storage.Migrations;
using Microsoft.Extensions.Logging.Abstractions;

namespace CommunityBot.Benchmarks;

/// <summary>
/// <c>/faq search</c> over 50,000 published entries on SQLite (FTS5 trigram), and the nudge check per help-channel
/// message (question test + in-memory trigram match) against the same 50,000 questions. The database is built
/// once through the real repository and reused by every benchmark process.
/// Run: <c>dotnet run -c Release --project tests/CommunityBot.Benchmarks -- --filter '*FaqBenchmarks*' --job short</c>
/// </summary>
[MemoryDiagnoser]
[MedianColumn, Q3Column, MaxColumn]
public class FaqBenchmarks
{
    private const int Entries = 50_000;
    private const ulong Guild = 1;

    private static readonly string[] EnglishTopics =
    [
        "password", "account", "login", "payment", "refund", "invoice", "notification", "avatar", "nickname", "server", "channel", "role", "voice",
        "microphone", "stream", "upload", "download", "plugin", "theme", "language", "subscription", "email", "profile", "event", "ticket", "token",
    ];
    private static readonly string[] EnglishVerbs = ["reset", "change", "delete", "recover", "configure", "enable", "disable", "export", "verify", "link", "update", "cancel"];
    private static readonly string[] KoreanTopics = ["비밀번호", "계정", "로그인", "결제", "환불", "알림", "프로필", "닉네임", "서버", "채널", "역할", "음성", "마이크", "구독", "이메일", "이벤트", "티켓", "언어", "테마", "업로드"];
    private static readonly string[] KoreanVerbs = ["변경", "삭제", "복구", "설정", "취소", "인증", "연결", "확인", "등록", "해지"];

    /// <summary>What members type: an English word, a partial word, a Korean word with a particle, a two-syllable Korean word, several words.</summary>
    public static readonly string[] Queries = ["password", "notif", "비밀번호를", "결제", "how do I reset my password", "환불 취소는 어떻게"];

    private FaqSearch _search = null!;
    private TrigramIndex _index = null!;

    [Params(0, 1, 2, 3, 4, 5)]
    public int Query { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        DapperSetup.Configure();
        var path = Path.Combine(Path.GetTempPath(), $"communitybot-faq-bench-{Entries}-v4.db");
        var db = new SqliteConnectionFactory($"Data Source={path}");
        if (!File.Exists(path + ".done"))
        {
            foreach (var f in new[] { path, path + "-wal", path + "-shm" }) File.Delete(f);
            SeedAsync(db).GetAwaiter().GetResult();
            File.WriteAllText(path + ".done", "");
        }
        _search = new FaqSearch(db);
        var titles = new FaqRepository(db).PublishedTitlesAsync(Guild).GetAwaiter().GetResult();
        _index = TrigramIndex.Build(titles.Select(t => (t.Id, t.Question)).ToList());
    }

    private static async Task SeedAsync(IDbConnectionFactory db)
    {
        await new MigrationRunner(db, [new MigrationSource("core", typeof(StorageAnchor)), new MigrationSource(FaqFeature.Module, typeof(FaqSettings))],
            NullLogger<MigrationRunner>.Instance).MigrateAsync();
        var repo = new FaqRepository(db);
        var random = new Random(42);
        var now = DateTimeOffset.UnixEpoch.AddYears(55);
        for (var i = 0; i < Entries; i++)
        {
            var (question, answer, tag) = i % 2 == 0 ? English(random) : Korean(random);
            await repo.CreateAsync(new FaqDraft(Guild, question, answer, tag, 10, (ulong)i + 1, 20, 30, FaqOrigin.Saved), publish: true, now);
        }
    }

    private static (string, string, string) English(Random r)
    {
        string T() => EnglishTopics[r.Next(EnglishTopics.Length)];
        string V() => EnglishVerbs[r.Next(EnglishVerbs.Length)];
        var topic = T();
        return ($"How do I {V()} my {topic} {T()} #{r.Next(1000)}?",
            $"Open settings, choose {T()}, then {V()} the {topic}. If the {T()} still fails, {V()} your {T()} and contact support with ticket {r.Next(100000)}.", topic);
    }

    private static (string, string, string) Korean(Random r)
    {
        string T() => KoreanTopics[r.Next(KoreanTopics.Length)];
        string V() => KoreanVerbs[r.Next(KoreanVerbs.Length)];
        var topic = T();
        return ($"{topic} {V()} 방법 {r.Next(1000)}",
            $"설정에서 {T()} 메뉴를 열고 {topic}을 {V()}하세요. 그래도 안 되면 {T()}을 {V()}한 뒤 문의 번호 {r.Next(100000)}로 연락해 주세요.", topic);
    }

    [Benchmark(Description = "/faq search (50k entries, SQLite)")]
    public Task<IReadOnlyList<FaqHit>> Search() => _search.SearchAsync(Guild, Queries[Query], 10);

    /// <summary>The per-message nudge work for a question (the chatter case stops at the question test and is cheaper).</summary>
    [Benchmark(Description = "nudge check: question test + match (50k entries)")]
    public FaqMatcher.Match? NudgeCheck() => QuestionDetector.LooksLikeQuestion(NudgeMessages[Query]) ? _index.Best(NudgeMessages[Query]) : null;

    public static readonly string[] NudgeMessages =
    [
        "hey, how do I reset my password? it keeps failing",
        "anyone know why notifications stopped working",
        "비밀번호를 어떻게 변경하나요?",
        "결제 취소는 어떻게 하나요",
        "thanks, that fixed it!",
        "환불 받을 수 있나요? 구독을 해지했어요",
    ];
}
