using System.Net;
using CommunityBot.Discord.Models;
using CommunityBot.Discord.Rest;
using CommunityBot.Features.Ambassadors;
using CommunityBot.Features.Ideas;
using CommunityBot.Jobs;
using CommunityBot.Storage;
using CommunityBot.TestSupport;
using Microsoft.Extensions.Logging.Abstractions;
using Moq;
using static CommunityBot.Tests.Features.Brainstorming.BrainstormingDatabase;

namespace CommunityBot.Tests.Features.Brainstorming;

[Category("Brainstorming")]
public sealed class IdeaStatusFanoutJobTests
{
    private const ulong Guild = 10, Author = 30, Moderator = 40, ClosedDms = 50, Voter = 60;

    [TestCaseSource(typeof(TestDatabase), nameof(TestDatabase.Providers))]
    public async Task Planned_awards_the_author_once_DMs_everyone_and_records_closed_DMs_without_retrying(DatabaseProvider provider)
    {
        await using var database = await CreateAsync(provider);
        var ideas = new IdeaRepository(database.Factory());
        var id = (await ideas.CreateAsync(Guild, 20, Author, NextInteraction(), "Dark mode", "Please", Now))!.Value;
        await ideas.VoteAsync(id, ClosedDms, +1, NextInteraction(), Now);
        await ideas.VoteAsync(id, Voter, -1, NextInteraction(), Now);
        var change = (await ideas.ChangeStatusAsync(id, IdeaStatus.Planned, null, null, Moderator, NextInteraction(), Now)).ChangeId!.Value;

        var rest = new Mock<IDiscordRestClient>();
        rest.Setup(r => r.CreateDmAsync(It.IsAny<ulong>(), It.IsAny<CancellationToken>())).ReturnsAsync((ulong user, CancellationToken _) => new Channel { Id = user + 1000 });
        rest.Setup(r => r.CreateMessageAsync(ClosedDms + 1000, It.IsAny<CreateMessageRequest>(), null, It.IsAny<CancellationToken>()))
            .ThrowsAsync(new DiscordRestException(HttpStatusCode.Forbidden, 50007, "Cannot send messages to this user", null, "POST /channels/{id}/messages"));
        rest.Setup(r => r.CreateMessageAsync(It.Is<ulong>(c => c != ClosedDms + 1000), It.IsAny<CreateMessageRequest>(), null, It.IsAny<CancellationToken>()))
            .ReturnsAsync(new Message());
        var points = new Mock<IAmbassadorPoints>();
        points.Setup(p => p.AwardAsync(Guild, Author, PointSources.IdeaAccepted, id.ToString(), It.IsAny<string>(), Moderator, It.IsAny<CancellationToken>()))
            .ReturnsAsync(new PointsAward(true, 15, 1));

        var job = new IdeaStatusFanoutJob(ideas, rest.Object, NullLogger<IdeaStatusFanoutJob>.Instance, points.Object);
        var run = new Job(1, IdeaStatusFanoutJob.JobKind, change.ToString(), Guild, "{}", Now, 1);
        await job.HandleAsync(run, default);
        await job.HandleAsync(run with { Attempt = 2 }, default); // a second run (e.g. after a crash) sends nothing new

        Assert.That(await ideas.NotificationStatesAsync(change), Is.EquivalentTo(new Dictionary<string, int> { ["sent"] = 2, ["failed"] = 1 }));
        rest.Verify(r => r.CreateMessageAsync(ClosedDms + 1000, It.IsAny<CreateMessageRequest>(), null, It.IsAny<CancellationToken>()), Times.Once);
        rest.Verify(r => r.CreateMessageAsync(Author + 1000, It.Is<CreateMessageRequest>(m => m.Embeds![0].Description!.Contains("You suggested")), null, It.IsAny<CancellationToken>()), Times.Once);
        points.Verify(p => p.AwardAsync(Guild, Author, PointSources.IdeaAccepted, id.ToString(), It.IsAny<string>(), Moderator, It.IsAny<CancellationToken>()), Times.Exactly(2),
            "the job asks on every run; the ledger's key on the idea makes the repeat award nothing");
    }
}
