using System.Collections.Concurrent;
using System.Text.Json;
using CommunityBot.StandIn;

namespace CommunityBot.EndToEnd.Reliability;

/// <summary>
/// A busy community, scripted and seeded so a run can be repeated: members post (every tenth message breaks an automod
/// rule and becomes a queue card), react to each other's messages and to the bot's own cards, vote on a button poll
/// (once each), and newcomers join. It keeps going whatever state the bot is in — that is the point — and records what
/// Discord saw, so the invariants can be checked against it afterwards.
/// </summary>
public sealed class CommunityLoad(ReliabilityRig rig, int seed)
{
    private static readonly TimeSpan Tick = TimeSpan.FromMilliseconds(40);
    private static readonly TimeSpan JoinEvery = TimeSpan.FromSeconds(1.2);
    /// <summary>How long a voter waits for the bot's answer; Discord gives the bot 3 s before the interaction fails.</summary>
    private static readonly TimeSpan InteractionDeadline = TimeSpan.FromSeconds(3);

    private readonly Random _random = new(seed);
    private readonly List<StandInMessage> _posted = [];
    private readonly ConcurrentQueue<Task> _pending = new();
    private int _joins;

    /// <summary>Newcomers who joined during the run, live or while the bot was down.</summary>
    public ConcurrentQueue<ulong> Joined { get; } = new();
    /// <summary>Every vote click, with the interaction the stand-in dispatched (answered or not).</summary>
    public ConcurrentQueue<(InteractionHandle Handle, ulong Voter, int Position)> Votes { get; } = new();
    public StandInMessage? PollCard { get; private set; }
    public long PollId { get; private set; }
    public int Messages { get; private set; }
    public int Reactions { get; private set; }

    /// <summary>A moderator posts the poll everybody votes on (the bot must be up).</summary>
    public async Task CreatePollAsync()
    {
        var channel = rig.Community.Channel("announcements");
        var create = await rig.StandIn.InvokeSlashCommandAsync(rig.GuildId, channel, rig.Community.Person("max-moderator"), "poll",
            new SlashOption("create").With("question", "Which day for the meetup?").With("options", "Friday|Saturday|Sunday"));
        var answer = await create.WaitForResponseAsync(TimeSpan.FromSeconds(20));
        if (answer.Content?.StartsWith("Poll #", StringComparison.Ordinal) != true) throw new InvalidOperationException("Poll not created: " + answer.Content);
        await rig.StandIn.WaitForAsync(() => (PollCard = rig.StandIn.Messages(channel).FirstOrDefault(m => m.AuthorId == rig.BotUserId && m.InteractionId is null)) is not null,
            TimeSpan.FromSeconds(20), "the poll card");
        var vote = ButtonIds(PollCard!).First(id => id.StartsWith("poll:v:", StringComparison.Ordinal));
        PollId = long.Parse(vote.Split(':')[2], System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>Runs until cancelled; each tick is one member's action, and a newcomer joins every <see cref="JoinEvery"/>.</summary>
    public async Task RunAsync(CancellationToken ct)
    {
        var nextJoin = DateTime.UtcNow + JoinEvery;
        var voters = new Queue<ulong>(rig.Regulars.OrderBy(_ => _random.Next()));
        while (!ct.IsCancellationRequested)
        {
            var roll = _random.Next(100);
            if (DateTime.UtcNow >= nextJoin)
            {
                await JoinAsync();
                nextJoin = DateTime.UtcNow + JoinEvery;
            }
            else if (roll < 60) await PostAsync();
            else if (roll < 95) await ReactAsync();
            else if (voters.Count > 0) await VoteAsync(voters.Dequeue()); // about one a second, so votes span the whole run
            try { await Task.Delay(Tick, ct); } catch (OperationCanceledException) { }
        }
        await Task.WhenAll(_pending);
    }

    public async Task JoinAsync()
    {
        var user = rig.StandIn.CreateUser($"newcomer-{Interlocked.Increment(ref _joins):000}-{_random.Next(1000):000}");
        await rig.StandIn.MemberJoinAsync(rig.GuildId, user.Id);
        Joined.Enqueue(user.Id);
    }

    private async Task PostAsync()
    {
        // Now and then another bot of the server speaks (and gets reactions): bots never earn points either.
        var author = _random.Next(20) == 0 ? rig.OtherBotId : Pick(rig.Regulars);
        var n = ++Messages;
        var text = n % 10 == 0 ? $"message {n}: you {ReliabilityRig.FlaggedWord}, stop that" : $"message {n}: thoughts on topic {_random.Next(1000)}";
        var posted = await rig.StandIn.PostMessageAsync(rig.GuildId, rig.Community.Channel("general"), author, text);
        lock (_posted) _posted.Add(posted);
    }

    private async Task ReactAsync()
    {
        StandInMessage? target;
        lock (_posted) target = _posted.Count == 0 ? null : _posted[_random.Next(Math.Max(0, _posted.Count - 50), _posted.Count)];
        // Some reactions land on the bot's own poll card: reactions to the bot must never earn it points.
        if (PollCard is { } card && _random.Next(8) == 0) target = card;
        if (target is null) return;
        var reactor = Pick(rig.Regulars.Where(id => id != target.AuthorId).ToList());
        Reactions++;
        await rig.StandIn.AddReactionAsync(rig.GuildId, target.ChannelId, target.Id, reactor, _random.Next(2) == 0 ? "👍" : "🎉");
    }

    private async Task VoteAsync(ulong voter)
    {
        if (PollCard is not { } card) return;
        var position = 1 + _random.Next(3);
        var handle = await rig.StandIn.ClickButtonAsync(rig.GuildId, card.ChannelId, voter, card.Id, $"poll:v:{PollId}:{position}");
        Votes.Enqueue((handle, voter, position));
        // Waiting for the answer happens beside the load, as a member's client waits beside everyone else.
        _pending.Enqueue(handle.WaitForResponseAsync(InteractionDeadline).ContinueWith(_ => { }, TaskScheduler.Default));
    }

    private ulong Pick(IReadOnlyList<ulong> from) => from[_random.Next(from.Count)];

    public static IReadOnlyList<string> ButtonIds(StandInMessage message)
    {
        var ids = new List<string>();
        if (message.Components is { ValueKind: JsonValueKind.Array } rows)
            foreach (var row in rows.EnumerateArray())
                if (row.TryGetProperty("components", out var children))
                    foreach (var child in children.EnumerateArray())
                        if (child.TryGetProperty("custom_id", out var id)) ids.Add(id.GetString()!);
        return ids;
    }
}
