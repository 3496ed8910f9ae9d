using System.Net;
using CommunityBot.Discord.Models;
using CommunityBot.Discord.Rest;
using CommunityBot.Hosting;
using CommunityBot.Interactions;

namespace CommunityBot.Features.Moderation.Cases;

/// <summary>
/// Discord's own rule, checked before we try (so the moderator gets a clear answer instead of a 403): nobody acts
/// on the owner, and a member can only be sanctioned by someone — and by a bot — whose highest role is above theirs.
/// </summary>
public sealed class HierarchyGuard(IDiscordRestClient rest, GuildDirectory guilds, BotIdentity bot)
{
    /// <returns>The target's membership, or null when they are not in the server (fine for bans).</returns>
    public async Task<GuildMember?> CheckAsync(ModerationRequest request, bool requireMember, CancellationToken ct)
    {
        var guild = await guilds.GetAsync(request.GuildId, ct);
        if (request.TargetId == guild.OwnerId) throw new InteractionRefusedException("Nobody can moderate the server owner.");
        if (request.TargetId == bot.UserId) throw new InteractionRefusedException("I can't moderate myself.");
        if (request.TargetId == request.ModeratorId) throw new InteractionRefusedException("You can't moderate yourself.");

        var target = await MemberOrNullAsync(request.GuildId, request.TargetId, ct);
        if (target is null)
        {
            if (requireMember) throw new InteractionRefusedException($"<@{request.TargetId}> is not a member of this server.");
            return null;
        }

        var targetTop = guild.TopPosition(target.Roles);
        if (request.ModeratorId != bot.UserId && request.ModeratorId != guild.OwnerId)
        {
            var moderatorRoles = request.ModeratorRoleIds ?? (await MemberOrNullAsync(request.GuildId, request.ModeratorId, ct))?.Roles ?? [];
            if (targetTop >= guild.TopPosition(moderatorRoles))
                throw new InteractionRefusedException($"<@{request.TargetId}>'s highest role is at or above yours, so you can't moderate them.");
        }
        var botRoles = (await MemberOrNullAsync(request.GuildId, bot.UserId, ct))?.Roles ?? [];
        if (targetTop >= guild.TopPosition(botRoles))
            throw new InteractionRefusedException($"<@{request.TargetId}>'s highest role is at or above mine; move my role above theirs to let me act.");
        return target;
    }

    private async Task<GuildMember?> MemberOrNullAsync(ulong guildId, ulong userId, CancellationToken ct)
    {
        try
        {
            return await rest.GetGuildMemberAsync(guildId, userId, ct);
        }
        catch (DiscordRestException ex) when (ex.Status == HttpStatusCode.NotFound)
        {
            return null;
        }
    }
}
