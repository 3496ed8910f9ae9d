using CommunityBot.Discord.Gateway;
using CommunityBot.Discord.Models;
using CommunityBot.Hosting;
using CommunityBot.Storage;
using CommunityBot.Storage.Health;
using CommunityBot.Storage.Migrations;
using CommunityBot.TestSupport;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Moq;

namespace CommunityBot.Tests.Hosting;

/// <summary>
/// A handler that meets a database outage is retried, not dropped: with growing waits on the bot's clock, at once when
/// the database is seen back, and given up only after the limit — then logged once with the ids of what was lost.
/// </summary>
[Category("Host"), Category("Reliability")]
public class StorageRetryTests
{
    private static readonly MessageCreateEvent Message = new()
    {
        Name = "MESSAGE_CREATE", Sequence = 42,
        Message = new Message { Id = 9001, ChannelId = 77, GuildId = 5, Author = new User { Id = 314 }, Content = "hello" },
    };

    private FakeTimeProvider _clock = null!;
    private CapturingLoggerProvider _logs = null!;
    private ILoggerFactory _loggerFactory = null!;
    private SemaphoreSlim _slots = null!;

    [SetUp]
    public void SetUp()
    {
        _clock = new FakeTimeProvider(DateTimeOffset.Parse("2026-12-03T08:00:00Z"));
        _logs = new CapturingLoggerProvider();
        _loggerFactory = LoggerFactory.Create(b => b.AddProvider(_logs).SetMinimumLevel(LogLevel.Debug));
        _slots = new SemaphoreSlim(0); // the handler under test holds the only slot
    }

    [TearDown]
    public void TearDown() => _loggerFactory.Dispose();

    [Test]
    public async Task A_handler_failing_on_a_full_disk_is_retried_with_doubling_waits_until_it_succeeds()
    {
        var (retry, _) = Create(new EventPipelineOptions());
        var attempts = new List<DateTimeOffset>();
        var run = retry.RunAsync("Points", Message, () =>
        {
            attempts.Add(_clock.GetUtcNow());
            return attempts.Count <= 3 ? throw new SqliteException("database or disk is full", 13) : Task.CompletedTask;
        }, () => { }, new HandlerSlot(_slots));

        await Eventually.TrueAsync(() => { _clock.Advance(TimeSpan.FromMilliseconds(250)); return run.IsCompleted; }, "the handler to succeed");
        await run;
        Assert.That(attempts, Has.Count.EqualTo(4), "three failures, then the success");
        var waits = attempts.Zip(attempts.Skip(1), (a, b) => b - a).ToList();
        Assert.That(waits[0], Is.GreaterThanOrEqualTo(TimeSpan.FromSeconds(1)));
        Assert.That(waits[1], Is.GreaterThanOrEqualTo(TimeSpan.FromSeconds(2)));
        Assert.That(waits[2], Is.GreaterThanOrEqualTo(TimeSpan.FromSeconds(4)));
        Assert.That(_logs.Lines.Where(l => l.StartsWith("Error")).ToList(), Has.Count.EqualTo(1).And.All.Contains("is failing"),
            "the outage is logged once; three failures are not three stack traces");
        Assert.That(_slots.CurrentCount, Is.EqualTo(0), "the handler holds its slot again after waiting");
    }

    [Test]
    public async Task The_database_coming_back_releases_a_waiting_handler_before_its_backoff_ends()
    {
        await using var db = await TestDatabase.CreateMigratedAsync(DatabaseProvider.Sqlite, new MigrationSource("storage-health", typeof(StorageHealth)));
        var (retry, storage) = Create(new EventPipelineOptions { StorageRetryFirstDelay = TimeSpan.FromMinutes(1) }, db.Factory());
        await storage.StartAsync(CancellationToken.None);
        var attempts = 0;
        var run = retry.RunAsync("Welcome", Message, () => ++attempts == 1 ? throw new PostgresLike("57P01") : Task.CompletedTask, () => { }, new HandlerSlot(_slots));

        await Eventually.TrueAsync(() => { _clock.Advance(TimeSpan.FromSeconds(1)); return run.IsCompleted; }, "the handler to be retried");
        Assert.That(_clock.GetUtcNow() - DateTimeOffset.Parse("2026-12-03T08:00:00Z"), Is.LessThan(TimeSpan.FromMinutes(1)),
            "retried when the probe saw the database back (every 5 s), not after the one-minute backoff");
        Assert.That(attempts, Is.EqualTo(2));
        Assert.That(_logs.Lines.Count(l => l.StartsWith("Warning") && l.Contains("takes writes again")), Is.EqualTo(1), "one summary when the outage ends");
        await storage.StopAsync(CancellationToken.None);
    }

