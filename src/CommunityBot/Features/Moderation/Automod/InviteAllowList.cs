using System.Collections.Concurrent;
using CommunityBot.Discord.Rest;
using Microsoft.Extensions.Logging;

namespace CommunityBot.Features.Moderation.Automod;

/// <summary>
/// The server's own invite codes (which the invite rule never flags): the configured ones plus the live invites,
/// fetched from Discord at most every few minutes. If the bot may not list invites, the configured codes still apply.
/// </summary>
public sealed class InviteAllowList(IDiscordRestClient rest, TimeProvider time, ILogger<InviteAllowList> logger)
{
    private static readonly TimeSpan Refresh = TimeSpan.FromMinutes(5);
    private readonly ConcurrentDictionary<ulong, (DateTimeOffset At, HashSet<string> Codes)> _live = new();

    public async Task<IReadOnlySet<string>> GetAsync(ulong guildId, ModerationSettings settings, CancellationToken ct = default)
    {
        var now = time.GetUtcNow();
        if (!_live.TryGetValue(guildId, out var entry) || now - entry.At > Refresh)
        {
            var codes = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
            try
            {
                foreach (var invite in await rest.GetGuildInvitesAsync(guildId, ct)) codes.Add(invite.Code);
            }
            catch (DiscordRestException ex)
            {
                logger.LogDebug("Could not list invites of {Guild}: {Error}", guildId, ex.Message);
            }
            _live[guildId] = entry = (now, codes);
        }
        if (settings.AllowedInviteCodes.Length == 0) return entry.Codes;
        return new HashSet<string>(entry.Codes.Concat(settings.AllowedInviteCodes), StringComparer.OrdinalIgnoreCase);
    }
}
