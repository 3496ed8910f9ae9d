using CommunityBot.Discord.Models;
using CommunityBot.Features.Onboarding;
using CommunityBot.Hosting;

namespace CommunityBot.Tests.Features.Onboarding;

/// <summary>Which remembered interest roles a restored rejoin gives back.</summary>
[Category("Onboarding")]
public sealed class RestorableInterestsTests
{
    private static GuildSnapshot GuildWithRoles(params ulong[] roleIds) =>
        new(900, "Sandbox", 1, roleIds.ToDictionary(id => id, id => new Role { Id = id, Name = $"role-{id}" }));

    private static InterestSettings Offering(params ulong[] roleIds) => new() { Roles = [.. roleIds.Select(id => new InterestRole { RoleId = id, Label = $"{id}" })] };

    [Test]
    public void Only_roles_still_offered_and_still_in_the_server_come_back()
    {
        var restorable = WelcomeJob.RestorableInterests(Offering(40, 41, 43), remembered: [40, 41, 42], GuildWithRoles(40, 42, 43));
        Assert.That(restorable, Is.EqualTo(new ulong[] { 40 }), "41 was deleted from the server, 42 dropped from the config, 43 never chosen");
    }

    [Test]
    public void Nothing_comes_back_when_interest_roles_are_switched_off()
    {
        Assert.That(WelcomeJob.RestorableInterests(null, remembered: [40], GuildWithRoles(40)), Is.Empty);
    }
}
