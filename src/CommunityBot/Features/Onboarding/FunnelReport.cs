using System.Globalization;
using System.Text;
using CommunityBot.Discord.Models;

namespace CommunityBot.Features.Onboarding;

/// <param name="Count">Journeys of the cohort that reached the step.</param>
/// <param name="FromPrevious">Count ÷ the previous step's count (null for the first step or an empty previous step).</param>
/// <param name="OfJoined">Count ÷ joined.</param>
/// <param name="MedianFromJoin">Median time from joining to the step, over those who reached it.</param>
public sealed record FunnelStep(string Name, int Count, double? FromPrevious, double? OfJoined, TimeSpan? MedianFromJoin);

public sealed record InviteFunnel(string Code, int Joined, int Accepted, int FirstMessage, int FirstReply);

/// <summary>
/// The activation funnel of the members who joined in a window: joined → accepted the rules → first message →
/// first reply received → active in week 2, plus who left. Pure: computed from journeys and a clock, so the
/// numbers for a scripted cohort are exact and testable.
/// </summary>
public sealed record FunnelReport(
    int Days,
    IReadOnlyList<FunnelStep> Steps,
    FunnelStep Left,
    int Rejoins,
    int NativeOnboarded,
    int ClosedDms,
    int TooRecentForWeek2,
    IReadOnlyList<InviteFunnel> ByInvite)
{
    public const string UnknownInvite = "unknown";

    public FunnelStep Step(string name) => Steps.Single(s => s.Name == name);

    public static FunnelReport Compute(IReadOnlyCollection<Journey> cohort, DateTimeOffset now, int days)
    {
        var joined = cohort.Count;
        var stepTimes = new (string Name, Func<Journey, long?> At)[]
        {
            ("Joined", j => j.JoinedAtMs),
            ("Accepted the rules", j => j.AcceptedAtMs),
            ("First message", j => j.FirstMessageAtMs),
            ("First reply received", j => j.FirstReplyAtMs),
            ("Active in week 2", j => j.ActiveWeek2AtMs),
        };

        var steps = new List<FunnelStep>();
        int? previous = null;
        foreach (var (name, at) in stepTimes)
        {
            var reached = cohort.Where(j => at(j) is not null).ToList();
            // joined_at comes from Discord's clock and the steps from ours; a few seconds of skew must not go negative.
            var median = name == "Joined" ? (TimeSpan?)null : Median(reached.Select(j => Math.Max(0, at(j)!.Value - j.JoinedAtMs)));
            steps.Add(new FunnelStep(name, reached.Count, Ratio(reached.Count, previous), Ratio(reached.Count, joined), median));
            previous = reached.Count;
        }

        var left = cohort.Where(j => j.LeftAtMs is not null).ToList();
        var leftStep = new FunnelStep("Left", left.Count, null, Ratio(left.Count, joined), Median(left.Select(j => Math.Max(0, j.LeftAtMs!.Value - j.JoinedAtMs))));
        var week2Over = (long)(2 * OnboardingRepository.Week).TotalMilliseconds;

        var byInvite = cohort
            .GroupBy(j => j.InviteCode ?? UnknownInvite)
            .Select(g => new InviteFunnel(g.Key, g.Count(), g.Count(j => j.AcceptedAtMs is not null), g.Count(j => j.FirstMessageAtMs is not null), g.Count(j => j.FirstReplyAtMs is not null)))
            .OrderByDescending(i => i.Joined).ThenBy(i => i.Code, StringComparer.Ordinal)
            .ToList();

        return new FunnelReport(days, steps, leftStep,
            Rejoins: cohort.Count(j => j.IsRejoin),
            NativeOnboarded: cohort.Count(j => j.NativeOnboardedAtMs is not null),
            ClosedDms: cohort.Count(j => j.WelcomeDmStatus == DmStatus.Closed),
            TooRecentForWeek2: cohort.Count(j => j.ActiveWeek2AtMs is null && j.LeftAtMs is null && now.ToUnixTimeMilliseconds() - j.JoinedAtMs < week2Over),
            byInvite);
    }

    /// <summary>The report as an embed for <c>/onboarding stats</c>, in the moderator's language.</summary>
    public Embed ToEmbed(bool inviteTracking, CultureInfo? culture = null)
    {
        culture ??= Localisation.Languages.Fallback;
        string T(string key, params ReadOnlySpan<(string, object?)> values) => OnboardingTexts.Get(culture, key, values);
        var text = new StringBuilder();
        var joined = Steps[0].Count;
        text.Append(T(Days == 1 ? "Funnel.JoinedOneDay" : "Funnel.Joined", ("days", Days), ("joined", joined)));
        if (Rejoins > 0) text.Append(T("Funnel.Returning", ("rejoins", Rejoins)));
        text.AppendLine();
        if (joined == 0) text.AppendLine(T("Funnel.Nobody"));
        for (var i = 1; i < Steps.Count && joined > 0; i++)
        {
            var s = Steps[i];
            text.Append(T("Funnel.StepLine", ("index", i), ("step", T("Funnel.Step." + s.Name)), ("count", s.Count),
                ("fromPrevious", Percent(s.FromPrevious)), ("ofJoined", Percent(s.OfJoined))));
            if (s.MedianFromJoin is { } m) text.Append(T("Funnel.Median", ("duration", Duration(m, culture))));
            text.AppendLine();
        }
        if (joined > 0)
        {
            text.Append(T("Funnel.Left", ("count", Left.Count), ("ofJoined", Percent(Left.OfJoined))));
            if (Left.MedianFromJoin is { } lm) text.Append(T("Funnel.Median", ("duration", Duration(lm, culture))));
            text.AppendLine();
            if (TooRecentForWeek2 > 0) text.AppendLine(T("Funnel.TooRecent", ("count", TooRecentForWeek2)));
            text.AppendLine(T("Funnel.Native", ("native", NativeOnboarded), ("closed", ClosedDms)));
        }

        var fields = new List<EmbedField>();
        if (!inviteTracking)
            fields.Add(new EmbedField { Name = T("Funnel.ByInvite"), Value = T("Funnel.NotTracked") });
        else if (ByInvite.Count > 0)
        {
            var lines = ByInvite.Take(10).Select(i => T("Funnel.InviteLine", ("code", i.Code), ("joined", i.Joined), ("accepted", i.Accepted),
                ("acceptedShare", Percent(Ratio(i.Accepted, i.Joined))), ("wrote", i.FirstMessage), ("wroteShare", Percent(Ratio(i.FirstMessage, i.Joined))),
                ("replied", i.FirstReply)));
            var value = string.Join('\n', lines);
            if (ByInvite.Count > 10) value += "\n" + T("Funnel.More", ("count", ByInvite.Count - 10));
            fields.Add(new EmbedField { Name = T("Funnel.ByInvite"), Value = value.Length <= 1024 ? value : value[..1023] + "…" });
        }
        return new Embed { Title = T("Funnel.Title"), Description = text.ToString(), Fields = fields.Count == 0 ? null : [.. fields], Color = 0x57F287 };
    }

    public static string Percent(double? ratio) => ratio is { } r ? (r * 100).ToString("0.#", CultureInfo.InvariantCulture) + "%" : "–";

    /// <summary>A median, as precise as it is useful: seconds, minutes, hours and minutes, or days and hours.</summary>
    public static string Duration(TimeSpan t, CultureInfo? culture = null)
    {
        culture ??= Localisation.Languages.Fallback;
        if (t < TimeSpan.FromMinutes(1)) return OnboardingTexts.Get(culture, "Funnel.Seconds", ("n", (int)t.TotalSeconds));
        if (t < TimeSpan.FromHours(1)) return OnboardingTexts.Get(culture, "Funnel.Minutes", ("n", (int)t.TotalMinutes));
        if (t < TimeSpan.FromDays(1)) return OnboardingTexts.Get(culture, "Funnel.HoursMinutes", ("h", (int)t.TotalHours), ("m", t.Minutes));
        return OnboardingTexts.Get(culture, "Funnel.DaysHours", ("d", (int)t.TotalDays), ("h", t.Hours));
    }

    private static double? Ratio(int count, int? of) => of is > 0 ? (double)count / of.Value : null;

    private static TimeSpan? Median(IEnumerable<long> durationsMs)
    {
        var sorted = durationsMs.Order().ToArray();
        if (sorted.Length == 0) return null;
        var mid = sorted.Length / 2;
        var ms = sorted.Length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2.0;
        return TimeSpan.FromMilliseconds(ms);
    }
}
