using System.Collections.Concurrent;
using System.Threading.Channels;
using CommunityBot.Discord.Gateway;
using GuildMember = CommunityBot.Discord.Models.GuildMember;
using User = CommunityBot.Discord.Models.User;
using CommunityBot.Hosting;
using CommunityBot.Storage;
using CommunityBot.Storage.Health;
using CommunityBot.TestSupport;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Moq;

namespace CommunityBot.Tests.Hosting;

/// <summary>
/// The dispatcher runs handlers concurrently, but events about the same member (or the same member on the same
/// message) in the order Discord sent them: a leave handled before the rejoin it preceded would mark a present
/// member as gone.
/// </summary>
[Category("Host")]
public class EventOrderingTests
{
    private const ulong Guild = 1;
    // NUnit reuses one fixture instance for every test: all state is made fresh in SetUp.
    private Channel<GatewayEvent> _events = null!;
    private Probe _probe = null!;
    private EventDispatcher _dispatcher = null!;
    private ServiceProvider _services = null!;

    [SetUp]
    public async Task StartDispatcher()
    {
        _events = System.Threading.Channels.Channel.CreateUnbounded<GatewayEvent>();
        _probe = new Probe();
        await StartAsync(TimeSpan.FromSeconds(30));
    }

    [TearDown]
    public async Task StopDispatcher()
    {
        _probe.ReleaseAll();
        await _dispatcher.StopAsync(CancellationToken.None);
        _dispatcher.Dispose();
        await _services.DisposeAsync();
    }

    [Test]
    public async Task ALeave_WaitsForTheSameMembersJoin_WhileOtherMembersFlow()
    {
        _probe.Hold("join:10");
        await _events.Writer.WriteAsync(Join(10));
        await _probe.StartedAsync("join:10");
        await _events.Writer.WriteAsync(Leave(10));
        await _events.Writer.WriteAsync(Join(20));

        await _probe.FinishedAsync("join:20");
        Assert.That(_probe.HasStarted("leave:10"), Is.False, "member 10's leave must wait for member 10's join");

        _probe.Release("join:10");
        await _probe.FinishedAsync("leave:10");
        Assert.That(_probe.Order("join:10", "leave:10"), Is.EqualTo(("finished", "started")), "the join finished before the leave started");
    }

    [Test]
    public async Task PollVotes_ForTheSameMemberAndMessage_AreAppliedInOrder()
    {
        _probe.Hold("vote+:10");
        await _events.Writer.WriteAsync(Vote(10, added: true));
        await _probe.StartedAsync("vote+:10");
        await _events.Writer.WriteAsync(Vote(10, added: false));
        await _events.Writer.WriteAsync(Vote(20, added: true));

        await _probe.FinishedAsync("vote+:20");
        Assert.That(_probe.HasStarted("vote-:10"), Is.False);
        _probe.Release("vote+:10");
        await _probe.FinishedAsync("vote-:10");
    }

    [Test]
    public async Task AHungHandler_HoldsTheSameMembersEvents_OnlyUpToTheWaitLimit()
    {
        await StopDispatcher();
        await StartAsync(TimeSpan.FromMilliseconds(50));
        _probe.Hold("join:10");
        await _events.Writer.WriteAsync(Join(10));
        await _probe.StartedAsync("join:10");

        await _events.Writer.WriteAsync(Leave(10));

        await _probe.FinishedAsync("leave:10");
        Assert.That(_probe.HasFinished("join:10"), Is.False, "the leave ran although the join is still hung");
    }

    [Test, Category("Reliability")]
    public async Task AJoinWaitingForTheDatabase_HoldsTheSameMembersLeave_PastTheWaitLimit_AndRunsFirstOnceRetried()
    {
        await StopDispatcher();
        var clock = new FakeTimeProvider();
        var logs = new CapturingLoggerProvider();
        using var factory = LoggerFactory.Create(b => b.AddProvider(logs).SetMinimumLevel(LogLevel.Debug));
        await StartAsync(TimeSpan.FromMilliseconds(50), clock, factory);
        _probe.FailTransiently("join:10", times: 1);
        await _events.Writer.WriteAsync(Join(10));
        await _probe.FailedAsync("join:10");
        await _events.Writer.WriteAsync(Leave(10));
        await _events.Writer.WriteAsync(Join(20));
        await _probe.FinishedAsync("join:20");

        // Past the wait limit, the leave keeps waiting: the join is not hung, it waits for the database.
        await Eventually.TrueAsync(() => logs.Lines.Any(l => l.Contains("keeps waiting for an earlier event")), "the leave to outlast the wait limit");
        Assert.That(_probe.HasStarted("leave:10"), Is.False, "the leave must not overtake a join that waits for the database");

        await Eventually.TrueAsync(() => { clock.Advance(TimeSpan.FromSeconds(1)); return _probe.HasFinished("leave:10"); }, "the join's retry, then the leave");
        Assert.That(_probe.Order("join:10", "leave:10"), Is.EqualTo(("finished", "started")), "the retried join ran before the leave");
        Assert.That(logs.Lines.Where(l => l.StartsWith("Error")).ToList(), Has.Count.EqualTo(1), "the outage is logged once; nothing was given up");
    }

