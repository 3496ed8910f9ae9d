using System.Collections.Concurrent;
using CommunityBot.Features.Moderation.Queue;

namespace CommunityBot.Features.Moderation.Automod;

/// <summary>
/// What automod decided and already did about a message, until it has been recorded. Recording needs the database;
/// when that fails the event is retried, and the retry must neither act twice (a second timeout would run from a
/// later time) nor judge again (the flood rule's window was reset when it fired, so it would now see nothing).
/// In memory like the retry itself, and bounded: beyond <see cref="Capacity"/> the oldest decision is forgotten
/// (its retry then judges afresh).
/// </summary>
public sealed class AutomodDecisions
{
    public const int Capacity = 10_000;
    private readonly ConcurrentDictionary<ulong, AutomodDecision> _pending = new();

    public AutomodDecision? Find(ulong messageId) => _pending.GetValueOrDefault(messageId);

    public void Remember(AutomodDecision decision)
    {
        _pending[decision.Message.MessageId] = decision;
        if (_pending.Count <= Capacity) return;
        foreach (var oldest in _pending.Values.OrderBy(d => d.Sequence).Take(_pending.Count - Capacity))
            _pending.TryRemove(oldest.Message.MessageId, out _);
    }

    public void Forget(ulong messageId) => _pending.TryRemove(messageId, out _);
}

/// <param name="Matches">Every rule that matched (each becomes a flag on the card).</param>
/// <param name="Strongest">The match whose action was applied.</param>
/// <param name="Rule">That match's rule as configured then (a reload must not change what a retry records).</param>
/// <param name="Deleted">The message was removed before anything was recorded.</param>
/// <param name="Refused">Why the protective action could not be applied (it goes on the card), or null.</param>
/// <param name="Sequence">Order of decisions, for forgetting the oldest.</param>
public sealed record AutomodDecision(FlaggedMessage Message, IReadOnlyList<AutomodMatch> Matches, AutomodMatch Strongest, AutomodRuleSettings Rule, bool Deleted, string? Refused, long Sequence)
{
    private static long _next;
    public static long NextSequence() => Interlocked.Increment(ref _next);
}
