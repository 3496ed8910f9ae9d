using CommunityBot.Features.Onboarding;

namespace CommunityBot.Tests.Features.Onboarding;

[Category("Onboarding")]
public sealed class FunnelReportTests
{
    private static readonly DateTimeOffset T0 = new(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);

    [Test]
    public void Scripted_cohort_gives_exact_counts_conversions_and_medians()
    {
        var report = FunnelReport.Compute(ScriptedCohort.AsJourneys(1, T0), T0.AddDays(30), 60);
        AssertScriptedCohort(report);
    }

    /// <summary>Shared with the repository tests, which reach the same numbers through SQL.</summary>
    public static void AssertScriptedCohort(FunnelReport report)
    {
        Assert.That(report.Steps.Select(s => (s.Name, s.Count)), Is.EqualTo(new[]
        {
            ("Joined", 20), ("Accepted the rules", 15), ("First message", 10), ("First reply received", 6), ("Active in week 2", 3),
        }));
        Assert.That(report.Steps.Select(s => s.FromPrevious), Is.EqualTo(new double?[] { null, 0.75, 10 / 15.0, 0.6, 0.5 }));
        Assert.That(report.Steps.Select(s => s.OfJoined), Is.EqualTo(new double?[] { 1.0, 0.75, 0.5, 0.3, 0.15 }));
        Assert.That(report.Steps.Select(s => s.MedianFromJoin), Is.EqualTo(new TimeSpan?[]
        {
            null, ScriptedCohort.MedianAccept, ScriptedCohort.MedianFirstMessage, ScriptedCohort.MedianFirstReply, ScriptedCohort.MedianWeek2,
        }));
        Assert.That((report.Left.Count, report.Left.OfJoined, report.Left.MedianFromJoin), Is.EqualTo((4, (double?)0.2, (TimeSpan?)ScriptedCohort.MedianLeft)));
        Assert.That(report.ByInvite, Is.EqualTo(new[]
        {
            new InviteFunnel("alpha", 10, 10, 10, 6), new InviteFunnel("beta", 6, 5, 0, 0), new InviteFunnel(FunnelReport.UnknownInvite, 4, 0, 0, 0),
        }));
        Assert.That(report.TooRecentForWeek2, Is.Zero);
    }

    [Test]
    public void The_embed_shows_each_step_with_conversion_and_median()
    {
        var embed = FunnelReport.Compute(ScriptedCohort.AsJourneys(1, T0), T0.AddDays(30), 60).ToEmbed(inviteTracking: true);
        Assert.That(embed.Description, Does.Contain("Members who joined in the last **60** days: **20**"));
        Assert.That(embed.Description, Does.Contain("1. Accepted the rules: **15** · 75% of previous step · 75% of joined · median 1h 20m after joining"));
        Assert.That(embed.Description, Does.Contain("2. First message: **10** · 66.7% of previous step · 50% of joined · median 5h 30m after joining"));
        Assert.That(embed.Description, Does.Contain("4. Active in week 2: **3** · 50% of previous step · 15% of joined · median 9d 0h after joining"));
        Assert.That(embed.Description, Does.Contain("Left: **4** · 20% of joined · median 2d 12h after joining"));
        Assert.That(embed.Fields![0].Value, Does.StartWith("`alpha`: 10 joined · 10 accepted (100%) · 10 wrote (100%) · 6 got a reply"));
    }

    [Test]
    public void Members_too_new_for_week_2_are_called_out()
    {
        var report = FunnelReport.Compute(ScriptedCohort.AsJourneys(1, T0), T0.AddDays(10), 60);
        Assert.That(report.TooRecentForWeek2, Is.EqualTo(13), "16 still here, 3 already active in week 2");
    }

    [Test]
    public void Without_invite_permission_the_report_says_why()
    {
        var embed = FunnelReport.Compute([], T0, 7).ToEmbed(inviteTracking: false);
        Assert.That(embed.Description, Does.Contain("Nobody joined in this window."));
        Assert.That(embed.Fields![0].Value, Does.Contain("Manage Server"));
    }
}
