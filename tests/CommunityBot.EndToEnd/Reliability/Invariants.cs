using CommunityBot.Features.Ambassadors;
using CommunityBot.StandIn;
using Dapper;

namespace CommunityBot.EndToEnd.Reliability;

/// <summary>
/// What must hold after any mix of load, kills, restarts and outages, checked against what Discord (the stand-in) saw and
/// what the database holds. Each check returns the violations it found, described for a failure message; empty is good.
/// </summary>
public sealed class Invariants(ReliabilityRig rig, CommunityLoad load, IReadOnlyCollection<ulong> decidedDuringDowntime)
{
    private IReadOnlyList<StandInMessage> BotPosts(string channel) =>
        rig.StandIn.Messages(rig.Community.Channel(channel)).Where(m => m.AuthorId == rig.BotUserId && m.InteractionId is null && !m.Deleted).ToList();

    /// <summary>Every member's cached balance, earned and season totals equal the sums of their ledger entries.</summary>
    public async Task<IReadOnlyList<string>> LedgerMismatchesAsync() =>
        (await LedgerAudit.FindDiscrepanciesAsync(rig.Database())).Select(d => d.ToString()).ToList();

    /// <summary>
    /// No source earned twice, and nothing earned for a message that does not exist or is not the member's: every
    /// message award names a message the member posted, every reaction award a message the member wrote.
    /// </summary>
    public async Task<IReadOnlyList<string>> DoubleOrBogusAwardsAsync()
    {
        await using var c = await rig.Database().OpenAsync();
        var doubled = await c.QueryAsync<string>("""
            SELECT source_kind || ' ' || source_id || ' x' || CAST(COUNT(*) AS TEXT) FROM ambassador_entries
            WHERE reverses_entry_id IS NULL GROUP BY guild_id, source_kind, source_id, member_id HAVING COUNT(*) > 1
            """);
        var entries = await c.QueryAsync<(string Kind, string Source, long Member)>(
            "SELECT source_kind, source_id, member_id FROM ambassador_entries WHERE reverses_entry_id IS NULL AND source_kind IN ('message', 'reaction')");
        var problems = doubled.Select(d => "awarded twice: " + d).ToList();
        foreach (var (kind, source, member) in entries)
        {
            var messageId = ulong.Parse(source.Split(':')[0], System.Globalization.CultureInfo.InvariantCulture);
            if (rig.StandIn.GetMessage(messageId) is not { } message) problems.Add($"{kind} {source}: no such message");
            else if (message.AuthorId != (ulong)member) problems.Add($"{kind} {source}: credited to {member}, written by {message.AuthorId}");
        }
        return problems;
    }

    /// <summary>Neither this bot nor any other bot of the server has ledger entries or a balance.</summary>
    public async Task<IReadOnlyList<string>> BotsHoldingPointsAsync()
    {
        await using var c = await rig.Database().OpenAsync();
        var balances = await c.QueryAsync<(long Member, long Balance, long Earned)>(
            "SELECT member_id, balance, earned FROM ambassador_members WHERE (member_id = @bot OR member_id = @other) AND (balance <> 0 OR earned <> 0)",
            new { bot = (long)rig.BotUserId, other = (long)rig.OtherBotId });
        return balances.Select(b => $"bot {b.Member} holds {b.Balance} points ({b.Earned} earned)").ToList();
    }

    /// <summary>Every vote the bot acknowledged ("🗳️ Your vote: …") is on a ballot, for the answer clicked; nobody has two ballots.</summary>
    public async Task<IReadOnlyList<string>> LostOrMiscountedVotesAsync()
    {
        await using var c = await rig.Database().OpenAsync();
        var picks = (await c.QueryAsync<(long Voter, long Position)>("SELECT voter_id, position FROM poll_votes WHERE poll_id = @PollId", new { load.PollId }))
            .ToLookup(p => (ulong)p.Voter, p => (int)p.Position);
        var problems = new List<string>();
        foreach (var (handle, voter, position) in load.Votes)
        {
            if (!Acknowledged(handle)) continue;
            var mine = picks[voter].ToList();
            if (mine.Count != 1 || mine[0] != position) problems.Add($"voter {voter} was told they voted {position}; the ballot holds [{string.Join(",", mine)}]");
        }
        var voted = load.Votes.Select(v => v.Voter).ToHashSet();
        problems.AddRange(picks.Where(p => !voted.Contains(p.Key)).Select(p => $"a ballot for {p.Key}, who never clicked"));
        return problems;
    }

