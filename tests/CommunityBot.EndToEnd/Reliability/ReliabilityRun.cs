using System.Diagnostics;
using CommunityBot.StandIn;
using Dapper;

namespace CommunityBot.EndToEnd.Reliability;

/// <summary>
/// One scripted run: the bot under load while things go wrong, then a settling wait, a graceful stop (so nothing is
/// still in flight) and the invariants. The fixtures run it once in their set-up and check one invariant per test.
/// </summary>
public sealed class ReliabilityRun(ReliabilityRig rig, int seed)
{
    /// <summary>How long the run waits for welcomes, nudges and downtime decisions to settle before checking.</summary>
    private static readonly TimeSpan SettleLimit = TimeSpan.FromSeconds(30);

    private readonly List<ulong> _decidedDuringDowntime = [];
    private CancellationTokenSource? _stopLoad;
    private Task? _loadRun;

    public CommunityLoad Load { get; } = new(rig, seed);
    public Invariants Invariants => new(rig, Load, _decidedDuringDowntime);
    public int Kills { get; private set; }
    public IReadOnlyList<ulong> DecidedDuringDowntime => _decidedDuringDowntime;
    public TimeSpan Settling { get; private set; }
    public Stopwatch Elapsed { get; } = new();

    public async Task StartAsync()
    {
        Elapsed.Start();
        await rig.StartBotAsync();
        await Load.CreatePollAsync();
        _stopLoad = new CancellationTokenSource();
        _loadRun = Task.Run(() => Load.RunAsync(_stopLoad.Token));
    }

    /// <summary>Lets the load run for a while (the load paces itself; nothing here waits for the bot).</summary>
    public static Task UnderLoadFor(TimeSpan span) => Task.Delay(span);

    /// <summary>
    /// SIGKILL mid-load; while the bot is down newcomers join and a moderator reacts ⚠️ on an open queue card; then the bot
    /// starts again on the same database.
    /// </summary>
    public async Task KillAndRestartAsync(TimeSpan downtime)
    {
        await rig.KillBotAsync();
        Kills++;
        await Load.JoinAsync();
        await Load.JoinAsync();
        if (await OpenCardAsync() is { } card) await DecideAsync(card);
        await Task.Delay(downtime);
        await rig.StartBotAsync();
    }

    /// <summary>
    /// A queue card the database has as open and nobody decided yet (read while the database is up), about a plain
    /// member's message: a warning for the owner, a moderator or the reacting moderator himself is refused by design.
    /// </summary>
    public async Task<ulong?> OpenCardAsync()
    {
        var staff = new[] { "owner", "ada-admin", "max-moderator" }.Select(rig.Community.Person).ToHashSet();
        await using var c = await rig.Database().OpenAsync();
        var open = await c.QueryAsync<(long Card, long Author)>(
            "SELECT card_message_id, author_id FROM mod_queue_cards WHERE status = 'open' AND card_message_id IS NOT NULL ORDER BY id");
        return open.Where(o => !staff.Contains((ulong)o.Author) && (ulong)o.Author != rig.OtherBotId && !_decidedDuringDowntime.Contains((ulong)o.Card))
            .Select(o => (ulong?)o.Card).FirstOrDefault();
    }

    /// <summary>A moderator reacts ⚠️ (warn) on the card while the bot (or its database) is down.</summary>
    public async Task DecideAsync(ulong cardMessageId)
    {
        await rig.StandIn.AddReactionAsync(rig.GuildId, rig.Community.Channel("mod-queue"), cardMessageId, rig.Community.Person("max-moderator"), "⚠️");
        _decidedDuringDowntime.Add(cardMessageId);
    }

    /// <summary>Stops the load, waits (bounded) for what it set in motion to settle, then stops the bot with SIGTERM.</summary>
    public async Task FinishAsync()
    {
        _stopLoad!.Cancel();
        await _loadRun!;
        var settle = Stopwatch.StartNew();
        while (settle.Elapsed < SettleLimit && !await Invariants.SettledAsync())
            await Task.Delay(250); // polling the outcome, bounded; the invariant tests report whatever is still wrong
        Settling = settle.Elapsed;
        await rig.StopBotAsync();
        Elapsed.Stop();
    }

    /// <summary>A line for the test output and the README's figures.</summary>
    public string Summary() =>
        $"{rig.Provider}: {Elapsed.Elapsed.TotalSeconds:0} s, {Kills} kill -9, {rig.Starts} starts, {Load.Messages} messages, {Load.Reactions} reactions, " +
        $"{Load.Votes.Count} votes ({Invariants.AcknowledgedVotes} acknowledged), {Load.Joined.Count} joins, {_decidedDuringDowntime.Count} cards decided while down, " +
        $"settled in {Settling.TotalSeconds:0.0} s";
}
