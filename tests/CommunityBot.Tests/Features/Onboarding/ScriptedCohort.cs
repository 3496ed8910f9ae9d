using CommunityBot.Features.Onboarding;

namespace CommunityBot.Tests.Features.Onboarding;

/// <summary>
/// Twenty newcomers with known step times, for checking the funnel numbers exactly. Member i joins at t0 + i hours;
/// members 0–14 accept the rules after (i+1)·10 min, 0–9 write after (i+1) h, 0–5 get a reply after (i+1)·2 h,
/// 0–2 are active in week 2 after (8+i) days, and 16–19 leave after (i−15) days. Invites: 0–9 "alpha", 10–15 "beta",
/// 16–19 unknown. Also compiled into the end-to-end tests, which seed it into the running bot's database.
/// </summary>
public static class ScriptedCohort
{
    public const int Size = 20;

    public sealed record Member(int Index, string? Invite, TimeSpan? Accept, TimeSpan? FirstMessage, TimeSpan? FirstReply, TimeSpan? Week2, TimeSpan? Left);

    public static IReadOnlyList<Member> Members { get; } = Enumerable.Range(0, Size).Select(i => new Member(
        i,
        i < 10 ? "alpha" : i < 16 ? "beta" : null,
        i < 15 ? TimeSpan.FromMinutes((i + 1) * 10) : null,
        i < 10 ? TimeSpan.FromHours(i + 1) : null,
        i < 6 ? TimeSpan.FromHours((i + 1) * 2) : null,
        i < 3 ? TimeSpan.FromDays(8 + i) : null,
        i >= 16 ? TimeSpan.FromDays(i - 15) : null)).ToList();

    // Expected: 20 joined → 15 accepted (75%) → 10 first message (66.7%) → 6 first reply (60%) → 3 week 2 (50%); 4 left (20%).
    public static readonly TimeSpan MedianAccept = TimeSpan.FromMinutes(80);
    public static readonly TimeSpan MedianFirstMessage = TimeSpan.FromHours(5.5);
    public static readonly TimeSpan MedianFirstReply = TimeSpan.FromHours(7);
    public static readonly TimeSpan MedianWeek2 = TimeSpan.FromDays(9);
    public static readonly TimeSpan MedianLeft = TimeSpan.FromDays(2.5);

    public static ulong MemberId(int index, ulong firstMemberId) => firstMemberId + (ulong)index;

    public static DateTimeOffset JoinedAt(int index, DateTimeOffset t0) => t0.AddHours(index);

    /// <summary>Writes the cohort through the same repository calls the live handlers make, step by step.</summary>
    public static async Task SeedAsync(OnboardingRepository repository, ulong guildId, DateTimeOffset t0, ulong firstMemberId = 1000)
    {
        foreach (var m in Members)
        {
            var memberId = MemberId(m.Index, firstMemberId);
            var joined = JoinedAt(m.Index, t0);
            var (journey, _) = await repository.RecordJoinAsync(guildId, memberId, joined);
            if (m.Invite is { } code) await repository.SetInviteCodeAsync(journey, code);
            if (m.Accept is { } accept) await repository.MarkAcceptedAsync(journey, joined + accept, AcceptedVia.Button);
            if (m.FirstMessage is { } first) await repository.RecordMessageAsync(guildId, memberId, joined + first);
            if (m.FirstReply is { } reply) await repository.RecordReplyReceivedAsync(guildId, memberId, joined + reply);
            if (m.Week2 is { } week2) await repository.RecordMessageAsync(guildId, memberId, joined + week2);
            if (m.Left is { } left) await repository.MarkLeftAsync(guildId, memberId, joined + left);
        }
    }

    /// <summary>The same cohort as rows, for the pure report.</summary>
    public static IReadOnlyList<Journey> AsJourneys(ulong guildId, DateTimeOffset t0, ulong firstMemberId = 1000) => Members.Select(m =>
    {
        var joined = JoinedAt(m.Index, t0);
        long? At(TimeSpan? after) => after is { } a ? (joined + a).ToUnixTimeMilliseconds() : null;
        return new Journey
        {
            GuildId = guildId, MemberId = MemberId(m.Index, firstMemberId), JoinedAtMs = joined.ToUnixTimeMilliseconds(), InviteCode = m.Invite,
            AcceptedAtMs = At(m.Accept), FirstMessageAtMs = At(m.FirstMessage), FirstReplyAtMs = At(m.FirstReply),
            ActiveWeek2AtMs = At(m.Week2), LeftAtMs = At(m.Left),
        };
    }).ToList();
}