    /// <summary>The bot's answer to a vote click, whether sent directly or as the edit of a deferred answer, reports the vote.</summary>
    public static bool Acknowledged(InteractionHandle handle) =>
        handle.Response?.Content?.Contains("Your vote:", StringComparison.Ordinal) == true
        || handle.OriginalResponse?.Content.Contains("Your vote:", StringComparison.Ordinal) == true;

    public int AcknowledgedVotes => load.Votes.Count(v => Acknowledged(v.Handle));

    /// <summary>One public welcome and one welcome DM per join (live or during downtime); none for people who were already here.</summary>
    public IReadOnlyList<string> WrongWelcomeCounts()
    {
        var welcomes = BotPosts("welcome");
        var problems = new List<string>();
        foreach (var member in load.Joined)
        {
            var posts = welcomes.Count(m => m.Content.Contains($"<@{member}>", StringComparison.Ordinal));
            var dms = rig.StandIn.DmsTo(member).Count(m => m.Content.Contains("welcome to", StringComparison.Ordinal));
            if (posts != 1 || dms != 1) problems.Add($"joined {member}: {posts} welcome(s), {dms} welcome DM(s)");
        }
        problems.AddRange(rig.Regulars.Where(r => welcomes.Any(m => m.Content.Contains($"<@{r}>", StringComparison.Ordinal))).Select(r => $"regular {r} welcomed"));
        return problems;
    }

    /// <summary>Every card in the queue channel is the one card the database has for its flagged message: none posted twice.</summary>
    public async Task<IReadOnlyList<string>> DuplicatedCardsAsync()
    {
        await using var c = await rig.Database().OpenAsync();
        var known = (await c.QueryAsync<long>("SELECT card_message_id FROM mod_queue_cards WHERE card_message_id IS NOT NULL")).Select(id => (ulong)id).ToHashSet();
        var posted = BotPosts("mod-queue");
        return posted.Where(m => !known.Contains(m.Id)).Select(m => $"card message {m.Id} is not the card the database knows (posted twice?)").ToList();
    }

    /// <summary>Every card a moderator decided on while the bot was down is resolved, with one case.</summary>
    public async Task<IReadOnlyList<string>> UnresolvedDowntimeDecisionsAsync()
    {
        await using var c = await rig.Database().OpenAsync();
        var problems = new List<string>();
        foreach (var cardMessage in decidedDuringDowntime)
        {
            var row = await c.QuerySingleAsync<(string Status, long? CaseNumber)>(
                "SELECT status, case_number FROM mod_queue_cards WHERE card_message_id = @cardMessage", new { cardMessage });
            if (row.Status != "resolved" || row.CaseNumber is null) problems.Add($"card {cardMessage}: {row.Status}, case {row.CaseNumber?.ToString() ?? "none"}");
        }
        return problems;
    }

    /// <summary>
    /// Every scheduled job fired once: each newcomer got exactly one rules nudge (due seconds after joining, so across
    /// the kills), and no job is left dead or overdue.
    /// </summary>
    public async Task<IReadOnlyList<string>> JobsNotFiredOnceAsync()
    {
        var problems = load.Joined
            .Select(m => (Member: m, Nudges: rig.StandIn.DmsTo(m).Count(d => d.Content == ReliabilityRig.NudgeText)))
            .Where(x => x.Nudges != 1).Select(x => $"newcomer {x.Member}: {x.Nudges} nudge(s)").ToList();
        await using var c = await rig.Database().OpenAsync();
        var stuck = await c.QueryAsync<string>("SELECT kind || ' ' || job_key || ' dead=' || CAST(dead AS TEXT) || ' ' || COALESCE(last_error, '') FROM jobs WHERE dead = 1 OR due_at < @cutoff",
            new { cutoff = DateTimeOffset.UtcNow.AddSeconds(-30).ToUnixTimeMilliseconds() });
        problems.AddRange(stuck.Select(s => "job " + s));
        return problems;
    }

    /// <summary>What the waits before the checks need: welcomes, nudges and downtime decisions have all had time to happen.</summary>
    public async Task<bool> SettledAsync() =>
        WrongWelcomeCounts().Count == 0 && (await JobsNotFiredOnceAsync()).Count == 0 && (await UnresolvedDowntimeDecisionsAsync()).Count == 0;
}
