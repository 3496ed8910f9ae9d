using System.Security.Cryptography;
using System.Text;
using CommunityBot.Features.Brainstorming;

namespace CommunityBot.Features.Polls;

/// <summary>
/// The CSV export of a poll's votes. Public polls list voter ids with their picks and times. Anonymous polls list
/// ballots without ids or times, numbered in an order derived from a hash (not from when members voted), so the
/// file cannot be matched against who was online when.
/// </summary>
public static class PollExport
{
    public static byte[] ToCsv(Poll poll, IReadOnlyList<PollVote> votes)
    {
        var csv = new Csv();
        if (poll.Anonymous)
        {
            csv.Row("poll_id", "ballot", "option_number", "option");
            var ballots = votes.Select(v => v.VoterId).Distinct()
                .OrderBy(voter => Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes($"{poll.Id}:{poll.CreatedAt.ToUnixTimeMilliseconds()}:{voter}"))), StringComparer.Ordinal)
                .Select((voter, index) => (voter, index: index + 1)).ToDictionary(b => b.voter, b => b.index);
            foreach (var vote in votes.OrderBy(v => ballots[v.VoterId]).ThenBy(v => v.Position))
                csv.Row(poll.Id, ballots[vote.VoterId], vote.Position, poll.Options[vote.Position - 1]);
        }
        else
        {
            csv.Row("poll_id", "voter_id", "option_number", "option", "voted_at");
            foreach (var vote in votes)
                csv.Row(poll.Id, vote.VoterId.ToString(System.Globalization.CultureInfo.InvariantCulture), vote.Position, poll.Options[vote.Position - 1], vote.VotedAt);
        }
        return csv.ToBytes();
    }
}
