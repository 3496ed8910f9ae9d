using CommunityBot.Configuration;
using CommunityBot.Hosting;
using CommunityBot.Interactions;

namespace CommunityBot.Features.Moderation.Queue;

/// <summary>
/// Who counts as a moderator when all we have is a reaction event: the member's roles against the configured
/// moderator/admin roles, else the permissions those roles grant (Moderate Members or Administrator), read from the
/// cached guild roles (including @everyone, whose id is the guild's).
/// </summary>
public sealed class ModeratorCheck(GuildDirectory guilds)
{
    public async Task<bool> IsModeratorAsync(GuildConfig guild, ulong userId, IReadOnlyList<ulong> roleIds, CancellationToken ct = default)
    {
        if (roleIds.Any(r => guild.ModeratorRoleIds.Contains(r) || guild.AdminRoleIds.Contains(r))) return true;
        var snapshot = await guilds.GetAsync(guild.GuildId, ct);
        if (snapshot.OwnerId == userId) return true;
        var granted = roleIds.Append(guild.GuildId).Aggregate(0UL, (sum, id) => snapshot.Roles.TryGetValue(id, out var role) ? sum | role.Permissions : sum);
        return Permissions.Has(granted, Permissions.ModerateMembers);
    }
}
