using Microsoft.Extensions.DependencyInjection;

namespace CommunityBot.Hosting;

/// <summary>
/// A feature's reconciliation with Discord after a gap in the gateway stream (a restart, a new session, a guild that was
/// unavailable): whatever the missed events would have triggered is read back over REST and handled once, through the
/// same idempotency keys the live path uses, so running a step twice — or alongside the live events it overlaps with —
/// changes nothing. One step per feature, in the feature's folder; <see cref="CatchUpRunner"/> runs them.
/// </summary>
public interface ICatchUpStep
{
    /// <summary>What the step reconciles, for the log ("onboarding joins").</summary>
    string Name { get; }

    /// <summary>Reconciles one guild; returns how many missed things it handled (0 when nothing was missed).</summary>
    Task<int> RunAsync(CatchUpRequest request, CancellationToken ct);
}

/// <param name="GuildId">The guild to reconcile.</param>
/// <param name="SessionStartedAt">
/// When the guild arrived on the new session (our clock): events from then on arrive live, so only what happened before
/// it can have been missed.
/// </param>
public sealed record CatchUpRequest(ulong GuildId, DateTimeOffset SessionStartedAt);

public static class CatchUpServiceCollectionExtensions
{
    public static IServiceCollection AddCatchUpStep<TStep>(this IServiceCollection services) where TStep : class, ICatchUpStep =>
        services.AddScoped<ICatchUpStep, TStep>();
}
