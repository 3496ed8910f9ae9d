namespace CommunityBot.Features.Brainstorming;

/// <summary>What happened to a vote on a poll or an idea.</summary>
public enum VoteOutcome
{
    Recorded,
    /// <summary>A replayed or out-of-order interaction older than the ballot's latest one: nothing changed.</summary>
    Stale,
    Closed,
    NotFound,
}
