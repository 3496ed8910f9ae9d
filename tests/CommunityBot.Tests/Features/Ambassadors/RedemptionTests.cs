using CommunityBot.Discord.Models;
using CommunityBot.Features.Ambassadors;
using CommunityBot.Storage;
using CommunityBot.TestSupport;
using Microsoft.Extensions.Logging.Abstractions;
using Moq;

namespace CommunityBot.Tests.Features.Ambassadors;

[Category("Ambassadors")]
public sealed class RedemptionTests
{
    private const ulong Alice = 11, Mod = 99, ReviewChannel = 500, BadgeRole = 600;

    private static AmbassadorSettings Settings(int? stock = null, int? limit = null) => new()
    {
        ReviewChannelId = ReviewChannel,
        Rewards =
        [
            new RewardSettings { Id = "badge", Name = "Badge", Cost = 30, Kind = RewardKind.Role, RoleId = BadgeRole, Stock = stock, PerMemberLimit = limit },
            new RewardSettings { Id = "mug", Name = "Mug", Cost = 10, Kind = RewardKind.Manual },
        ],
    };

    private static RewardService Rewards(AmbassadorKit kit)
    {
        kit.Rest.Setup(r => r.CreateDmAsync(It.IsAny<ulong>(), It.IsAny<CancellationToken>()))
            .ReturnsAsync((ulong id, CancellationToken _) => new Channel { Id = 70_000 + id, Type = ChannelTypes.Dm });
        return new RewardService(kit.Writer, kit.Tiers, kit.Rest.Object, kit.Clock, NullLogger<RewardService>.Instance);
    }

    [TestCaseSource(typeof(TestDatabase), nameof(TestDatabase.Providers))]
    public async Task Two_simultaneous_redemptions_against_a_balance_that_covers_one_let_exactly_one_through(DatabaseProvider provider)
    {
        var settings = Settings();
        await using var kit = await AmbassadorKit.CreateAsync(provider, settings);
        var rewards = Rewards(kit);
        await kit.Points.GrantAsync(AmbassadorKit.Guild, Alice, 45, "seed", Mod, 1);

        var attempts = await Task.WhenAll(Enumerable.Range(0, 8).Select(i =>
            Task.Run(() => rewards.RedeemAsync(AmbassadorKit.Guild, Alice, settings, settings.Reward("badge")!, (ulong)(1000 + i)))));

        Assert.That(attempts.Count(a => a.Outcome == RedeemOutcome.Redeemed), Is.EqualTo(1));
        Assert.That(attempts.Where(a => a.Outcome != RedeemOutcome.Redeemed).Select(a => a.Outcome), Is.All.EqualTo(RedeemOutcome.InsufficientBalance));
        Assert.That(await kit.BalanceAsync(Alice), Is.EqualTo(15));
        Assert.That(kit.Posted.Count(p => p.Channel == ReviewChannel), Is.EqualTo(1), "one review card");
        await kit.AssertLedgerConsistentAsync();
    }

    [TestCaseSource(typeof(TestDatabase), nameof(TestDatabase.Providers))]
    public async Task Stock_and_per_member_limits_refuse_with_the_reason_and_a_replay_debits_once(DatabaseProvider provider)
    {
        var settings = Settings(stock: 1, limit: 1);
        await using var kit = await AmbassadorKit.CreateAsync(provider, settings);
        var rewards = Rewards(kit);
        await kit.Points.GrantAsync(AmbassadorKit.Guild, Alice, 100, "seed", Mod, 1);
        await kit.Points.GrantAsync(AmbassadorKit.Guild, 12, 100, "seed", Mod, 2);
        var badge = settings.Reward("badge")!;

        var first = await rewards.RedeemAsync(AmbassadorKit.Guild, Alice, settings, badge, 2001);
        var replay = await rewards.RedeemAsync(AmbassadorKit.Guild, Alice, settings, badge, 2001);
        var again = await rewards.RedeemAsync(AmbassadorKit.Guild, Alice, settings, badge, 2002);
        var other = await rewards.RedeemAsync(AmbassadorKit.Guild, 12, settings, badge, 2003);

        Assert.That(first.Outcome, Is.EqualTo(RedeemOutcome.Redeemed));
        Assert.That(replay.Outcome, Is.EqualTo(RedeemOutcome.Replayed));
        Assert.That(replay.Redemption!.Id, Is.EqualTo(first.Redemption!.Id));
        Assert.That(again.Outcome, Is.EqualTo(RedeemOutcome.LimitReached));
        Assert.That(other.Outcome, Is.EqualTo(RedeemOutcome.OutOfStock));
        Assert.That(await kit.BalanceAsync(Alice), Is.EqualTo(70));

        // Denying returns the unit of stock and the points.
        var denied = await rewards.DenyAsync(AmbassadorKit.Guild, first.Redemption.Id, Mod, "out of season");
        Assert.That(denied.Outcome, Is.EqualTo(DecisionOutcome.Decided));
        Assert.That(await kit.BalanceAsync(Alice), Is.EqualTo(100));
        Assert.That((await rewards.RedeemAsync(AmbassadorKit.Guild, 12, settings, badge, 2004)).Outcome, Is.EqualTo(RedeemOutcome.Redeemed));
        await kit.AssertLedgerConsistentAsync();
    }

