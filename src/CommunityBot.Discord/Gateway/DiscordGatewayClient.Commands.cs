using System.Text;
using CommunityBot.Discord.Json;

namespace CommunityBot.Discord.Gateway;

// Optional client → gateway commands. Sent only on an established session; a call made during a
// reconnect waits for the next READY/RESUMED instead of failing (checklist: queue, don't throw).
public sealed partial class DiscordGatewayClient
{
    /// <summary>
    /// Op 8 (GE § Request Guild Members). Answers arrive on <see cref="Events"/> as <see cref="GuildMembersChunkEvent"/>s
    /// carrying the request's <c>nonce</c>; a request for all members (<c>query ""</c>, <c>limit 0</c>) of a guild asked
    /// again within 30 s is answered with a <see cref="RateLimitedEvent"/> (opcode 8, same nonce) instead, after which
    /// the caller waits <c>retry_after</c> seconds. No feature requests members today (they read the member an interaction
    /// or event carries, or fetch one over REST), so nothing consumes these events yet.
    /// </summary>
    public Task RequestGuildMembersAsync(RequestGuildMembersPayload request, CancellationToken ct = default)
    {
        // GE § Request Guild Members: a longer nonce is silently dropped, and the chunks could no longer be matched to the request.
        if (request.Nonce is { } nonce && Encoding.UTF8.GetByteCount(nonce) > MaxNonceBytes)
            return Task.FromException(new ArgumentException($"nonce is {Encoding.UTF8.GetByteCount(nonce)} bytes; Discord allows at most {MaxNonceBytes}.", nameof(request)));
        return SendOnSessionAsync(Envelope(GatewayOpcodes.RequestGuildMembers, request, DiscordJsonContext.Default.RequestGuildMembersPayload), ct);
    }

    private const int MaxNonceBytes = 32;

    /// <summary>Op 3 (GE § Update Presence).</summary>
    public Task UpdatePresenceAsync(PresenceUpdatePayload presence, CancellationToken ct = default) =>
        SendOnSessionAsync(Envelope(GatewayOpcodes.PresenceUpdate, presence, DiscordJsonContext.Default.PresenceUpdatePayload), ct);

    private async Task SendOnSessionAsync(byte[] payload, CancellationToken ct)
    {
        EnsureFits(payload); // refuse before waiting for a session: it would never fit
        while (true)
        {
            await Volatile.Read(ref _sessionReady).Task.WaitAsync(ct).ConfigureAwait(false);
            if (Volatile.Read(ref _connection) is { } conn && _connected)
            {
                using var linked = CancellationTokenSource.CreateLinkedTokenSource(ct, conn.Lifetime.Token);
                await SendAsync(conn, payload, heartbeat: false, linked.Token).ConfigureAwait(false);
                return;
            }
            await Task.Yield();
        }
    }
}
