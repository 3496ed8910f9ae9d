using CommunityBot.Configuration;
using CommunityBot.Discord.Gateway;
using CommunityBot.Discord.Models;
using CommunityBot.Features.Diagnostics.Resources;
using CommunityBot.Hosting;
using CommunityBot.Interactions;
using CommunityBot.Localisation;

namespace CommunityBot.Features.Diagnostics;

/// <summary>
/// <c>/ping</c>: proves the bot is alive end to end and shows what an operator checks first — how long this
/// answer took from receipt, gateway state, last heartbeat ACK, uptime and the config version in use.
/// </summary>
public sealed class PingCommand(HealthSignal health, IGatewayClient gateway, CurrentEvent current, ICommunityConfig config, TimeProvider time,
    Localiser<DiagnosticsStrings> strings) : IApplicationCommand
{
    private static readonly DateTimeOffset StartedAt = DateTimeOffset.UtcNow;

    public ApplicationCommand Definition => Command.Slash("ping", "Check that the bot is alive and how fast it answers", AccessLevel.Everyone).Localised(strings);

    public Task ExecuteAsync(InteractionContext ctx)
    {
        var culture = ctx.Culture;
        var now = time.GetUtcNow();
        var uptime = now - StartedAt;
        var lastAck = health.LastAck is { } ack
            ? strings.Get(culture, "Ack.Ago", ("seconds", (long)Math.Max(0, (now - ack).TotalSeconds)))
            : strings.Get(culture, "Ack.None");
        return ctx.RespondAsync(strings.Get(culture, "Pong",
            ("ms", (long)current.Receipt.Elapsed.TotalMilliseconds),
            ("gateway", strings.Get(culture, gateway.IsConnected ? "Gateway.Connected" : "Gateway.Reconnecting")),
            ("ack", lastAck),
            ("uptime", uptime),
            ("version", config.Current.Version)));
    }
}
