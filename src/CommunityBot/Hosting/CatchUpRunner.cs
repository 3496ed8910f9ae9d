using System.Collections.Concurrent;
using System.Threading.Channels;
using CommunityBot.Discord.Gateway;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace CommunityBot.Hosting;

/// <summary>
/// The one trigger of every feature's <see cref="ICatchUpStep"/>. Discord sends GUILD_CREATE for each guild after every
/// READY (a new session: whatever happened since the last one was not delivered) and when an unavailable guild comes
/// back, but not after a RESUME (which replays the missed events); so each GUILD_CREATE queues one catch-up of its guild.
/// Guilds are reconciled one at a time, off the event pipeline, so the REST calls stay well inside the rate limits and
/// no handler slot is held. A step that fails (Discord or the database briefly away) is retried with backoff; steps are
/// independent, so one failing feature does not hold the others back.
/// </summary>
public sealed class CatchUpRunner(IServiceScopeFactory scopes, BotIdentity identity, ILogger<CatchUpRunner> logger) : BackgroundService
{
    /// <summary>Waits between attempts of a failing step (real time: it paces calls to Discord and the database).</summary>
    public static readonly TimeSpan[] RetryDelays = [TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(30), TimeSpan.FromMinutes(2)];

    private readonly Channel<CatchUpRequest> _queue = Channel.CreateUnbounded<CatchUpRequest>(new UnboundedChannelOptions { SingleReader = true });
    /// <summary>Guilds queued and not yet started: a burst of GUILD_CREATEs for one guild runs its catch-up once.</summary>
    private readonly ConcurrentDictionary<ulong, byte> _queued = new();
    private int _completed;

    /// <summary>How many guild catch-ups have finished (all steps done or given up) since start; tests wait on it.</summary>
    public int Completed => Volatile.Read(ref _completed);

    public void Request(CatchUpRequest request)
    {
        if (_queued.TryAdd(request.GuildId, 0)) _queue.Writer.TryWrite(request);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await identity.WhenReady.WaitAsync(stoppingToken);
            await foreach (var request in _queue.Reader.ReadAllAsync(stoppingToken))
            {
                // A GUILD_CREATE arriving from here on (a newer session) queues a fresh run after this one.
                _queued.TryRemove(request.GuildId, out _);
                await RunGuildAsync(request, stoppingToken);
                Interlocked.Increment(ref _completed);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested) { }
    }

    private async Task RunGuildAsync(CatchUpRequest request, CancellationToken ct)
    {
        string[] names;
        await using (var scope = scopes.CreateAsyncScope())
            names = scope.ServiceProvider.GetServices<ICatchUpStep>().Select(s => s.Name).ToArray();
        foreach (var name in names)
            await RunStepAsync(name, request, ct);
    }

    private async Task RunStepAsync(string name, CatchUpRequest request, CancellationToken ct)
    {
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                var step = scope.ServiceProvider.GetServices<ICatchUpStep>().First(s => s.Name == name);
                var handled = await step.RunAsync(request, ct);
                if (handled > 0)
                    logger.LogInformation("Catch-up in guild {Guild}: {Step} handled {Count} missed while the bot was away", request.GuildId, name, handled);
                return;
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested) { throw; }
            catch (Exception ex) when (attempt < RetryDelays.Length)
            {
                logger.LogWarning("Catch-up in guild {Guild}: {Step} failed ({Error}); retrying in {Delay}", request.GuildId, name, ex.Message, RetryDelays[attempt]);
                await Task.Delay(RetryDelays[attempt], ct);
            }
            catch (Exception ex)
            {
                logger.LogError(ex, "Catch-up in guild {Guild}: {Step} gave up after {Attempts} attempts; what it missed stays missed until the next session", request.GuildId, name, attempt + 1);
                return;
            }
        }
    }

    /// <summary>GUILD_CREATE: a new session or a guild back from an outage; its events since the last session were not delivered.</summary>
    internal sealed class OnGuildCreate(CatchUpRunner runner, TimeProvider time) : IEventHandler<GuildCreateEvent>
    {
        public Task HandleAsync(GuildCreateEvent evt, CancellationToken ct)
        {
            runner.Request(new CatchUpRequest(evt.Guild.Id, time.GetUtcNow()));
            return Task.CompletedTask;
        }
    }
}
