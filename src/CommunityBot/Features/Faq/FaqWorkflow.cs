using System.Globalization;
using CommunityBot.Jobs;

namespace CommunityBot.Features.Faq;

/// <summary>
/// The state changes of an entry's life (captured, decided, edited, deleted) and what each sets in motion.
/// Discord-side follow-ups — posting the review card, crediting the answer's author, telling the proposer —
/// run in the durable <see cref="FaqSyncJob"/>, so a crash or restart between the database change and the
/// Discord calls delays them rather than losing them.
/// </summary>
public sealed class FaqWorkflow(FaqRepository repository, IJobScheduler jobs, FaqMatcher matcher, TimeProvider time)
{
    public async Task<(FaqEntry Entry, bool Created)> CaptureAsync(FaqDraft draft, bool publish, CancellationToken ct = default)
    {
        var (entry, created) = await repository.CreateAsync(draft, publish, time.GetUtcNow(), ct);
        if (!created) return (entry, false);
        await ScheduleSyncAsync(entry, ct);
        if (publish) matcher.Invalidate(entry.GuildId);
        return (entry, true);
    }

    /// <summary>Approves or rejects a proposal; false if it was already decided (by someone else, or a replayed event).</summary>
    public async Task<bool> DecideAsync(ulong guildId, long id, bool approve, ulong moderatorId, CancellationToken ct = default)
    {
        if (!await repository.DecideAsync(guildId, id, approve, moderatorId, time.GetUtcNow(), ct)) return false;
        await ScheduleSyncAsync(new FaqEntry { Id = id, GuildId = guildId, Status = approve ? FaqStatus.Published : FaqStatus.Rejected }, ct);
        if (approve) matcher.Invalidate(guildId);
        return true;
    }

    public async Task<bool> EditAsync(ulong guildId, long id, string question, string answer, string tags, ulong editorId, CancellationToken ct = default)
    {
        var changed = await repository.UpdateContentAsync(guildId, id, question, answer, tags, editorId, time.GetUtcNow(), ct);
        if (changed) matcher.Invalidate(guildId);
        return changed;
    }

    public async Task<bool> DeleteAsync(ulong guildId, long id, CancellationToken ct = default)
    {
        var changed = await repository.DeleteAsync(guildId, id, time.GetUtcNow(), ct);
        if (changed) matcher.Invalidate(guildId);
        return changed;
    }

    public async Task<bool> ChangeAliasAsync(ulong guildId, long id, string alias, bool add, CancellationToken ct = default)
    {
        var changed = add ? await repository.AddAliasAsync(guildId, id, alias, ct) : await repository.RemoveAliasAsync(guildId, id, alias, ct);
        if (changed) matcher.Invalidate(guildId);
        return changed;
    }

    /// <summary>
    /// One job per entry and phase (the phase is the status it was scheduled for): a decision made while the card
    /// job is still running gets its own job instead of being absorbed by the one about to finish.
    /// </summary>
    public Task ScheduleSyncAsync(FaqEntry entry, CancellationToken ct = default) =>
        jobs.ScheduleAsync(FaqSyncJob.Kind, $"{entry.Id.ToString(CultureInfo.InvariantCulture)}:{entry.Status}", time.GetUtcNow(), guildId: entry.GuildId, ct: ct);
}
