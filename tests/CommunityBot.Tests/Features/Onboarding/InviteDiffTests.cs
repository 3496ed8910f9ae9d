using System.Net;
using CommunityBot.Discord.Models;
using CommunityBot.Discord.Rest;
using CommunityBot.Features.Onboarding;
using Microsoft.Extensions.Logging.Abstractions;
using Moq;

namespace CommunityBot.Tests.Features.Onboarding;

[Category("Onboarding")]
public sealed class InviteDiffTests
{
    private static Dictionary<string, (int, int)> Snap(params (string Code, int Uses, int Max)[] invites) => invites.ToDictionary(i => i.Code, i => (i.Uses, i.Max));

    [Test]
    public void The_invite_whose_uses_went_up_is_the_one() =>
        Assert.That(InviteTracker.Diff(Snap(("a", 3, 0), ("b", 1, 0)), Snap(("a", 3, 0), ("b", 2, 0))), Is.EqualTo("b"));

    [Test]
    public void An_invite_created_and_used_between_reads_is_found() =>
        Assert.That(InviteTracker.Diff(Snap(("a", 3, 0)), Snap(("a", 3, 0), ("new", 1, 0))), Is.EqualTo("new"));

    [Test]
    public void An_invite_used_up_by_this_join_is_found_though_Discord_deleted_it() =>
        Assert.That(InviteTracker.Diff(Snap(("a", 3, 0), ("once", 0, 1)), Snap(("a", 3, 0))), Is.EqualTo("once"));

    [Test]
    public void Two_joins_between_reads_stay_unattributed()
    {
        Assert.That(InviteTracker.Diff(Snap(("a", 1, 0), ("b", 1, 0)), Snap(("a", 2, 0), ("b", 2, 0))), Is.Null);
        Assert.That(InviteTracker.Diff(Snap(("a", 1, 0)), Snap(("a", 3, 0))), Is.Null);
    }

    [Test]
    public async Task Without_Manage_Server_tracking_switches_off_quietly()
    {
        var rest = new Mock<IDiscordRestClient>();
        rest.Setup(r => r.GetGuildInvitesAsync(5, It.IsAny<CancellationToken>()))
            .ThrowsAsync(new DiscordRestException(HttpStatusCode.Forbidden, 50013, "Missing Permissions", null, "GET /guilds/{guild_id}/invites"));
        var tracker = new InviteTracker(rest.Object, NullLogger<InviteTracker>.Instance);

        await tracker.SnapshotAsync(5, default);
        Assert.That(tracker.CanTrack(5), Is.False);
        Assert.That(await tracker.AttributeJoinAsync(5, default), Is.Null);
        rest.Verify(r => r.GetGuildInvitesAsync(5, It.IsAny<CancellationToken>()), Times.Once, "no further calls once Discord said no");
    }

    [Test]
    public async Task A_join_is_attributed_against_the_snapshot()
    {
        var rest = new Mock<IDiscordRestClient>();
        rest.SetupSequence(r => r.GetGuildInvitesAsync(5, It.IsAny<CancellationToken>()))
            .ReturnsAsync([new Invite { Code = "spring", Uses = 4 }, new Invite { Code = "blog", Uses = 0 }])
            .ReturnsAsync([new Invite { Code = "spring", Uses = 4 }, new Invite { Code = "blog", Uses = 1 }]);
        var tracker = new InviteTracker(rest.Object, NullLogger<InviteTracker>.Instance);

        await tracker.SnapshotAsync(5, default);
        Assert.That(await tracker.AttributeJoinAsync(5, default), Is.EqualTo("blog"));
    }
}
