using System.Globalization;
using CommunityBot.Jobs;

namespace CommunityBot.Features.Polls;

/// <summary>The durable deadline: scheduled when a poll is created, keyed on the poll, so it fires once across restarts.</summary>
public sealed class PollCloseJob(PollCloser closer) : IJobHandler
{
    public string Kind => PollCloser.JobKind;

    public Task HandleAsync(Job job, CancellationToken ct) =>
        closer.CloseAsync(long.Parse(job.Key, CultureInfo.InvariantCulture), closedBy: null, ct);
}
