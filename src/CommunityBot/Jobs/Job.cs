namespace CommunityBot.Jobs;

/// <summary>A claimed durable job. <see cref="Attempt"/> starts at 1; a value above 1 means an earlier run may have partly happened.</summary>
public sealed record Job(long Id, string Kind, string Key, ulong? GuildId, string Payload, DateTimeOffset DueAt, int Attempt);

/// <summary>Runs the jobs of one <see cref="Kind"/>. Handlers must be idempotent: a job runs at least once.</summary>
public interface IJobHandler
{
    string Kind { get; }
    Task HandleAsync(Job job, CancellationToken ct);
}

/// <summary>Durable schedules in the shared <c>jobs</c> table; (kind, key) is unique, so scheduling is idempotent.</summary>
public interface IJobScheduler
{
    /// <summary>Schedules a job; if (kind, key) exists, it is left alone unless <paramref name="replace"/> is set.</summary>
    Task ScheduleAsync(string kind, string key, DateTimeOffset dueAt, string payload = "{}", ulong? guildId = null, bool replace = false, CancellationToken ct = default);
    Task<bool> CancelAsync(string kind, string key, CancellationToken ct = default);
    Task<bool> ExistsAsync(string kind, string key, CancellationToken ct = default);
}
