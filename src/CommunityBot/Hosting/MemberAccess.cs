using CommunityBot.Configuration;
using CommunityBot.Interactions;

namespace CommunityBot.Hosting;

/// <summary>
/// Who counts as a moderator or admin when an event carries a member's roles but no computed permissions
/// (reactions, messages). Same rules as <see cref="InteractionContext.IsModerator"/>: the guild owner, a
/// configured moderator/admin role, or a role (including @everyone) granting Moderate Members, Manage Server
/// or Administrator — read from the cached guild roles.
/// </summary>
public sealed class MemberAccess(GuildDirectory guilds)
{
    public async Task<bool> IsModeratorAsync(GuildConfig guild, ulong userId, IReadOnlyCollection<ulong> roleIds, CancellationToken ct = default)
    {
        if (roleIds.Any(r => guild.ModeratorRoleIds.Contains(r) || guild.AdminRoleIds.Contains(r))) return true;
        var granted = await GrantedAsync(guild, userId, roleIds, ct);
        return Permissions.Has(granted, Permissions.ModerateMembers) || Permissions.Has(granted, Permissions.ManageGuild);
    }

    public async Task<bool> IsAdminAsync(GuildConfig guild, ulong userId, IReadOnlyCollection<ulong> roleIds, CancellationToken ct = default)
    {
        if (roleIds.Any(guild.AdminRoleIds.Contains)) return true;
        return Permissions.Has(await GrantedAsync(guild, userId, roleIds, ct), Permissions.ManageGuild);
    }

    private async Task<ulong> GrantedAsync(GuildConfig guild, ulong userId, IReadOnlyCollection<ulong> roleIds, CancellationToken ct)
    {
        var snapshot = await guilds.GetAsync(guild.GuildId, ct);
        if (snapshot.OwnerId == userId) return Permissions.Administrator;
        // @everyone's role id is the guild id.
        return roleIds.Append(guild.GuildId).Aggregate(0UL, (sum, id) => snapshot.Roles.TryGetValue(id, out var role) ? sum | role.Permissions : sum);
    }
}
