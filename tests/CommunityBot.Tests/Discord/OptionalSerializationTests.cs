using System.Text.Json;
using CommunityBot.Discord.Json;
using CommunityBot.Discord.Models;

namespace CommunityBot.Tests.Discord;

[Category("Protocol")]
public class OptionalSerializationTests
{
    private static string Write(ModifyGuildMemberRequest request) =>
        JsonSerializer.Serialize(request, DiscordJsonContext.Default.ModifyGuildMemberRequest);

    [Test]
    public void AbsentFields_AreLeftOut() =>
        Assert.That(Write(new ModifyGuildMemberRequest()), Is.EqualTo("{}"));

    [Test]
    public void ExplicitNull_IsWrittenAsNull_SoATimeoutCanBeLifted() =>
        Assert.That(Write(new ModifyGuildMemberRequest { CommunicationDisabledUntil = Optional.Of<DateTimeOffset?>(null), Nick = Optional.Of<string?>(null) }),
            Is.EqualTo("""{"nick":null,"communication_disabled_until":null}"""));

    [Test]
    public void Values_AreWrittenInDiscordsFormats() =>
        Assert.That(Write(new ModifyGuildMemberRequest
        {
            Roles = new ulong[] { 41771983423143936, 2 },
            CommunicationDisabledUntil = new DateTimeOffset(2026, 3, 1, 12, 0, 0, TimeSpan.FromHours(2)),
        }), Is.EqualTo("""{"roles":["41771983423143936","2"],"communication_disabled_until":"2026-03-01T10:00:00.000Z"}"""));

    [Test]
    public void RoundTrip_KeepsAbsentAndNullApart()
    {
        var read = JsonSerializer.Deserialize("""{"nick":null,"roles":["5"]}""", DiscordJsonContext.Default.ModifyGuildMemberRequest)!;

        Assert.That(read.Nick.HasValue, Is.True);
        Assert.That(read.Nick.Value, Is.Null);
        Assert.That(read.Roles.Value, Is.EqualTo(new ulong[] { 5 }));
        Assert.That(read.CommunicationDisabledUntil.HasValue, Is.False);
    }
}
