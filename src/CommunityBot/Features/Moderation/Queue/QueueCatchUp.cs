using CommunityBot.Configuration;
using CommunityBot.Discord.Gateway;
using CommunityBot.Discord.Rest;
using CommunityBot.Hosting;

namespace CommunityBot.Features.Moderation.Queue;

/// <summary>
/// Reactions put on open queue cards while the bot was away. Each open card's action reactions are read back; a
/// moderator's decision goes through <see cref="QueueReactionHandler"/> exactly as if it had arrived live (its atomic
/// claim makes it happen once), other people's reactions are removed as they would have been. Discord does not say in
/// which order reactions came, so when moderators chose different actions nothing is done: the card says so and waits
/// for a moderator to react again. A card whose action was claimed by a process that then died is finished first.
/// </summary>
public sealed class QueueCatchUp(
    ICommunityConfig config,
    QueueRepository queue,
    ModQueue cards,
    QueueReactionHandler live,
    MemberAccess access,
    IDiscordRestClient rest,
    BotIdentity bot) : ICatchUpStep
{
    public const string ConflictNote = "⚠️ While the bot was offline moderators reacted with different actions ({0}). Remove the wrong reaction, then react again.";

    public string Name => "mod-queue reactions";

    public async Task<int> RunAsync(CatchUpRequest request, CancellationToken ct)
    {
        if (config.Guild(request.GuildId) is not { } guild || guild.Section<ModerationSettings>() is not { } settings) return 0;
        var decided = 0;
        foreach (var card in await queue.AbandonedClaimsAsync(guild.GuildId, ct))
        {
            if (QueueReactions.FromDescription(card.Outcome) is not { } claimed || card.ActedBy is not { } moderatorId) continue;
            var roles = await RolesAsync(guild.GuildId, moderatorId, ct);
            await live.ActAsync(card, claimed, moderatorId, roles, settings, reaction: null, ct);
            decided++;
        }
        foreach (var card in await queue.OpenCardsAsync(guild.GuildId, ct))
        {
            var messageId = card.CardMessageId!.Value;
            var decisions = new List<(QueueAction Action, string Emoji, MessageReactionAddEvent Reaction)>();
            foreach (var (action, emoji) in QueueReactions.All(settings.Queue))
                foreach (var userId in await rest.ReactorsAsync(card.CardChannelId, messageId, emoji, bot.UserId, ct))
                {
                    if (await rest.AsReactionEventAsync(guild.GuildId, card.CardChannelId, messageId, userId, emoji, ct) is not { } reaction) continue;
                    if (await access.IsModeratorAsync(guild, userId, reaction.Member?.Roles ?? [], ct)) decisions.Add((action, emoji, reaction));
                    else await live.HandleAsync(reaction, ct); // removed and ignored, as it would have been live
                }

            var chosen = decisions.Select(d => d.Action).Distinct().ToList();
            if (chosen.Count == 1)
            {
                await live.HandleAsync(decisions[0].Reaction, ct);
                decided++;
            }
            else if (chosen.Count > 1)
            {
                await queue.SetNoteAsync(card.Id, string.Format(System.Globalization.CultureInfo.InvariantCulture, ConflictNote,
                    string.Join(" ", decisions.Select(d => d.Emoji).Distinct())), ct);
                await cards.RefreshAsync(card.Id, ct);
            }
        }
        return decided;
    }

    /// <summary>The moderator's current roles (for the hierarchy check), or none if they have left.</summary>
    private async Task<IReadOnlyList<ulong>> RolesAsync(ulong guildId, ulong userId, CancellationToken ct)
    {
        try
        {
            return (await rest.GetGuildMemberAsync(guildId, userId, ct)).Roles;
        }
        catch (DiscordRestException ex) when (ex.Code == DiscordRestException.UnknownMember)
        {
            return [];
        }
    }
}
