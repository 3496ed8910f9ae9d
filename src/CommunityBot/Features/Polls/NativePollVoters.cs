using CommunityBot.Discord.Rest;

namespace CommunityBot.Features.Polls;

/// <summary>
/// Reads who picked what in a native poll straight from Discord (Get Answer Voters, every page of every answer).
/// Vote events can be lost while offline, duplicated after a resume or handled out of order, so the ballots
/// stored when a poll ends come from here, not from the events.
/// </summary>
public sealed class NativePollVoters(IDiscordRestClient rest)
{
    /// <summary>Discord's largest page; a shorter page is the last one.</summary>
    public const int PageSize = 100;

    /// <returns>Each voter's picks (answer ids, which are our option positions).</returns>
    public async Task<IReadOnlyDictionary<ulong, IReadOnlyList<int>>> ReadAsync(ulong channelId, ulong messageId, int answerCount, CancellationToken ct = default)
    {
        var picks = new Dictionary<ulong, List<int>>();
        for (var answer = 1; answer <= answerCount; answer++)
        {
            ulong? after = null;
            while (true)
            {
                var page = await rest.GetAnswerVotersAsync(channelId, messageId, answer, after, PageSize, ct);
                foreach (var user in page.Users)
                {
                    if (!picks.TryGetValue(user.Id, out var list)) picks[user.Id] = list = [];
                    if (!list.Contains(answer)) list.Add(answer);
                }
                if (page.Users.Length < PageSize) break;
                var last = page.Users.Max(u => u.Id);
                if (after is { } previous && last <= previous) break; // a page that does not move on would loop forever
                after = last;
            }
        }
        return picks.ToDictionary(p => p.Key, p => (IReadOnlyList<int>)p.Value);
    }
}
