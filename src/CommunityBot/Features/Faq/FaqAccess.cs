using CommunityBot.Configuration;
using CommunityBot.Hosting;
using CommunityBot.Interactions;

namespace CommunityBot.Features.Faq;

/// <summary>
/// Who counts as a moderator outside interactions (reactions, messages), where Discord sends the member's roles
/// but no computed permissions: a configured moderator/admin role, the guild owner, or a role that grants
/// Moderate Members, Manage Server or Administrator (read from the guild's role list).
/// </summary>
public sealed class FaqAccess(GuildDirectory guilds)
{
    private const ulong ModeratorPermissions = Permissions.ModerateMembers | Permissions.ManageGuild | Permissions.Administrator;

    public async ValueTask<bool> IsModeratorAsync(GuildConfig guild, ulong userId, IReadOnlyCollection<ulong> roleIds, CancellationToken ct = default)
    {
        if (roleIds.Any(r => guild.ModeratorRoleIds.Contains(r) || guild.AdminRoleIds.Contains(r))) return true;
        var snapshot = await guilds.GetAsync(guild.GuildId, ct);
        if (snapshot.OwnerId == userId) return true;
        foreach (var roleId in roleIds.Append(guild.GuildId)) // @everyone's role id is the guild id
            if (snapshot.Roles.TryGetValue(roleId, out var role) && (role.Permissions & ModeratorPermissions) != 0)
                return true;
        return false;
    }

    /// <summary>May this member propose entries at all?</summary>
    public static bool MayPropose(FaqSettings settings, InteractionContext ctx) => settings.Capture.WhoMayPropose switch
    {
        FaqCaptureRule.Moderators => ctx.IsModerator,
        FaqCaptureRule.Roles => ctx.IsModerator || ctx.MemberRoles.Any(settings.Capture.ProposerRoleIds.Contains),
        _ => true,
    };

    /// <summary>Do this member's captures publish straight away instead of waiting for review?</summary>
    public static bool PublishesDirectly(FaqSettings settings, InteractionContext ctx) =>
        (ctx.IsModerator && settings.Capture.ModeratorsPublishDirectly) || ctx.MemberRoles.Any(settings.Capture.DirectRoleIds.Contains);
}