    [TestCaseSource(typeof(TestDatabase), nameof(TestDatabase.Providers))]
    public async Task Approve_grants_the_role_and_deny_refunds_with_a_reversal_and_both_tell_the_member(DatabaseProvider provider)
    {
        var settings = Settings();
        await using var kit = await AmbassadorKit.CreateAsync(provider, settings);
        var rewards = Rewards(kit);
        await kit.Points.GrantAsync(AmbassadorKit.Guild, Alice, 50, "seed", Mod, 1);
        var badge = await rewards.RedeemAsync(AmbassadorKit.Guild, Alice, settings, settings.Reward("badge")!, 3001);
        var mug = await rewards.RedeemAsync(AmbassadorKit.Guild, Alice, settings, settings.Reward("mug")!, 3002);
        Assert.That(await kit.BalanceAsync(Alice), Is.EqualTo(10));

        var approved = await rewards.ApproveAsync(AmbassadorKit.Guild, badge.Redemption!.Id, Mod, settings);
        var twice = await rewards.ApproveAsync(AmbassadorKit.Guild, badge.Redemption.Id, Mod, settings);
        Assert.That(approved.Outcome, Is.EqualTo(DecisionOutcome.Decided));
        Assert.That(twice.Outcome, Is.EqualTo(DecisionOutcome.AlreadyDecided));
        Assert.That(kit.RolesOf(Alice), Does.Contain(BadgeRole));

        var denied = await rewards.DenyAsync(AmbassadorKit.Guild, mug.Redemption!.Id, Mod, "we ran out of mugs");
        var deniedTwice = await rewards.DenyAsync(AmbassadorKit.Guild, mug.Redemption.Id, Mod, "again");
        Assert.That(denied.Refund!.Amount, Is.EqualTo(10));
        Assert.That(deniedTwice.Outcome, Is.EqualTo(DecisionOutcome.AlreadyDecided));
        Assert.That(await kit.BalanceAsync(Alice), Is.EqualTo(20));

        var dms = kit.Posted.Where(p => p.Channel == 70_000 + Alice).Select(p => p.Request.Content).ToList();
        Assert.That(dms, Has.Count.EqualTo(2));
        Assert.That(dms[0], Does.Contain("approved"));
        Assert.That(dms[1], Does.Contain("we ran out of mugs").And.Contain("10 points are back"));
        await kit.AssertLedgerConsistentAsync();
    }

    [TestCaseSource(typeof(TestDatabase), nameof(TestDatabase.Providers))]
    public async Task Approving_a_reward_removed_from_the_config_refuses_and_refunds_by_reversal(DatabaseProvider provider)
    {
        var settings = Settings(stock: 1);
        await using var kit = await AmbassadorKit.CreateAsync(provider, settings);
        var rewards = Rewards(kit);
        await kit.Points.GrantAsync(AmbassadorKit.Guild, Alice, 50, "seed", Mod, 1);
        var badge = await rewards.RedeemAsync(AmbassadorKit.Guild, Alice, settings, settings.Reward("badge")!, 4001);
        Assert.That(await kit.BalanceAsync(Alice), Is.EqualTo(20));

        // The admin removes the badge from the config while the redemption waits for review.
        var edited = new AmbassadorSettings { ReviewChannelId = ReviewChannel, Rewards = [settings.Reward("mug")!] };
        var approved = await rewards.ApproveAsync(AmbassadorKit.Guild, badge.Redemption!.Id, Mod, edited);
        var again = await rewards.ApproveAsync(AmbassadorKit.Guild, badge.Redemption.Id, Mod, edited);

        Assert.That(approved.Outcome, Is.EqualTo(DecisionOutcome.RewardWithdrawn));
        Assert.That((approved.Redemption!.Status, approved.Redemption.DecidedBy), Is.EqualTo((RedemptionStatus.Denied, (ulong?)Mod)));
        Assert.That(approved.Refund!.Amount, Is.EqualTo(30));
        Assert.That(again.Outcome, Is.EqualTo(DecisionOutcome.AlreadyDecided), "refunded once");
        Assert.That(await kit.BalanceAsync(Alice), Is.EqualTo(50));
        Assert.That(kit.RolesOf(Alice), Is.Empty, "nothing was granted");
        kit.Rest.Verify(r => r.AddGuildMemberRoleAsync(It.IsAny<ulong>(), It.IsAny<ulong>(), It.IsAny<ulong>(), It.IsAny<string?>(), It.IsAny<CancellationToken>()), Times.Never);
        await using (var c = await kit.Db.OpenAsync())
        {
            var reversal = await Dapper.SqlMapper.QuerySingleAsync<(long Reverses, long Amount)>(c,
                "SELECT reverses_entry_id, amount FROM ambassador_entries WHERE reverses_entry_id IS NOT NULL");
            Assert.That(reversal, Is.EqualTo((badge.Redemption.DebitEntryId, 30L)), "the refund reverses the debit");
        }
        var dm = kit.Posted.Single(p => p.Channel == 70_000 + Alice).Request.Content;
        Assert.That(dm, Does.Contain("no longer offered").And.Contain("30 points are back"));

        // The unit of stock came back: with the badge offered again, someone else can redeem the only one.
        Assert.That((await rewards.RedeemAsync(AmbassadorKit.Guild, Alice, settings, settings.Reward("badge")!, 4002)).Outcome, Is.EqualTo(RedeemOutcome.Redeemed));
        await kit.AssertLedgerConsistentAsync();
    }
}