    private async Task StartAsync(TimeSpan orderWaitLimit, TimeProvider? clock = null, ILoggerFactory? logs = null)
    {
        logs ??= NullLoggerFactory.Instance;
        clock ??= TimeProvider.System;
        var services = new ServiceCollection();
        services.AddSingleton(_probe);
        services.AddScoped<CurrentEvent>();
        services.AddEventHandler<GuildMemberAddEvent, ProbeHandler>();
        services.AddEventHandler<GuildMemberRemoveEvent, ProbeHandler>();
        services.AddEventHandler<MessagePollVoteEvent, ProbeHandler>();
        _services = services.BuildServiceProvider();
        var gateway = new Mock<IGatewayClient>();
        gateway.Setup(g => g.Events).Returns(_events.Reader);
        var options = Options.Create(new EventPipelineOptions { OrderWaitLimit = orderWaitLimit });
        var storage = new StorageHealth(new Mock<IDbConnectionFactory>().Object, clock, Options.Create(new StorageHealthOptions()), logs.CreateLogger<StorageHealth>());
        var retry = new StorageRetry(storage, clock, options, logs.CreateLogger<StorageRetry>());
        _dispatcher = new EventDispatcher(gateway.Object, _services.GetRequiredService<EventHandlerRegistry>(), _services.GetRequiredService<IServiceScopeFactory>(),
            retry, options, logs.CreateLogger<EventDispatcher>());
        await _dispatcher.StartAsync(CancellationToken.None);
    }

    private static GuildMemberAddEvent Join(ulong user) => new() { GuildId = Guild, Member = new GuildMember { User = new User { Id = user } } };
    private static GuildMemberRemoveEvent Leave(ulong user) => new() { GuildId = Guild, User = new User { Id = user } };
    private static MessagePollVoteEvent Vote(ulong user, bool added) => new() { GuildId = Guild, MessageId = 500, UserId = user, AnswerId = 1, Added = added };

    private sealed class ProbeHandler(Probe probe) :
        IEventHandler<GuildMemberAddEvent>, IEventHandler<GuildMemberRemoveEvent>, IEventHandler<MessagePollVoteEvent>
    {
        public Task HandleAsync(GuildMemberAddEvent evt, CancellationToken ct) => probe.RunAsync($"join:{evt.Member.User!.Id}");
        public Task HandleAsync(GuildMemberRemoveEvent evt, CancellationToken ct) => probe.RunAsync($"leave:{evt.User.Id}");
        public Task HandleAsync(MessagePollVoteEvent evt, CancellationToken ct) => probe.RunAsync($"vote{(evt.Added ? "+" : "-")}:{evt.UserId}");
    }

    /// <summary>Records when each handler starts and finishes, and holds chosen ones until released.</summary>
    public sealed class Probe
    {
        private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);
        private readonly ConcurrentDictionary<string, TaskCompletionSource> _holds = new();
        private readonly ConcurrentDictionary<string, TaskCompletionSource> _started = new();
        private readonly ConcurrentDictionary<string, TaskCompletionSource> _finished = new();
        private readonly ConcurrentQueue<(string Name, string What)> _log = new();

        public void Hold(string name) => _holds[name] = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        public void Release(string name) => _holds[name].TrySetResult();
        public void ReleaseAll() { foreach (var hold in _holds.Values) hold.TrySetResult(); }

        private readonly ConcurrentDictionary<string, int> _failuresLeft = new();
        private readonly ConcurrentDictionary<string, TaskCompletionSource> _failed = new();

        /// <summary>The next <paramref name="times"/> runs of <paramref name="name"/> fail as SQLite does when its disk is full.</summary>
        public void FailTransiently(string name, int times) => _failuresLeft[name] = times;
        public Task FailedAsync(string name) => Signal(_failed, name).Task.WaitAsync(Patience);

        public async Task RunAsync(string name)
        {
            if (_failuresLeft.TryGetValue(name, out var left) && left > 0)
            {
                _failuresLeft[name] = left - 1;
                _log.Enqueue((name, "failed"));
                Signal(_failed, name).TrySetResult();
                throw new SqliteException("database or disk is full", 13);
            }
            _log.Enqueue((name, "started"));
            Signal(_started, name).TrySetResult();
            if (_holds.TryGetValue(name, out var hold)) await hold.Task;
            _log.Enqueue((name, "finished"));
            Signal(_finished, name).TrySetResult();
        }

        public Task StartedAsync(string name) => Signal(_started, name).Task.WaitAsync(Patience);
        public Task FinishedAsync(string name) => Signal(_finished, name).Task.WaitAsync(Patience);
        public bool HasStarted(string name) => Signal(_started, name).Task.IsCompleted;
        public bool HasFinished(string name) => Signal(_finished, name).Task.IsCompleted;

        /// <summary>What had happened to <paramref name="first"/> when <paramref name="second"/> first appears in the log.</summary>
        public (string, string) Order(string first, string second)
        {
            var entries = _log.ToList();
            var at = entries.FindIndex(e => e.Name == second);
            var lastOfFirst = entries.Take(at).LastOrDefault(e => e.Name == first);
            return (lastOfFirst.What, entries[at].What);
        }

        private static TaskCompletionSource Signal(ConcurrentDictionary<string, TaskCompletionSource> signals, string name) =>
            signals.GetOrAdd(name, _ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
    }
}
