using CommunityBot.Features.Ambassadors;
using CommunityBot.Storage;
using CommunityBot.TestSupport;

namespace CommunityBot.Tests.Features.Ambassadors;

[Category("Ambassadors")]
public sealed class TierTests
{
    private const ulong Alice = 11, Mod = 99, Announce = 800, Bronze = 901, Silver = 902;

    private static AmbassadorSettings Settings(TierMode mode, TierBasis basis = TierBasis.Earned) => new()
    {
        Tiers = new TierSettings
        {
            Mode = mode, Basis = basis, AnnounceChannelId = Announce,
            Levels = [new TierLevel { Name = "Bronze", Threshold = 10, RoleId = Bronze }, new TierLevel { Name = "Silver", Threshold = 30, RoleId = Silver }],
        },
    };

    [TestCaseSource(typeof(TestDatabase), nameof(TestDatabase.Providers))]
    public async Task Highest_only_tier_roles_follow_the_points_across_thresholds_and_promotions_are_announced_once(DatabaseProvider provider)
    {
        await using var kit = await AmbassadorKit.CreateAsync(provider, Settings(TierMode.HighestOnly));
        var g = AmbassadorKit.Guild;
        var small = await kit.Points.GrantAsync(g, Alice, 9, "a", Mod, 1);
        Assert.That(kit.RolesOf(Alice), Is.Empty);

        await kit.Points.GrantAsync(g, Alice, 1, "b", Mod, 2);
        Assert.That(kit.RolesOf(Alice), Is.EquivalentTo(new[] { Bronze }));
        var silver = await kit.Points.GrantAsync(g, Alice, 25, "c", Mod, 3);
        Assert.That(kit.RolesOf(Alice), Is.EquivalentTo(new[] { Silver }), "highest only");

        await kit.Points.RevokeAsync(g, silver!.EntryId, "mistake", Mod);
        Assert.That(kit.RolesOf(Alice), Is.EquivalentTo(new[] { Bronze }), "demoted when points are revoked");
        await kit.Points.RevokeAsync(g, small!.EntryId, "mistake", Mod);
        Assert.That(kit.RolesOf(Alice), Is.Empty);

        var announcements = kit.Posted.Where(p => p.Channel == Announce).Select(p => p.Request.Content).ToList();
        Assert.That(announcements, Has.Count.EqualTo(2));
        Assert.That(announcements[0], Does.Contain("Bronze"));
        Assert.That(announcements[1], Does.Contain("Silver"));
        Assert.That(kit.Posted.All(p => p.Request.AllowedMentions?.Parse.Length == 0), Is.True, "announcements never ping");
    }

    [TestCaseSource(typeof(TestDatabase), nameof(TestDatabase.Providers))]
    public async Task Stacking_mode_keeps_every_level_reached(DatabaseProvider provider)
    {
        await using var kit = await AmbassadorKit.CreateAsync(provider, Settings(TierMode.Stacking));
        await kit.Points.GrantAsync(AmbassadorKit.Guild, Alice, 35, "big help", Mod, 1);
        Assert.That(kit.RolesOf(Alice), Is.EquivalentTo(new[] { Bronze, Silver }));
    }

    [Test]
    public void Levels_are_computed_from_thresholds()
    {
        var tiers = Settings(TierMode.HighestOnly).Tiers;
        Assert.That(TierService.LevelFor(tiers, 9), Is.EqualTo(0));
        Assert.That(TierService.LevelFor(tiers, 10), Is.EqualTo(1));
        Assert.That(TierService.LevelFor(tiers, 1000), Is.EqualTo(2));
        Assert.That(TierService.BasisValue(Settings(TierMode.HighestOnly, TierBasis.Balance).Tiers, balance: 3, earned: 50), Is.EqualTo(3));
    }
}