    [Test]
    public async Task A_handler_still_failing_after_the_limit_is_given_up_and_logged_once_with_its_ids()
    {
        var (retry, storage) = Create(new EventPipelineOptions { StorageRetryLimit = TimeSpan.FromMinutes(5) });
        var attempts = 0;
        var held = 0;
        var run = retry.RunAsync("Points", Message, () => { attempts++; throw new SqliteException("disk I/O error", 10); }, () => held++, new HandlerSlot(_slots));

        await Eventually.TrueAsync(() => { _clock.Advance(TimeSpan.FromSeconds(5)); return run.IsCompleted; }, "the retry to give up");
        await run;
        Assert.That(held, Is.EqualTo(1), "the dispatcher is told once that the event waits");
        Assert.That(attempts, Is.GreaterThan(5), "retried throughout the five minutes");
        var givenUp = _logs.Lines.Where(l => l.Contains("Gave up")).ToList();
        Assert.That(givenUp, Has.Count.EqualTo(1));
        Assert.That(givenUp[0], Does.Contain("message 9001").And.Contain("channel 77").And.Contain("guild 5").And.Contain("user 314").And.Contain("Points"));
        Assert.That(storage.WaitingForRetry, Is.Zero);
    }

    [Test]
    public void Errors_a_retry_cannot_fix_are_thrown_at_once()
    {
        var (retry, storage) = Create(new EventPipelineOptions());
        var attempts = 0;
        Assert.ThrowsAsync<SqliteException>(() => retry.RunAsync("Points", Message,
            () => { attempts++; throw new SqliteException("UNIQUE constraint failed", 19); }, () => { }, new HandlerSlot(_slots)));
        Assert.ThrowsAsync<InvalidOperationException>(() => retry.RunAsync("Points", Message,
            () => { attempts++; throw new InvalidOperationException("bug"); }, () => { }, new HandlerSlot(_slots)));
        Assert.That(attempts, Is.EqualTo(2));
        Assert.That(storage.IsFailing, Is.False);
    }

    [Test]
    public void Interactions_are_not_retried_later()
    {
        var (retry, _) = Create(new EventPipelineOptions());
        var attempts = 0;
        Assert.ThrowsAsync<SqliteException>(() => retry.RunAsync("Interactions", new InteractionCreateEvent(),
            () => { attempts++; throw new SqliteException("database is locked", 5); }, () => { }, new HandlerSlot(_slots)));
        Assert.That(attempts, Is.EqualTo(1));
    }

    [Test]
    public async Task Stopping_gives_up_waiting_handlers_logging_each_with_its_ids()
    {
        var (retry, _) = Create(new EventPipelineOptions());
        var failed = new TaskCompletionSource();
        var run = retry.RunAsync("Welcome", Message, () => { failed.TrySetResult(); throw new SqliteException("database is locked", 5); }, () => { }, new HandlerSlot(_slots));
        await failed.Task;

        retry.Stop();
        await run.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.That(_logs.Lines.Where(l => l.Contains("Gave up")).ToList(), Has.Count.EqualTo(1).And.All.Contains("message 9001").And.All.Contains("stopping"));
    }

    [Test]
    public async Task Beyond_the_memory_bound_a_failing_handler_is_given_up_at_once()
    {
        var (retry, _) = Create(new EventPipelineOptions { MaxWaitingForStorage = 1 });
        var first = retry.RunAsync("Points", Message, () => throw new SqliteException("database is locked", 5), () => { }, new HandlerSlot(_slots));
        var second = retry.RunAsync("Points", Message with { Message = Message.Message with { Id = 9002 } },
            () => throw new SqliteException("database is locked", 5), () => { }, new HandlerSlot(_slots));
        await second.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.That(first.IsCompleted, Is.False, "the first still waits");
        Assert.That(_logs.Lines.Where(l => l.Contains("Gave up")).ToList(), Has.Count.EqualTo(1).And.All.Contains("message 9002"));
        retry.Stop();
        await first.WaitAsync(TimeSpan.FromSeconds(10));
    }

    private (StorageRetry, StorageHealth) Create(EventPipelineOptions options, IDbConnectionFactory? db = null)
    {
        var storage = new StorageHealth(db ?? new Mock<IDbConnectionFactory>().Object, _clock, Options.Create(new StorageHealthOptions()),
            _loggerFactory.CreateLogger<StorageHealth>());
        return (new StorageRetry(storage, _clock, Options.Create(options), _loggerFactory.CreateLogger<StorageRetry>()), storage);
    }

    /// <summary>PostgreSQL's admin_shutdown, as a stopping server sends it to its clients.</summary>
    private sealed class PostgresLike(string sqlState) : Exception("terminating connection due to administrator command",
        new Npgsql.PostgresException("terminating connection due to administrator command", "FATAL", "FATAL", sqlState));
}
