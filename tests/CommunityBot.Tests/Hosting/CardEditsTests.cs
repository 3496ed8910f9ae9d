using CommunityBot.Discord.Models;
using CommunityBot.Discord.Rest;
using CommunityBot.Hosting;
using Moq;

namespace CommunityBot.Tests.Hosting;

[Category("Host")]
public sealed class CardEditsTests
{
    private static EditMessageRequest Card(string text) => new() { Embeds = [new Embed { Description = text }] };

    private static (CardEdits Edits, Mock<IDiscordRestClient> Client) Create()
    {
        var rest = new Mock<IDiscordRestClient>();
        rest.Setup(r => r.EditMessageAsync(It.IsAny<ulong>(), It.IsAny<ulong>(), It.IsAny<EditMessageRequest>(), It.IsAny<CancellationToken>()))
            .ReturnsAsync(new Message());
        return (new CardEdits(rest.Object), rest);
    }

    [Test]
    public async Task An_edit_equal_to_what_the_message_shows_is_skipped_and_any_change_is_sent()
    {
        var (edits, rest) = Create();

        Assert.That(await edits.EditAsync(1, 10, Card("2 votes")), Is.True);
        Assert.That(await edits.EditAsync(1, 10, Card("2 votes")), Is.False, "same content again");
        Assert.That(await edits.EditAsync(1, 11, Card("2 votes")), Is.True, "another message");
        Assert.That(await edits.EditAsync(1, 10, Card("3 votes")), Is.True);
        Assert.That(await edits.EditAsync(1, 10, Card("2 votes")), Is.True, "back to an earlier content is a change");

        rest.Verify(r => r.EditMessageAsync(1, 10, It.IsAny<EditMessageRequest>(), It.IsAny<CancellationToken>()), Times.Exactly(3));
        Assert.That(edits.Skipped, Is.EqualTo(1));
    }

    [Test]
    public async Task A_failed_edit_or_two_edits_in_flight_at_once_leave_the_content_unknown_so_the_next_edit_is_sent()
    {
        var (edits, rest) = Create();
        rest.SetupSequence(r => r.EditMessageAsync(1, 10, It.IsAny<EditMessageRequest>(), It.IsAny<CancellationToken>()))
            .ThrowsAsync(new HttpRequestException("reset"))
            .ReturnsAsync(new Message());
        Assert.ThrowsAsync<HttpRequestException>(() => edits.EditAsync(1, 10, Card("open")));
        Assert.That(await edits.EditAsync(1, 10, Card("open")), Is.True, "the failed edit may not have landed");

        // Two edits of one message in flight together may land in either order: neither is assumed to be shown.
        var first = new TaskCompletionSource<Message>();
        var second = new TaskCompletionSource<Message>();
        rest.SetupSequence(r => r.EditMessageAsync(1, 20, It.IsAny<EditMessageRequest>(), It.IsAny<CancellationToken>()))
            .Returns(first.Task).Returns(second.Task).ReturnsAsync(new Message());
        var open = edits.EditAsync(1, 20, Card("open"));
        var closed = edits.EditAsync(1, 20, Card("closed"));
        second.SetResult(new Message());
        first.SetResult(new Message());
        await Task.WhenAll(open, closed);
        Assert.That(await edits.EditAsync(1, 20, Card("closed")), Is.True, "the open card may have landed last");
        Assert.That(await edits.EditAsync(1, 20, Card("closed")), Is.False);
    }

    [Test]
    public async Task At_most_Capacity_messages_are_remembered_oldest_first_out()
    {
        var (edits, rest) = Create();
        for (ulong m = 1; m <= CardEdits.Capacity + 1; m++) await edits.EditAsync(1, m, Card("x"));

        Assert.That(await edits.EditAsync(1, CardEdits.Capacity + 1, Card("x")), Is.False, "the newest is remembered");
        Assert.That(await edits.EditAsync(1, 1, Card("x")), Is.True, "the oldest was dropped, so its edit is sent again");
    }
}
