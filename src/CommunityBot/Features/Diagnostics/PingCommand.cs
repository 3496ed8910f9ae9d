using CommunityBot.Configuration;
using CommunityBot.Discord.Gateway;
using CommunityBot.Discord.Models;
using CommunityBot.Hosting;
using CommunityBot.Interactions;

namespace CommunityBot.Features.Diagnostics;

/// <summary>
/// <c>/ping</c>: proves the bot is alive end to end and shows what an operator checks first — how long this
/// answer took from receipt, gateway state, last heartbeat ACK, uptime and the config version in use.
/// </summary>
public sealed class PingCommand(HealthSignal health, IGatewayClient gateway, CurrentEvent current, ICommunityConfig config, TimeProvider time) : IApplicationCommand
{
    private static readonly DateTimeOffset StartedAt = DateTimeOffset.UtcNow;

    public ApplicationCommand Definition { get; } = Command.Slash("ping", "Check that the bot is alive and how fast it answers", AccessLevel.Everyone);

    public Task ExecuteAsync(InteractionContext ctx)
    {
        var now = time.GetUtcNow();
        var uptime = now - StartedAt;
        var lastAck = health.LastAck is { } ack ? $"{Math.Max(0, (now - ack).TotalSeconds):0}s ago" : "not yet";
        return ctx.RespondAsync(
            $"Pong! Answered {current.Receipt.Elapsed.TotalMilliseconds:0} ms after receipt · gateway {(gateway.IsConnected ? "connected" : "reconnecting")} · " +
            $"last heartbeat ACK {lastAck} · up {(int)uptime.TotalHours}h{uptime.Minutes:00}m · config version {config.Current.Version}");
    }
}
