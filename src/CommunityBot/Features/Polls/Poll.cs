namespace CommunityBot.Features.Polls;

/// <summary>How members vote. Multiple-choice polls always use the select menu (see <see cref="PollDraft"/>).</summary>
public enum PollLayout { Buttons, Select, Native }

/// <summary>A poll as stored. Options are numbered from 1 (the same numbers Discord uses for native answer ids).</summary>
public sealed record Poll(
    long Id,
    ulong GuildId,
    ulong ChannelId,
    ulong? MessageId,
    ulong CreatorId,
    string Question,
    IReadOnlyList<string> Options,
    int MaxPicks,
    bool Anonymous,
    bool HideResults,
    ulong? VoterRoleId,
    PollLayout Layout,
    DateTimeOffset CreatedAt,
    DateTimeOffset ClosesAt,
    bool IsClosed,
    DateTimeOffset? ClosedAt,
    ulong? ClosedBy,
    bool CloseAnnounced)
{
    public bool IsMultipleChoice => MaxPicks > 1;
    public bool IsNative => Layout == PollLayout.Native;

    /// <summary>Open for votes: not closed and its deadline not reached (a late close job never lets late votes in).</summary>
    public bool AcceptsVotesAt(DateTimeOffset now) => !IsClosed && now < ClosesAt;

    /// <summary>Whether the tally may be shown to everyone right now.</summary>
    public bool ResultsVisible => IsClosed || !HideResults;
}

/// <summary>Counts per option and how many members voted (a multiple-choice ballot counts once in <see cref="Voters"/>).</summary>
public sealed record PollTally(int Voters, IReadOnlyDictionary<int, int> Counts)
{
    public static PollTally Empty { get; } = new(0, new Dictionary<int, int>());

    public int CountOf(int position) => Counts.TryGetValue(position, out var n) ? n : 0;

    /// <summary>Share of voters who picked the option (for multiple choice the shares may add up to more than 100%).</summary>
    public double ShareOf(int position) => Voters == 0 ? 0 : (double)CountOf(position) / Voters;

    /// <summary>The option(s) with the most votes, or none when nobody voted.</summary>
    public IReadOnlyList<int> Leaders(int optionCount)
    {
        var best = Enumerable.Range(1, optionCount).Select(CountOf).DefaultIfEmpty(0).Max();
        return best == 0 ? [] : Enumerable.Range(1, optionCount).Where(p => CountOf(p) == best).ToList();
    }
}

/// <summary>One member's picks, for the CSV export.</summary>
public sealed record PollVote(ulong VoterId, int Position, DateTimeOffset VotedAt);
